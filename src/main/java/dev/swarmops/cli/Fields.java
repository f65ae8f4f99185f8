package dev.swarmops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command's {@code --format} can name, in order: docker's field names where docker shows
 * the same thing, each with its table header and how it is read off one item. A row is a JSON
 * object, so {@code {{json .}}} and {@code --format json} print exactly the fields listed.
 *
 * <pre>{@code new Fields<NodeInfo>("worker list").add("ID", "ID", NodeInfo::id).add("Hostname", "HOSTNAME", NodeInfo::hostname)}</pre>
 */
final class Fields<T> {

    private record Field<T>(String header, Function<T, Object> value) {
    }

    private final String command;
    private final Map<String, Field<T>> fields = new LinkedHashMap<>();

    Fields(String command) {
        this.command = command;
    }

    /** A field whose value is a String, a number, a Boolean, a {@code Map<String, ?>}, a JsonNode or null. */
    Fields<T> add(String name, String header, Function<T, Object> value) {
        fields.put(name, new Field<>(header, value));
        return this;
    }

    String command() {
        return command;
    }

    List<String> names() {
        return List.copyOf(fields.keySet());
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    String header(String name) {
        return fields.get(name).header();
    }

    ObjectNode row(T item) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        fields.forEach((name, f) -> o.set(name, json(f.value().apply(item))));
        return o;
    }

    private static JsonNode json(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof JsonNode n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            m.forEach((k, e) -> o.set(k.toString(), json(e)));
            return o;
        }
        return f.textNode(v.toString());
    }

    /** Docker's spelling of an engine state in its tables: {@code ready} → {@code Ready}. */
    static String pretty(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
