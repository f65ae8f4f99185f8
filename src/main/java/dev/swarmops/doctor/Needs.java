package dev.swarmops.doctor;

/** What a check needs before it can say anything; {@link Doctor} skips it, with the reason, when that is missing. */
public enum Needs {
    /** Local files and /proc only. */
    NOTHING,
    /** An engine that answers, whatever its version. */
    REACHABLE,
    /** An engine that answers and speaks an API swarmops knows. */
    ENGINE,
    /** An engine that is an active swarm member. */
    SWARM,
    /** An engine that is a swarm manager (node, service and network lists). */
    MANAGER
}
