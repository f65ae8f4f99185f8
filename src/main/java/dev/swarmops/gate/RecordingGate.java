package dev.swarmops.gate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared bookkeeping of both gates: the ordered record of what passed. */
abstract class RecordingGate implements Gate {

    protected final GateListener listener;
    private final List<Outcome> outcomes = new ArrayList<>();

    RecordingGate(GateListener listener) {
        this.listener = listener;
    }

    protected Outcome record(Outcome o) {
        outcomes.add(o);
        return o;
    }

    @Override
    public List<Outcome> outcomes() {
        return Collections.unmodifiableList(outcomes);
    }
}
