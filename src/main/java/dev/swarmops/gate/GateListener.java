package dev.swarmops.gate;

/** Told about each mutation as it passes the gate; the CLI prints, tests collect. */
public interface GateListener {

    GateListener SILENT = new GateListener() { };

    default void planned(Mutation m) { }

    default void applying(Mutation m) { }

    default void applied(Outcome o) { }
}
