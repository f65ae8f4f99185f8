package dev.swarmops.cli;

import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.JobRequest;
import dev.swarmops.ops.JobResult;
import dev.swarmops.ops.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code job run [--gpu N] … IMAGE [-- CMD…]}: exits with the job's own exit code. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run one job on a CPU worker (or a GPU worker with --gpu), print its logs, remove it,",
                "and exit with its exit code (124 timed out, 125 no node can take it)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"N:the job's own exit code", "1:its node went down (named), it was removed under it, or the engine refused",
                "2:bad usage or bad input", "3:engine unreachable", "124:timed out", "125:no node can take it",
                "130/143:interrupted (SIGINT/SIGTERM; the job's service removed first)"})
final class JobRun extends ContextCommand {

    @Option(names = "--gpu", paramLabel = "N", description = "GPUs to reserve (NVIDIA-GPU generic resource); makes it a GPU job.")
    Integer gpu;

    @Option(names = "--cpus", paramLabel = "X", description = "CPU limit, e.g. 1.5.")
    String cpus;

    @Option(names = "--memory", paramLabel = "M", description = "Memory limit, e.g. 512m, 4g.")
    String memory;

    @Option(names = "--pids", paramLabel = "P", description = "Process count limit.")
    String pids;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "1h", description = "Give up (and remove the job) after this long: 90s, 5m, 2h (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--network", paramLabel = "NAME", description = "Network to attach (default " + JobRequest.DEFAULT_NETWORK + ").")
    String network;

    @Option(names = "--rerun-on-node-loss", paramLabel = "N", defaultValue = "0",
            description = "Run the job again, as a new job, up to N times when its node goes down under it (default ${DEFAULT-VALUE}: "
                    + "report it failed, exit 1; a job may not be safe to run twice).")
    int rerunsOnNodeLoss;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A local image (never pulled).")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments, after --.")
    List<String> command = List.of();

    @Override
    boolean reportsOnStderr() {
        return true;
    }

    @Override
    int run(Context ctx) throws InterruptedException {
        if (gpu != null && gpu < 1) {
            throw new BadInputException("--gpu: " + gpu + " is not a GPU count; give at least 1, or leave --gpu out for a CPU job");
        }
        JobRequest r = new JobRequest(image, command, gpu == null ? 0 : gpu, validCpus(), validMemory(),
                pids == null ? null : Sizes.parseCount("--pids", pids), Sizes.parseDuration("--timeout", timeout), network, rerunsOnNodeLoss);
        ctx.ops().swarm().checkManager();
        PrintWriter err = spec.commandLine().getErr();
        Console c = ctx.console();
        JobResult res = ctx.ops().jobs().run(r, line -> {
            err.println(c.dim(line));
            err.flush();
        });
        if (res.state().equals("planned")) {
            return 0;
        }
        c.out().print(res.logs());
        c.out().flush();
        String where = res.node().isEmpty() ? "" : " on " + res.node();
        String summary = res.name() + " " + res.state() + where + ", exit " + res.exitCode()
                + (res.message().isEmpty() ? "" : ": " + res.message());
        err.println(res.exitCode() == 0 ? c.ok(summary) : c.error(summary));
        err.flush();
        return res.exitCode();
    }

    private String validCpus() {
        if (cpus != null) {
            Sizes.parseCpus("--cpus", cpus);
        }
        return cpus;
    }

    private String validMemory() {
        if (memory != null) {
            Sizes.parseBytes("--memory", memory);
        }
        return memory;
    }
}
