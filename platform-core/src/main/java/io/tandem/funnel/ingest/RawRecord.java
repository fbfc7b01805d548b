package io.tandem.funnel.ingest;

import java.util.Map;

/**
 * One record as it arrived, field name to text, before validation.
 *
 * @param line where it came from: the CSV line number, or the position in a JSON batch (starting at 1)
 */
public record RawRecord(long line, Map<String, String> values) {
}
