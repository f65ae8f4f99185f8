package dev.swarmops.gate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An Engine API request: method, unversioned path with its query, and a JSON body whose
 * secret parts are {@link Sensitive} values (POJO nodes), revealed only when the gate sends it.
 */
public record ApiRequest(String method, String path, JsonNode body) {
    public static ApiRequest post(String path, JsonNode body) {
        return new ApiRequest("POST", path, body);
    }

    public static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path, null);
    }
}
