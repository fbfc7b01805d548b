package io.tandem.ui.charts;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/**
 * A chart drawn in the browser by Chart.js (free, MIT), configured entirely from the server: the
 * view builds the Chart.js configuration and hands it over as JSON.
 */
@Tag("tandem-chart")
@NpmPackage(value = "chart.js", version = "4.5.1")
@JsModule("./tandem-chart.js")
public class ChartJs extends Component implements HasSize {

    private String configuration = "";

    public ChartJs() {
        setHeight("20em");
        setWidthFull();
        setMaxWidth("64em");
    }

    public void setConfiguration(String chartJsJson) {
        this.configuration = chartJsJson;
        getElement().setAttribute("config", chartJsJson);
    }

    /** The configuration last sent to the browser (tests read it). */
    public String getConfiguration() {
        return configuration;
    }
}
