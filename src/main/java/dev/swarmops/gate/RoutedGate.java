package dev.swarmops.gate;

import dev.swarmops.engine.Endpoint;

import java.util.List;

/** A view of a gate whose engine calls go to another engine: same record, same dry-run or apply. */
public final class RoutedGate implements Gate {

    private final Gate gate;
    private final Endpoint endpoint;

    public RoutedGate(Gate gate, Endpoint endpoint) {
        this.gate = gate;
        this.endpoint = endpoint;
    }

    @Override
    public Outcome submit(Mutation m) {
        return gate.submit(m instanceof EngineCall call ? call.on(endpoint) : m);
    }

    @Override
    public List<Outcome> outcomes() {
        return gate.outcomes();
    }

    @Override
    public boolean applies() {
        return gate.applies();
    }
}
