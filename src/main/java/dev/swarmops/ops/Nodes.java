package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.ApiRequest;
import dev.swarmops.gate.Change;
import dev.swarmops.gate.CliLine;
import dev.swarmops.gate.EngineCall;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Outcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Swarm nodes: list, inspect, labels, availability, removal. */
public final class Nodes {

    private final Engine engine;
    private final Gate gate;

    Nodes(Engine engine, Gate gate) {
        this.engine = engine;
        this.gate = gate;
    }

    /** All nodes, managers first, then by hostname. */
    public List<NodeInfo> list() {
        List<NodeInfo> out = new ArrayList<>();
        engine.get("/nodes").forEach(n -> out.add(NodeInfo.of(n)));
        out.sort(Comparator.comparing((NodeInfo n) -> !"manager".equals(n.role())).thenComparing(NodeInfo::hostname));
        return out;
    }

    public NodeInfo get(String ref) {
        return NodeRef.resolve(ref, list());
    }

    /** This engine's own node; in a dry-run that plans swarm init, the node it is about to become. */
    public NodeInfo self() {
        JsonNode info = engine.get("/info");
        String id = info.path("Swarm").path("NodeID").asText();
        if (!id.isEmpty()) {
            return NodeInfo.of(engine.get("/nodes/" + id));
        }
        if (!PlannedSwarm.initPlanned(gate)) {
            throw new Swarm.NotInSwarmException("this engine is not in a swarm, so it has no node to act on");
        }
        return NodeInfo.planned(info.path("Name").asText("this-node"), "manager");
    }

    /** Set a label; empty when the node already carries that exact value. */
    public Optional<Outcome> label(String ref, String key, String value) {
        return label(get(ref), key, value);
    }

    public Optional<Outcome> label(NodeInfo n, String key, String value) {
        if (value.equals(n.labels().get(key))) {
            return Optional.empty();
        }
        String old = n.labels().get(key);
        ObjectNode spec = n.raw().path("Spec").deepCopy();
        spec.with("Labels").put(key, value);
        return Optional.of(update(n, spec, "node.label", CliLine.docker("node", "update", "--label-add", key + "=" + value, n.hostname()),
                List.of("label " + key + ": " + (old == null ? "(none)" : old) + " → " + value)));
    }

    /** Remove a label; empty when the node does not carry it. */
    public Optional<Outcome> unlabel(String ref, String key) {
        NodeInfo n = get(ref);
        if (!n.labels().containsKey(key)) {
            return Optional.empty();
        }
        ObjectNode spec = n.raw().path("Spec").deepCopy();
        spec.with("Labels").remove(key);
        return Optional.of(update(n, spec, "node.unlabel", CliLine.docker("node", "update", "--label-rm", key, n.hostname()),
                List.of("label " + key + ": " + n.labels().get(key) + " → (none)")));
    }

    /** Set availability (active, pause, drain); empty when already so. */
    public Optional<Outcome> availability(String ref, String availability) {
        if (!List.of("active", "pause", "drain").contains(availability)) {
            throw new BadInputException("availability: '" + availability + "' is not one of active, pause, drain");
        }
        NodeInfo n = get(ref);
        if (Objects.equals(n.availability(), availability)) {
            return Optional.empty();
        }
        ObjectNode spec = n.raw().path("Spec").deepCopy();
        spec.put("Availability", availability);
        return Optional.of(update(n, spec, "node.availability",
                CliLine.docker("node", "update", "--availability", availability, n.hostname()),
                List.of("availability: " + n.availability() + " → " + availability)));
    }

    /** Promote to {@code manager} or demote to {@code worker}; empty when it already has that role. */
    public Optional<Outcome> role(String ref, String role) {
        if (!List.of("manager", "worker").contains(role)) {
            throw new BadInputException("role: '" + role + "' is not manager or worker");
        }
        NodeInfo n = get(ref);
        if (n.role().equals(role)) {
            return Optional.empty();
        }
        ObjectNode spec = n.raw().path("Spec").deepCopy();
        spec.put("Role", role);
        return Optional.of(update(n, spec, "node.role", CliLine.docker("node", role.equals("manager") ? "promote" : "demote", n.hostname()),
                List.of("role: " + n.role() + " → " + role)));
    }

    /** Tasks the swarm still wants running on this node. */
    public List<TaskInfo> runningTasks(NodeInfo n) {
        List<TaskInfo> out = new ArrayList<>();
        engine.get("/tasks" + Paths.filters(java.util.Map.of("node", n.id(), "desired-state", "running")))
                .forEach(t -> out.add(TaskInfo.of(t)));
        return out;
    }

    public Outcome remove(String ref, boolean force) {
        NodeInfo n = get(ref);
        return gate.submit(new EngineCall("node.remove", n.hostname(), Change.DELETE,
                ApiRequest.delete("/nodes/" + n.id() + (force ? "?force=true" : "")),
                CliLine.docker("node", "rm").flag("--force", force).add(n.hostname()).build()));
    }

    private Outcome update(NodeInfo n, JsonNode spec, String kind, CliLine.Builder cli, List<String> diff) {
        return gate.submit(new EngineCall(kind, n.hostname(), Change.UPDATE,
                ApiRequest.post("/nodes/" + n.id() + "/update?version=" + n.version(), spec), cli.build(), diff));
    }
}
