package io.tandem.connector.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for connectors (since SPI 1.1.0), so a plugin needs no library of its own: {@link #parse}
 * reads a document into plain Java values — objects as {@code Map<String, Object>} (in document
 * order), arrays as {@code List<Object>}, strings, numbers as {@link BigDecimal} (exact: money and
 * ids keep every digit), booleans and {@code null} — and {@link #write} writes such values back.
 * Vendors' answers are input like any other: a malformed document is a {@link ConnectorFailure} that
 * says where it broke.
 */
public final class Json {

    private static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The value the document holds. */
    public static Object parse(String document) {
        if (document == null) {
            throw new ConnectorFailure("An empty answer where JSON was expected.", null);
        }
        Json reader = new Json(document);
        reader.space();
        Object value = reader.value(0);
        reader.space();
        if (reader.pos != document.length()) {
            throw reader.broken("unexpected text after the document");
        }
        return value;
    }

    /** The document's top-level object; a {@link ConnectorFailure} when it is anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String document) {
        Object value = parse(document);
        if (!(value instanceof Map)) {
            throw new ConnectorFailure("A JSON object was expected, not " + describe(value) + ".", null);
        }
        return (Map<String, Object>) value;
    }

    /** A member that is an object (empty when absent or null). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> parent, String name) {
        Object value = parent.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new ConnectorFailure("'" + name + "' should be an object, not " + describe(value) + ".", null);
        }
        return (Map<String, Object>) value;
    }

    /** A member that is an array of objects (empty when absent or null). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> parent, String name) {
        Object value = parent.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new ConnectorFailure("'" + name + "' should be an array, not " + describe(value) + ".", null);
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object item : (List<Object>) value) {
            if (!(item instanceof Map)) {
                throw new ConnectorFailure("'" + name + "' should hold objects, not " + describe(item) + ".", null);
            }
            objects.add((Map<String, Object>) item);
        }
        return objects;
    }

    /** A member as text: strings as they are, numbers and booleans written out, null when absent or null. */
    public static String text(Map<String, Object> parent, String name) {
        Object value = parent.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof Map || value instanceof List) {
            throw new ConnectorFailure("'" + name + "' should be a plain value, not " + describe(value) + ".", null);
        }
        return value.toString();
    }

    /** Writes maps, lists, strings, numbers, booleans and nulls as JSON. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                quote(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                out.append(first ? "" : ",");
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("JSON cannot hold a " + value.getClass().getSimpleName());
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw broken("nested too deep");
        }
        if (pos >= text.length()) {
            throw broken("the document ends where a value should be");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw broken("unexpected '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        space();
        if (peek('}')) {
            pos++;
            return members;
        }
        while (true) {
            space();
            if (!peek('"')) {
                throw broken("a member name in quotes was expected");
            }
            String name = string();
            space();
            expect(':');
            space();
            members.put(name, value(depth + 1));
            space();
            if (peek(',')) {
                pos++;
            } else if (peek('}')) {
                pos++;
                return members;
            } else {
                throw broken("',' or '}' was expected");
            }
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> items = new ArrayList<>();
        space();
        if (peek(']')) {
            pos++;
            return Collections.unmodifiableList(items);
        }
        while (true) {
            space();
            items.add(value(depth + 1));
            space();
            if (peek(',')) {
                pos++;
            } else if (peek(']')) {
                pos++;
                return Collections.unmodifiableList(items);
            } else {
                throw broken("',' or ']' was expected");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw broken("a string is not closed");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw broken("a string is not closed");
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw broken("a \\u escape needs four hex digits");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException e) {
                        throw broken("a \\u escape needs four hex digits");
                    }
                    pos += 4;
                }
                default -> throw broken("unknown escape \\" + escaped);
            }
        }
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw broken("not a number");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw broken("unexpected '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw broken("'" + c + "' was expected");
        }
        pos++;
    }

    private ConnectorFailure broken(String what) {
        return new ConnectorFailure("The answer is not valid JSON: " + what + " at character " + (pos + 1) + ".", null);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof String ? "a string" : value instanceof BigDecimal ? "a number" : "a boolean";
    }
}
