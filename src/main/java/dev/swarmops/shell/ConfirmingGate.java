package dev.swarmops.shell;

import dev.swarmops.gate.Change;
import dev.swarmops.gate.CommandRun;
import dev.swarmops.gate.ForwardingGate;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Mutation;
import dev.swarmops.gate.Outcome;

import java.util.function.Predicate;

/** In the shell's immediate mode: destructive mutations pass only after the operator says yes. */
final class ConfirmingGate extends ForwardingGate {

    private final Predicate<String> ask;

    ConfirmingGate(Gate gate, Predicate<String> ask) {
        super(gate);
        this.ask = ask;
    }

    /** Removing things, leaving the swarm and running host commands (restarting the engine) are destructive. */
    static boolean destructive(Mutation m) {
        return m.change() == Change.DELETE || m.kind().equals("swarm.leave") || m instanceof CommandRun;
    }

    @Override
    public Outcome submit(Mutation m) {
        if (destructive(m) && !ask.test(m.cli())) {
            throw new DeclinedException("not confirmed: " + m.cli().lines().findFirst().orElse(m.kind()));
        }
        return inner.submit(m);
    }

    /** The operator said no; nothing was done. */
    static final class DeclinedException extends RuntimeException {
        DeclinedException(String message) {
            super(message);
        }
    }
}
