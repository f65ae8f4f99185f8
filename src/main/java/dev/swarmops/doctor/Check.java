package dev.swarmops.doctor;

import java.util.Set;

/** One read-only check: what it is called, for which roles it runs, and its verdict from the facts. */
public interface Check {

    String name();

    Set<Role> roles();

    Needs needs();

    /** Whether it reads this machine (files, /proc, local commands), so it only makes sense when the engine runs here. */
    boolean readsHost();

    Finding run(Facts facts);
}
