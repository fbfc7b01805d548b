package io.tandem.funnel.ingest;

import io.micronaut.json.tree.JsonNode;
import io.tandem.platform.ProblemException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON ingestion body as raw records: an array of flat objects whose values are strings, numbers or
 * booleans (the same fields as the CSV columns). A body of the wrong shape is refused whole, with
 * every shape problem by position; field values are checked per record later, by the mappers.
 */
public final class JsonRecords {

    public static final int MAX_RECORDS = 10_000;

    private JsonRecords() {
    }

    public static List<RawRecord> of(RecordType type, JsonNode body) {
        if (body == null || !body.isArray()) {
            throw ProblemException.invalid("The body must be a JSON array of " + type.pathName() + " records.");
        }
        if (body.size() > MAX_RECORDS) {
            throw ProblemException.invalid("At most " + MAX_RECORDS + " records per request; use a CSV import for more.");
        }
        List<RawRecord> records = new ArrayList<>();
        List<String> shapeProblems = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            if (!item.isObject()) {
                shapeProblems.add("record " + (i + 1) + " is not a JSON object");
                continue;
            }
            records.add(new RawRecord(i + 1, fields(item, i + 1, shapeProblems)));
        }
        if (!shapeProblems.isEmpty()) {
            throw ProblemException.invalid(String.join("; ", shapeProblems.subList(0, Math.min(shapeProblems.size(), 100))));
        }
        return records;
    }

    private static Map<String, String> fields(JsonNode object, int position, List<String> problems) {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : object.entries()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (value.isString()) {
                values.put(field.getKey(), value.getStringValue());
            } else if (value.isNumber()) {
                values.put(field.getKey(), value.getNumberValue().toString());
            } else if (value.isBoolean()) {
                values.put(field.getKey(), Boolean.toString(value.getBooleanValue()));
            } else {
                problems.add("record " + position + ": field " + field.getKey() + " must be a string, number or boolean");
            }
        }
        return values;
    }
}
