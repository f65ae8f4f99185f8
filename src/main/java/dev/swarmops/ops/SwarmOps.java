package dev.swarmops.ops;

import dev.swarmops.engine.Engine;
import dev.swarmops.gate.Gate;

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
                new LiveRefs(engine, gate, networks, Map.of("secret", secrets, "config", configs)));
        this.jobs = new Jobs(engine, gate, services, nodes, networks);
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
}
