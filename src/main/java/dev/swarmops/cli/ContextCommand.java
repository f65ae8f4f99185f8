package dev.swarmops.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command that runs with a {@link Context}, closed when it returns. */
abstract class ContextCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (Context ctx = Context.of(spec, reportsOnStderr())) {
            int code = run(ctx);
            ctx.printPlanJson();
            return code;
        }
    }

    abstract int run(Context ctx) throws Exception;

    /** Whether mutation reports go to stderr, keeping stdout for the command's own output (job logs). */
    boolean reportsOnStderr() {
        return false;
    }
}
