// <tandem-chart config='{"type":"bar","data":{...},"options":{...}}'>: a Chart.js chart whose whole
// configuration comes from the server as JSON. Re-rendered whenever the attribute changes.
import { Chart, registerables } from 'chart.js';

Chart.register(...registerables);

class TandemChart extends HTMLElement {
  static get observedAttributes() {
    return ['config'];
  }

  connectedCallback() {
    if (!this.canvas) {
      this.style.display = 'block';
      this.style.position = 'relative';
      this.canvas = document.createElement('canvas');
      this.appendChild(this.canvas);
    }
    this.render();
  }

  disconnectedCallback() {
    if (this.chart) {
      this.chart.destroy();
      this.chart = null;
    }
  }

  attributeChangedCallback() {
    this.render();
  }

  render() {
    if (!this.canvas || !this.isConnected) {
      return;
    }
    const text = this.getAttribute('config');
    if (!text) {
      return;
    }
    const config = JSON.parse(text);
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    if (this.chart) {
      this.chart.destroy();
    }
    this.chart = new Chart(this.canvas, config);
    this.setAttribute('rendered', 'true');
  }
}

customElements.define('tandem-chart', TandemChart);
