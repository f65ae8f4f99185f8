package dev.swarmops.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Read-only local commands ({@code nvidia-smi --query-gpu=uuid}, {@code dockerd --validate}).
 * They run in dry-run too, which is why only commands that change nothing belong here; anything
 * that mutates is a {@link dev.swarmops.gate.CommandRun} through the gate.
 */
public final class Probe {

    /** What a probe printed; {@code exit} is -1 when the program could not be started. */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private Probe() {
    }

    public static Result run(List<String> argv) {
        return run(argv, null);
    }

    /** Run with text on standard input (e.g. a candidate config to validate). */
    public static Result run(List<String> argv, String stdin) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after 60s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
