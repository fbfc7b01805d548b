package io.tandem.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bad inputs a careless user or an attacker sends, generated from a valid body: broken bodies as
 * a whole, and each field in turn replaced by a NUL byte, an overlong text, a huge, negative or
 * non-finite number, the wrong type, deep nesting or a date no calendar has.
 */
final class Mutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Mutant(String description, byte[] body) {
    }

    private Mutations() {
    }

    /** Whole bodies that are wrong whatever the route expects. */
    static List<Mutant> wholeBodies() {
        List<Mutant> list = new ArrayList<>();
        list.add(text("malformed JSON", "{\"a\": "));
        list.add(text("array instead of object", "[1, 2, 3]"));
        list.add(text("object instead of array", "{\"a\": 1}"));
        list.add(text("bare string", "\"text\""));
        list.add(text("bare number", "1e400"));
        list.add(text("null", "null"));
        list.add(text("empty", ""));
        list.add(text("deep nesting", "[".repeat(100_000) + "]".repeat(100_000)));
        list.add(text("deep object nesting", "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)));
        list.add(new Mutant("raw NUL bytes", new byte[]{'{', '"', 'a', '"', ':', '"', 0, 0, '"', '}'}));
        list.add(new Mutant("invalid UTF-8", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'}));
        list.add(text("duplicate keys", "{\"a\":1,\"a\":2}"));
        return list;
    }

    /** Values that replace one field at a time. */
    static Map<String, JsonNode> badValues() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("NUL in text", NODES.textNode("a\u0000b"));
        values.put("overlong text", NODES.textNode("x".repeat(100_000)));
        values.put("empty text", NODES.textNode(""));
        values.put("huge number", NODES.numberNode(new java.math.BigDecimal("1e400")));
        values.put("tiny number", NODES.numberNode(new java.math.BigDecimal("1e-320")));
        values.put("negative number", NODES.numberNode(-1e300));
        values.put("huge integer", NODES.numberNode(new java.math.BigInteger("99999999999999999999999")));
        values.put("NaN text", NODES.textNode("NaN"));
        values.put("Infinity text", NODES.textNode("-Infinity"));
        values.put("object", NODES.objectNode().put("x", 1));
        values.put("array", NODES.arrayNode().add(1).add("two"));
        values.put("boolean", NODES.booleanNode(true));
        values.put("yes for a boolean", NODES.textNode("yes"));
        values.put("null", NODES.nullNode());
        values.put("bad date", NODES.textNode("2025-13-45T99:00:00Z"));
        values.put("far date", NODES.textNode("+999999999-12-31T00:00:00Z"));
        values.put("markup", NODES.textNode("<script>alert(1)</script>=HYPERLINK(\"http://evil.example\")"));
        values.put("not a uuid", NODES.textNode("'; DROP TABLE lead; --"));
        return values;
    }

    /** The valid body with one field (top level, or one level into objects and the first array element) replaced. */
    static List<Mutant> perField(String validJson) {
        JsonNode valid = parse(validJson);
        List<Mutant> list = new ArrayList<>();
        for (List<Object> path : paths(valid, new ArrayList<>(), 0)) {
            for (Map.Entry<String, JsonNode> bad : badValues().entrySet()) {
                JsonNode copy = valid.deepCopy();
                replace(copy, path, bad.getValue());
                list.add(new Mutant(path + " = " + bad.getKey(), copy.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return list;
    }

    private static List<List<Object>> paths(JsonNode node, List<Object> prefix, int depth) {
        List<List<Object>> paths = new ArrayList<>();
        if (depth > 3) {
            return paths;
        }
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                List<Object> path = new ArrayList<>(prefix);
                path.add(name);
                paths.add(path);
                paths.addAll(paths(object.get(name), path, depth + 1));
            });
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(0);
            if (!prefix.isEmpty()) {
                paths.add(path);
            }
            paths.addAll(paths(array.get(0), path, depth + 1));
        }
        return paths;
    }

    private static void replace(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Mutant text(String description, String body) {
        return new Mutant(description, body.getBytes(StandardCharsets.UTF_8));
    }
}
