package dev.swarmops.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds mutations instead of executing them (the shell's safe default): a dry-run whose record
 * can be taken away, to be applied later through an {@link ApplyGate} or discarded.
 */
public final class QueueGate implements Gate {

    private final GateListener listener;
    private final List<Outcome> queued = new ArrayList<>();

    public QueueGate(GateListener listener) {
        this.listener = listener;
    }

    @Override
    public Outcome submit(Mutation m) {
        listener.planned(m);
        Outcome o = Outcome.planned(m);
        queued.add(o);
        return o;
    }

    @Override
    public List<Outcome> outcomes() {
        return List.copyOf(queued);
    }

    /** Everything queued so far, in order; the queue is empty afterwards. */
    public List<Mutation> drain() {
        List<Mutation> out = queued.stream().map(Outcome::mutation).toList();
        queued.clear();
        return out;
    }

    @Override
    public boolean applies() {
        return false;
    }
}
