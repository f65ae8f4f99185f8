package dev.swarmops.ops;

import dev.swarmops.engine.EngineException;
import dev.swarmops.gate.Gate;

import java.util.function.Supplier;

/**
 * A dry-run that plans {@code swarm init} reads swarm objects from an engine not yet in a swarm;
 * the engine answers 503 "not a swarm manager". Within such a plan that means "absent", so the
 * whole bring-up can still be shown.
 */
final class PlannedSwarm {

    private PlannedSwarm() {
    }

    /** Applied or only planned alike: once the init has passed the gate, swarm objects are absent until made. */
    static boolean initPlanned(Gate gate) {
        return gate.outcomes().stream().anyMatch(o -> o.mutation().kind().equals("swarm.init"));
    }

    static <T> T readOr(Gate gate, Supplier<T> read, Supplier<T> absent) {
        // the swarm this plan is about to create has no objects yet; asking would only earn a 503,
        // which the HTTP client retries after a second
        if (gate.outcomes().stream().anyMatch(o -> o.mutation().kind().equals("swarm.init") && !o.applied())) {
            return absent.get();
        }
        try {
            return read.get();
        } catch (EngineException e) {
            if (e.status() == 503 && initPlanned(gate)) {
                return absent.get();
            }
            throw e;
        }
    }
}
