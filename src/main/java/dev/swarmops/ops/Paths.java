package dev.swarmops.ops;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Engine API path pieces: escaped names and {@code filters} queries. */
final class Paths {

    private Paths() {
    }

    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?filters={"name":["x"]}}, escaped. */
    static String filter(String key, String value) {
        return filters(java.util.Map.of(key, value));
    }

    /** {@code ?filters={"service":["a","b"]}}: one key, any of the values, escaped. */
    static String filterAny(String key, java.util.Collection<String> values) {
        com.fasterxml.jackson.databind.node.ObjectNode o = dev.swarmops.engine.Engine.JSON.createObjectNode();
        values.forEach(o.putArray(key)::add);
        return "?filters=" + URLEncoder.encode(o.toString(), StandardCharsets.UTF_8);
    }

    /** {@code ?filters={"node":["id"],"desired-state":["running"]}}: each key with one value, escaped. */
    static String filters(java.util.Map<String, String> keyValues) {
        com.fasterxml.jackson.databind.node.ObjectNode o = dev.swarmops.engine.Engine.JSON.createObjectNode();
        keyValues.forEach((k, v) -> o.putArray(k).add(v));
        return "?filters=" + URLEncoder.encode(o.toString(), StandardCharsets.UTF_8);
    }
}
