package dev.swarmops.doctor;

import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Mutation;
import dev.swarmops.gate.Outcome;

import java.util.List;

/** The gate doctor reads through: it refuses every mutation, so a check that tried one would fail loudly, not act. */
final class ReadOnlyGate implements Gate {

    @Override
    public Outcome submit(Mutation mutation) {
        throw new IllegalStateException("doctor is read-only; refused " + mutation.kind() + " " + mutation.target());
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of();
    }

    @Override
    public boolean applies() {
        return false;
    }
}
