package dev.swarmops.gate;

import dev.swarmops.engine.Endpoint;

/** A view of a gate whose engine calls go to another engine: same record, same dry-run or apply. */
public final class RoutedGate extends ForwardingGate {

    private final Endpoint endpoint;

    public RoutedGate(Gate gate, Endpoint endpoint) {
        super(gate);
        this.endpoint = endpoint;
    }

    @Override
    public Outcome submit(Mutation m) {
        return inner.submit(m instanceof EngineCall call ? call.on(endpoint) : m);
    }
}
