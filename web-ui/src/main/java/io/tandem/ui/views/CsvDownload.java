package io.tandem.ui.views;

import io.tandem.platform.SpreadsheetCsv;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.server.StreamResource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** A "Download CSV" link for a table on the dashboard, built from the rows shown. */
final class CsvDownload {

    private CsvDownload() {
    }

    static Anchor link(String fileName, List<String> header, Supplier<List<List<Object>>> rows) {
        StreamResource resource = new StreamResource(fileName, () -> new ByteArrayInputStream(csv(header, rows.get()).getBytes(StandardCharsets.UTF_8)));
        resource.setContentType("text/csv");
        Anchor anchor = new Anchor(resource, "Download CSV");
        anchor.getElement().setAttribute("download", true);
        return anchor;
    }

    static String csv(List<String> header, List<List<Object>> rows) {
        StringBuilder sb = new StringBuilder(SpreadsheetCsv.row(header));
        rows.forEach(r -> sb.append(SpreadsheetCsv.row(r)));
        return sb.toString();
    }
}
