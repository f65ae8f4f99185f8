package dev.swarmops.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** What became of a mutation at the gate: planned only, or applied with the engine's answer. */
public record Outcome(Mutation mutation, boolean applied, JsonNode response) {

    static Outcome planned(Mutation m) {
        return new Outcome(m, false, MissingNode.getInstance());
    }

    /** The id the engine gave a created object, if it answered with one. */
    public String createdId() {
        return response.path("ID").asText(response.path("Id").asText(""));
    }
}
