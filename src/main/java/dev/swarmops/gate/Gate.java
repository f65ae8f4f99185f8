package dev.swarmops.gate;

import java.util.List;

/**
 * The single door every mutation passes. A run chooses its gate once — {@link DryRunGate} to
 * record, {@link ApplyGate} to execute — and nothing else in the code branches on dry-run.
 */
public interface Gate {

    Outcome submit(Mutation mutation);

    /** Everything that passed, in order. */
    List<Outcome> outcomes();

    /** True when mutations take effect; readers use it only to say "would" or "did". */
    boolean applies();
}
