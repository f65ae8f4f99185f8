package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;

import dev.swarmops.engine.Engine;
import dev.swarmops.gate.Gate;

import java.util.List;
import java.util.Map;

/**
 * The Swarm primitives over one engine and one gate. Reads go straight to the engine; every
 * mutation is a value handed to the gate.
 *
 * <pre>{@code
 * SwarmOps ops = new SwarmOps(engine, new DryRunGate(listener));
 * ops.nodes().label("gpu-1", NodeInfo.WORKLOAD_LABEL, "gpu");   // recorded, not applied
 * }</pre>
 */
public final class SwarmOps {

    private final Engine engine;
    private final Gate gate;
    private final Swarm swarm;
    private final Nodes nodes;
    private final Networks networks;
    private final DataObjects secrets;
    private final DataObjects configs;
    private final Services services;
    private final Jobs jobs;

    public SwarmOps(Engine engine, Gate gate) {
        this.engine = engine;
        this.gate = gate;
        this.swarm = new Swarm(engine, gate);
        this.nodes = new Nodes(engine, gate);
        this.networks = new Networks(engine, gate);
        this.secrets = new DataObjects(engine, gate, "secret");
        this.configs = new DataObjects(engine, gate, "config");
        this.services = new Services(engine, gate,
                new LiveRefs(engine, networks, Map.of("secret", secrets, "config", configs)));
        this.jobs = new Jobs(engine, services, nodes);
    }

    public Jobs jobs() {
        return jobs;
    }

    public Engine engine() {
        return engine;
    }

    public Gate gate() {
        return gate;
    }

    public Swarm swarm() {
        return swarm;
    }

    public Nodes nodes() {
        return nodes;
    }

    public Networks networks() {
        return networks;
    }

    public DataObjects secrets() {
        return secrets;
    }

    public DataObjects configs() {
        return configs;
    }

    public Services services() {
        return services;
    }

    /**
     * The engine's swarm as a plan saw it: the cluster, and every service, secret, config and
     * node with its version, every swarm network by id. A saved plan carries it; applying it
     * against anything else is refused (Terraform's stale-plan check).
     */
    public String fingerprint() {
        List<String> lines = new java.util.ArrayList<>();
        JsonNode swarm = engine.get("/info").path("Swarm");
        lines.add("swarm " + swarm.path("Cluster").path("ID").asText("none") + " " + swarm.path("LocalNodeState").asText());
        if (swarm.path("ControlAvailable").asBoolean()) {
            for (String kind : List.of("services", "secrets", "configs", "nodes")) {
                engine.get("/" + kind).forEach(o -> lines.add(kind + " " + o.path("ID").asText() + " " + o.path("Version").path("Index").asLong()));
            }
            engine.get("/networks").forEach(n -> {
                if (n.path("Scope").asText().equals("swarm")) {
                    lines.add("network " + n.path("Id").asText() + " " + n.path("Name").asText());
                }
            });
        }
        java.util.Collections.sort(lines);
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
