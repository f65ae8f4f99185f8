package dev.swarmops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --format}: the part of the docker CLI's Go templates that scripts use, written by hand
 * (no Go template engine for Java is worth its weight on a read-only command's start-up):
 * {@code {{.Field}}}, {@code {{.Field.Key}}} into an object field, {@code {{json .}}},
 * {@code {{json .Field}}}, literal text with {@code \t} and {@code \n}, the {@code table} prefix
 * (aligned columns under a header from the fields' headers; {@code table} alone is the command's
 * own table) and {@code json} (one object per line). An unknown field or any other action is
 * refused before the engine is asked.
 *
 * <pre>{@code Format.parse("table {{.Hostname}}\t{{.Status}}", WorkerList.FIELDS).render(nodes)}</pre>
 */
final class Format<T> {

    private enum Mode { TEXT, TABLE, JSON }

    private sealed interface Part permits Text, Value {
    }

    private record Text(String text) implements Part {
    }

    /** {@code {{.A.B}}} or {@code {{json .A.B}}}; an empty path is the whole row. */
    private record Value(List<String> path, boolean json) implements Part {
    }

    private static final String SUPPORTED = "{{.Field}}, {{json .}}, {{json .Field}}, literal text and \\t, "
            + "after 'table' for columns, or 'json'";

    private final Fields<T> fields;
    private final Mode mode;
    private final List<Part> parts;

    private Format(Fields<T> fields, Mode mode, List<Part> parts) {
        this.fields = fields;
        this.mode = mode;
        this.parts = parts;
    }

    /** The template, or null when it asks for the command's own view ({@code table} alone, or empty). */
    static <T> Format<T> parse(String template, Fields<T> fields) {
        String s = template.strip();
        if (s.equals("json")) {
            return new Format<>(fields, Mode.JSON, List.of());
        }
        Mode mode = Mode.TEXT;
        if (s.startsWith("table")) {
            mode = Mode.TABLE;
            s = s.substring("table".length()).strip();
        }
        if (s.isEmpty()) {
            return null;
        }
        // as docker does: the two characters \t and \n in the argument are a tab and a newline
        s = s.replace("\\t", "\t").replace("\\n", "\n");
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("{{", i);
            if (open < 0) {
                parts.add(new Text(s.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Text(s.substring(i, open)));
            }
            int close = s.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("--format: '{{' without '}}' in '" + template + "'");
            }
            parts.add(action(s.substring(open + 2, close), fields));
            i = close + 2;
        }
        return new Format<>(fields, mode, parts);
    }

    private static Value action(String action, Fields<?> fields) {
        String expr = action.strip();
        boolean json = expr.startsWith("json ");
        if (json) {
            expr = expr.substring("json ".length()).strip();
        }
        if (expr.equals(".")) {
            return new Value(List.of(), json);
        }
        List<String> path = List.of(expr.substring(Math.min(1, expr.length())).split("\\.", -1));
        if (!expr.startsWith(".") || path.stream().anyMatch(p -> p.isEmpty() || !p.chars().allMatch(Character::isLetterOrDigit))) {
            throw new IllegalArgumentException("--format: {{" + action + "}} is not supported (swarmops takes " + SUPPORTED + ")");
        }
        if (!fields.has(path.get(0))) {
            throw new IllegalArgumentException("--format: unknown field ." + path.get(0) + " for " + fields.command()
                    + " (fields: " + String.join(", ", fields.names()) + ")");
        }
        return new Value(path, json);
    }

    /** The lines to print for these items: one per item, and a header first for a table. */
    List<String> render(List<T> items) {
        List<ObjectNode> rows = items.stream().map(fields::row).toList();
        if (mode == Mode.JSON) {
            return rows.stream().map(ObjectNode::toString).toList();
        }
        List<String> texts = rows.stream().map(this::line).toList();
        if (mode == Mode.TEXT) {
            return texts;
        }
        StringBuilder header = new StringBuilder();
        for (Part p : parts) {
            header.append(p instanceof Text t ? t.text() : header(((Value) p).path()));
        }
        return Table.lines(header.toString().split("\t", -1), texts.stream().map(t -> t.split("\t", -1)).toArray(String[][]::new));
    }

    void print(Console c, List<T> items) {
        render(items).forEach(c::println);
    }

    private String line(ObjectNode row) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                sb.append(t.text());
            } else {
                Value v = (Value) p;
                JsonNode n = row;
                for (String key : v.path()) {
                    n = n.path(key);
                }
                sb.append(v.json() ? json(n) : text(n));
            }
        }
        return sb.toString();
    }

    /** A value as text: strings bare, nothing as empty, objects and lists as JSON (where Go prints map[…]). */
    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString();
    }

    private static String json(JsonNode n) {
        return n.isMissingNode() ? "null" : n.toString();
    }

    private String header(List<String> path) {
        return path.isEmpty() ? "" : path.size() == 1 ? fields.header(path.get(0)) : path.get(path.size() - 1).toUpperCase();
    }
}
