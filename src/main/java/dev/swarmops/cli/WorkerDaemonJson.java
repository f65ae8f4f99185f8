package dev.swarmops.cli;

import dev.swarmops.host.DaemonJson;
import dev.swarmops.host.NvidiaConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code worker daemon-json --cpu|--gpu}: the daemon.json a worker of that class needs, printed. */
@Command(name = "daemon-json", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Print the daemon.json variant for a CPU or GPU worker (enroll-cpu/enroll-gpu merge it into an existing file).",
                "Never live-restore: swarm mode refuses to start with it."})
final class WorkerDaemonJson extends ContextCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    WorkloadClass workload;

    @Option(names = "--gpu-uuids", paramLabel = "UUID,…", description = "GPU UUIDs to advertise (default: a placeholder to fill in from nvidia-smi -L).")
    String gpuUuids;

    @Override
    int run(Context ctx) {
        var base = DaemonJson.base("50m", "5");
        if (gpuUuids != null && !workload.gpu) {
            throw new IllegalArgumentException("--gpu-uuids goes with --gpu");
        }
        List<String> uuids = gpuUuids != null ? NvidiaConfig.uuids(gpuUuids, "--gpu-uuids") : List.of("GPU-<uuid from nvidia-smi -L>");
        ctx.console().out().print(DaemonJson.render(workload.gpu ? DaemonJson.gpu(base, uuids, "nvidia-container-runtime") : base));
        if (workload.gpu && !ctx.json()) {
            ctx.console().out().println("# also in /etc/nvidia-container-runtime/config.toml: " + NvidiaConfig.LINE);
        }
        return 0;
    }
}
