package dev.swarmops.gate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * An Engine API request: method, unversioned path with its query, a JSON body whose secret parts
 * are {@link Sensitive} values (POJO nodes), and headers that carry only secrets (registry
 * credentials as {@code X-Registry-Auth}); all revealed only when the gate sends it.
 */
public record ApiRequest(String method, String path, JsonNode body, Map<String, Sensitive> headers) {

    public ApiRequest {
        headers = Map.copyOf(headers);
    }

    public ApiRequest(String method, String path, JsonNode body) {
        this(method, path, body, Map.of());
    }

    public static ApiRequest post(String path, JsonNode body) {
        return new ApiRequest("POST", path, body);
    }

    public static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path, null);
    }

    /** The same request with a secret header, e.g. {@code X-Registry-Auth}. */
    public ApiRequest withHeader(String name, Sensitive value) {
        Map<String, Sensitive> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiRequest(method, path, body, h);
    }
}
