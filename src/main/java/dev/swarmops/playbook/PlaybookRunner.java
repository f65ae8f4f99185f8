package dev.swarmops.playbook;

import dev.swarmops.engine.Engine;
import dev.swarmops.engine.EngineUnreachableException;
import dev.swarmops.gate.ApplyGate;
import dev.swarmops.gate.Change;
import dev.swarmops.gate.DryRunGate;
import dev.swarmops.gate.FileWrite;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.GateListener;
import dev.swarmops.gate.Outcome;
import dev.swarmops.gate.PlanJson;
import dev.swarmops.gate.Redactor;
import dev.swarmops.host.Host;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.SwarmOps;
import org.codehaus.groovy.runtime.InvokerInvocationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a playbook: compile (guarded), declare, parse its options, load settings, then the steps
 * in order through one gate — a dry-run unless --apply — and a summary in Terraform's manner.
 */
public final class PlaybookRunner {

    /** Exit code of {@code --detailed-exitcode} when a dry-run found changes to make. */
    public static final int PENDING_CHANGES = 2;

    private final Terminal out;
    private final Map<String, String> env;

    public PlaybookRunner(Terminal out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    /** The outcome of a run, for the CLI (exit code) and tests (the mutations themselves). */
    public record Result(int exitCode, List<Outcome> outcomes, Tally tally) { }

    public Result run(Path file, List<String> args, Supplier<Engine> engineSource) {
        String text = read(file);
        Playbook pb = PlaybookCompiler.compile(file.toString(), text);
        Sandbox.deadline(System.nanoTime() + DECLARE_SECONDS * 1_000_000_000L,
                "the playbook's declarations ran for more than " + DECLARE_SECONDS + "s");
        try {
            declare(pb, file);
        } finally {
            Sandbox.clearDeadline();
        }
        PlaybookArgs parsed = PlaybookArgs.parse(file.getFileName().toString(), pb, args);
        if (parsed.help()) {
            out.println(parsed.usage());
            return new Result(0, List.of(), new Tally());
        }
        Map<String, Object> settings = parsed.settings(file.toAbsolutePath().getParent(), pb.settingsFile());
        Map<String, String> env = parsed.env(this.env);
        Redactor.registerSecretVariables(env);
        Engine engine = reachable(engineSource.get(), parsed.apply());
        GateListener printer = new MutationPrinter(out, "", "", "  ", true, false);
        Gate gate = parsed.apply() ? new ApplyGate(engine, printer) : new DryRunGate(printer);
        Tally tally = new Tally();
        RunContext ctx = new RunContext(new SwarmOps(engine, gate), new Host(gate), out, tally, parsed.values(), settings, env);
        pb.bind(ctx);
        RuntimeException failure = null;
        try (Engine.Remembering run = engine.remembering()) {
            runSteps(pb.declaredSteps(), ctx, parsed);
        } catch (RuntimeException e) {
            failure = e;
        } catch (StackOverflowError e) {
            failure = new PlaybookFailure("the playbook recursed without end");
        } finally {
            Sandbox.clearDeadline();
        }
        // the summary and the plan file are written however the steps ended
        List<Outcome> outcomes = gate.outcomes();
        out.println("");
        out.println(out.bold((parsed.apply() ? "Applied: " : "Plan: ") + tally.summary(outcomes, parsed.apply()) + "."));
        if (!parsed.apply() && !outcomes.isEmpty()) {
            out.println(out.dim("Nothing was changed. Run again with --apply to make these changes."));
        }
        if (parsed.planJson() != null) {
            // the plan file is this run's own output; it still passes a gate, one that always applies
            new ApplyGate(engine, GateListener.SILENT).submit(new FileWrite(Path.of(parsed.planJson()),
                    Redactor.scrub(PlanJson.of(outcomes, ctx.ops().fingerprint()).toPrettyString()) + "\n", "0644", Change.CREATE, List.of()));
        }
        if (failure != null) {
            throw failure;
        }
        boolean pending = !parsed.apply() && !outcomes.isEmpty();
        return new Result(parsed.detailedExitcode() && pending ? PENDING_CHANGES : 0, outcomes, tally);
    }

    private void declare(Playbook pb, Path file) {
        try {
            pb.run();
        } catch (InvokerInvocationException e) {
            throw new BadInputException(file + ": " + e.getCause().getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }

    private Engine reachable(Engine engine, boolean apply) {
        try {
            engine.version();
            return engine;
        } catch (EngineUnreachableException e) {
            if (apply) {
                throw e;
            }
            out.println(out.warn("warning: " + e.getMessage().replaceFirst(";.*", "")
                    + "; planning as if against an empty engine (--apply needs a running one)"));
            return Engine.empty(engine.endpoint());
        }
    }

    /** The top level only declares: seconds enough for that. */
    static final int DECLARE_SECONDS = 10;

    private void runSteps(List<StepDecl> steps, RunContext ctx, PlaybookArgs parsed) {
        long runEnds = System.nanoTime() + parsed.runTimeout() * 1_000_000_000L;
        int i = 0;
        for (StepDecl step : steps) {
            i++;
            String head = "STEP " + i + "/" + steps.size() + " " + step.name();
            if (step.requires() != null && !Boolean.TRUE.equals(parsed.values().get(step.requires()))) {
                ctx.tally().countSkipped();
                out.println(out.bold(head) + out.dim("  (skipped: needs --" + step.requires() + ")"));
                continue;
            }
            out.println(out.bold(head));
            if (step.applyOnly() && !parsed.apply()) {
                out.println("  " + out.dim("(runs only with --apply)"));
                continue;
            }
            long stepEnds = System.nanoTime() + parsed.stepTimeout() * 1_000_000_000L;
            Sandbox.deadline(Math.min(stepEnds, runEnds), stepEnds < runEnds
                    ? "step '" + step.name() + "' ran for more than " + parsed.stepTimeout() + "s (--step-timeout)"
                    : "the run took more than " + parsed.runTimeout() + "s (--timeout)");
            try {
                step.body().call();
            } catch (InvokerInvocationException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
    }

    /** A playbook is at most this long: anything larger is not a playbook someone wrote. */
    static final int MAX_BYTES = 1 << 20;

    /** The playbook's text: strict UTF-8 without a byte-order mark, at most {@link #MAX_BYTES}; else one line naming the byte. */
    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no playbook at " + file);
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file + ": " + Files.size(file) + " bytes; a playbook is at most " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            throw new BadInputException(file + ": byte 0: a UTF-8 byte-order mark; save the file without one");
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (r.isError()) {
            throw new BadInputException(file + ": byte " + in.position() + ": not UTF-8 (0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + "); a playbook is UTF-8 text");
        }
        return out.flip().toString();
    }
}
