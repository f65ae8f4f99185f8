package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;

/** One task of a service: where it runs, what state it is in, and why. */
public record TaskInfo(String id, String serviceId, String nodeId, int slot, String state, String desiredState,
                       String message, String error, Integer exitCode, String timestamp, String containerId, JsonNode raw) {

    public static TaskInfo of(JsonNode t) {
        JsonNode st = t.path("Status");
        JsonNode cs = st.path("ContainerStatus");
        return new TaskInfo(t.path("ID").asText(), t.path("ServiceID").asText(), t.path("NodeID").asText(),
                t.path("Slot").asInt(), st.path("State").asText(), t.path("DesiredState").asText(), st.path("Message").asText(),
                st.path("Err").asText(), cs.has("ExitCode") ? cs.path("ExitCode").asInt() : null, st.path("Timestamp").asText(),
                cs.path("ContainerID").asText(), t);
    }

    /** Finished for good: it will not run again. */
    public boolean terminal() {
        return switch (state) {
            case "complete", "failed", "shutdown", "rejected", "orphaned", "remove" -> true;
            default -> false;
        };
    }

    /** What the engine says is wrong, e.g. "no suitable node (insufficient resources on 2 nodes)". */
    public String problem() {
        return error.isEmpty() ? message : error;
    }
}
