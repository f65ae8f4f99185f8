package dev.swarmops.gate;

import java.util.List;

/**
 * One change to the world, as a value: an Engine API call, a file write or a command run.
 * Primitives build these; only a {@link Gate} decides whether they happen.
 */
public sealed interface Mutation permits EngineCall, FileWrite, DirCreate, CommandRun {

    /** Machine name of the operation, e.g. {@code secret.create}, {@code file.write}. */
    String kind();

    /** What it acts on: a name, an id, a path. */
    String target();

    Change change();

    /** Field-level differences for an update ({@code limit-memory: 2g → 4g}); empty otherwise. */
    List<String> diff();

    /** The copy-pasteable command line that does the same by hand, secrets as placeholders. */
    String cli();
}
