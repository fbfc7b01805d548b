package io.tandem.ui.views;

import io.tandem.metrics.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Figures for reading: compact money with its symbol, separators in counts, changes in percent or points. */
class TileFormatTest {

    @Test
    void moneyIsCompactWithItsSymbolAndExactInTheTooltip() {
        assertThat(TileFormat.compact(new Money("13104233.55", "USD"))).isEqualTo("$13.1M");
        assertThat(TileFormat.compact(new Money("842317.00", "EUR"))).isEqualTo("€842K");
        assertThat(TileFormat.compact(new Money("9500.40", "USD"))).isEqualTo("$9,500");
        assertThat(TileFormat.compact(new Money("146.67", "GBP"))).isEqualTo("£146.67");
        assertThat(TileFormat.compact(new Money("-25000.00", "USD"))).isEqualTo("-$25.0K");
        assertThat(TileFormat.compact(new Money("2500000000.00", "CHF"))).isEqualTo("2.5B CHF");
        assertThat(TileFormat.exact("spend", new Money("13104233.55", "USD"))).isEqualTo("13,104,233.55 USD");
    }

    @Test
    void countsSharesAndDurations() {
        assertThat(TileFormat.value("handoffs", 8043L)).isEqualTo("8,043");
        assertThat(TileFormat.value("winRate", 0.2345)).isEqualTo("23.5 %");
        assertThat(TileFormat.value("salesCycleDays", 1234.56)).isEqualTo("1,234.6 days");
        assertThat(TileFormat.value("cac", null)).isEqualTo("—");
    }

    @Test
    void changesAreRelativeForAmountsAndInPointsForShares() {
        assertThat(TileFormat.change("spend", new Money("1100.00", "USD"), new Money("1000.00", "USD"))).isEqualTo("▲ 10.0 %");
        assertThat(TileFormat.change("handoffs", 90L, 100L)).isEqualTo("▼ 10.0 %");
        assertThat(TileFormat.change("winRate", 0.25, 0.30)).isEqualTo("▼ 5.0 pts");
        assertThat(TileFormat.change("handoffs", 5L, 0L)).as("nothing to compare with").isNull();
        assertThat(TileFormat.change("handoffs", 0L, 0L)).isEqualTo("= 0 %");
        assertThat(TileFormat.change("cac", null, new Money("1.00", "USD"))).isNull();
    }
}
