package dev.swarmops.gate;

import java.util.List;

/** A gate in front of another: it decides what to submit, the inner gate records and executes. */
public abstract class ForwardingGate implements Gate {

    protected final Gate inner;

    protected ForwardingGate(Gate inner) {
        this.inner = inner;
    }

    @Override
    public List<Outcome> outcomes() {
        return inner.outcomes();
    }

    @Override
    public boolean applies() {
        return inner.applies();
    }
}
