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
        String json = "{\"" + key + "\":[\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}";
        return "?filters=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
