package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A swarm node as operators read it, lifted from the Engine's node object. */
public record NodeInfo(String id, String hostname, String role, String availability, String status, String addr,
                       String engineVersion, String managerStatus, Map<String, String> labels,
                       Map<String, Integer> genericResources, JsonNode raw) {

    public static final String WORKLOAD_LABEL = "platform.workload";

    public static NodeInfo of(JsonNode n) {
        Map<String, String> labels = new TreeMap<>();
        n.path("Spec").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        Map<String, Integer> resources = new LinkedHashMap<>();
        for (JsonNode r : n.path("Description").path("Resources").path("GenericResources")) {
            JsonNode named = r.path("NamedResourceSpec");
            if (!named.isMissingNode()) {
                resources.merge(named.path("Kind").asText(), 1, Integer::sum);
            }
            JsonNode discrete = r.path("DiscreteResourceSpec");
            if (!discrete.isMissingNode()) {
                resources.merge(discrete.path("Kind").asText(), discrete.path("Value").asInt(), Integer::sum);
            }
        }
        JsonNode ms = n.path("ManagerStatus");
        String manager = ms.isMissingNode() ? "" : ms.path("Leader").asBoolean() ? "leader" : ms.path("Reachability").asText();
        return new NodeInfo(n.path("ID").asText(), n.path("Description").path("Hostname").asText(),
                n.path("Spec").path("Role").asText(), n.path("Spec").path("Availability").asText(),
                n.path("Status").path("State").asText(), n.path("Status").path("Addr").asText(),
                n.path("Description").path("Engine").path("EngineVersion").asText(), manager,
                Map.copyOf(labels), Map.copyOf(resources), n);
    }

    /** A node a plan is about to create (swarm init or join): known by hostname only. */
    public static NodeInfo planned(String hostname, String role) {
        com.fasterxml.jackson.databind.node.ObjectNode n = dev.swarmops.engine.Engine.JSON.createObjectNode();
        n.put("ID", "<id of node " + hostname + ">");
        n.putObject("Description").put("Hostname", hostname);
        n.putObject("Spec").put("Role", role).put("Availability", "active");
        return of(n);
    }

    /** A manager the leader reaches (the leader itself included). */
    public boolean managerReachable() {
        return managerStatus.equals("leader") || managerStatus.equals("reachable");
    }

    public String workload() {
        return labels.getOrDefault(WORKLOAD_LABEL, "");
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** {@code NVIDIA-GPU×2}, comma-separated, or empty. */
    public String resourcesText() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(genericResources).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('×').append(v));
        return sb.toString();
    }

    public long version() {
        return raw.path("Version").path("Index").asLong();
    }
}
