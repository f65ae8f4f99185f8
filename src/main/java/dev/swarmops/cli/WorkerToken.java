package dev.swarmops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.gate.Bodies;
import dev.swarmops.ops.Swarm;
import dev.swarmops.ops.SwarmOps;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code worker token --cpu|--gpu}: the join command and the next steps for that class. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Print the worker join command and what to do on the worker.")
final class WorkerToken extends ContextCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    WorkloadClass workload;

    @Option(names = "--rotate", description = "Rotate the worker join token first (the old one stops working).")
    boolean rotate;

    @Option(names = "--quiet", description = "Print only the token.")
    boolean quiet;

    @Option(names = "--manager-addr", paramLabel = "HOST:PORT", description = "Address workers reach the manager at (default: from the swarm).")
    String managerAddr;

    /** --quiet keeps stdout for the token alone (TOKEN=$(…)); the --rotate report goes to stderr. */
    @Override
    boolean reportsOnStderr() {
        return quiet;
    }

    @Override
    int run(Context ctx) {
        String cls = workload.name();
        if (managerAddr != null && !managerAddr.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
            throw new IllegalArgumentException("--manager-addr: '" + managerAddr + "' is not HOST:PORT");
        }
        SwarmOps ops = ctx.ops();
        if (rotate) {
            ops.swarm().rotateToken(Swarm.Role.WORKER);
        }
        String token = ops.swarm().joinToken(Swarm.Role.WORKER);
        String addr = managerAddr != null ? managerAddr : ops.swarm().managerAddress();
        Console c = ctx.console();
        if (ctx.json()) {
            ObjectNode o = Bodies.object();
            o.put("class", cls);
            o.put("manager", addr);
            o.put("token", "<hidden: run without --json to print it>");
            o.put("daemonJson", "swarmops worker daemon-json --" + cls);
            o.put("label", "swarmops worker label <node> --workload " + cls);
            c.println(o.toPrettyString());
            return 0;
        }
        if (quiet) {
            c.println(token);
            return 0;
        }
        if (rotate && !ops.gate().applies()) {
            c.println(c.dim("# dry-run: the token below is the current one; after rotation it would differ"));
        }
        c.println("docker swarm join --token " + token + " " + addr);
        c.println("");
        for (String step : nextSteps(cls)) {
            c.println(step);
        }
        return 0;
    }

    static List<String> nextSteps(String cls) {
        String variant = cls.equals("gpu")
                ? "the GPU variant: advertises each GPU as NVIDIA-GPU=<uuid>, registers the nvidia runtime as default-runtime"
                : "the CPU variant: log rotation and no-new-privileges, no GPU resources";
        return List.of(
                "Next steps for a " + cls.toUpperCase() + " worker:",
                "  1. on the worker, install daemon.json (" + variant + ") and restart dockerd:",
                "     swarmops worker daemon-json --" + cls + (cls.equals("gpu") ? " --gpu-uuids <uuids from nvidia-smi -L>" : ""),
                "     (enroll-" + cls + ".groovy does this: swarmops run playbooks/enroll-" + cls + ".groovy --help)",
                "  2. on the worker, run the join command above",
                "  3. on this manager, label it so the broker places " + cls.toUpperCase() + " jobs there:",
                "     swarmops worker label <worker-hostname> --workload " + cls);
    }
}
