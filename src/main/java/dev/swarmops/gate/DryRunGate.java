package dev.swarmops.gate;

/** Records and reports each mutation; executes nothing. */
public final class DryRunGate extends RecordingGate {

    public DryRunGate(GateListener listener) {
        super(listener);
    }

    @Override
    public Outcome submit(Mutation m) {
        listener.planned(m);
        return record(Outcome.planned(m));
    }

    @Override
    public boolean applies() {
        return false;
    }
}
