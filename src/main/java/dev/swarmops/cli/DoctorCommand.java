package dev.swarmops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.swarmops.doctor.Doctor;
import dev.swarmops.doctor.DoctorSettings;
import dev.swarmops.doctor.Facts;
import dev.swarmops.doctor.Finding;
import dev.swarmops.doctor.Role;
import dev.swarmops.doctor.Status;
import dev.swarmops.engine.Endpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code swarmops doctor}: read-only checks of this engine and machine for a role, each with what it
 * saw and the fix. Exit 1 when any check fails, an unreachable engine included.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Check this engine and machine for their role in the platform: engine, swarm, ports, kernel, MTU, "
                + "daemon.json, GPU setup, labels, networks, leftover jobs. Read-only: it changes nothing.",
                "One line per check (ok / warn / FAIL) with the fix under anything not ok; see docs/doctor.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no check failed (warnings allowed)", "1:a check failed (an unreachable engine is a failed check)",
                "2:bad usage"})
final class DoctorCommand extends ContextCommand {

    @Option(names = "--role", paramLabel = "manager|cpu-worker|gpu-worker", converter = RoleConverter.class,
            completionCandidates = RoleCandidates.class,
            description = "What to check this machine as (default: manager if the engine is a swarm manager, "
                    + "else gpu-worker if it advertises NVIDIA-GPU, else cpu-worker).")
    Role role;

    @Option(names = "--daemon-json", paramLabel = "PATH",
            description = "daemon.json to check (default: the running dockerd's --config-file, else /etc/docker/daemon.json).")
    Path daemonJson;

    @Option(names = "--nvidia-config", paramLabel = "PATH", description = "The NVIDIA runtime's config.toml (default: ${DEFAULT-VALUE}).",
            defaultValue = "/etc/nvidia-container-runtime/config.toml")
    Path nvidiaConfig;

    @Option(names = "--nvidia-smi", paramLabel = "CMD",
            description = "Command printing GPU UUIDs one per line (default: nvidia-smi --query-gpu=uuid --format=csv,noheader).")
    String nvidiaSmi;

    @Option(names = "--nvidia-ctk", paramLabel = "CMD",
            description = "Command printing the toolkit version (default: nvidia-container-toolkit --version, then nvidia-ctk --version).")
    String nvidiaCtk;

    @Option(names = "--challenges-network", paramLabel = "NAME", defaultValue = DoctorSettings.CHALLENGES_NETWORK,
            description = "The challenges overlay network (default: ${DEFAULT-VALUE}).")
    String challengesNetwork;

    @Option(names = "--jobs-network", paramLabel = "NAME", defaultValue = DoctorSettings.JOBS_NETWORK,
            description = "The internal jobs overlay network (default: ${DEFAULT-VALUE}).")
    String jobsNetwork;

    @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "/proc",
            description = "Where /proc is (e.g. the host's /proc mounted into a container; default: ${DEFAULT-VALUE}).")
    Path procRoot;

    @Option(names = "--sys-root", paramLabel = "DIR", defaultValue = "/sys", description = "Where /sys is (default: ${DEFAULT-VALUE}).")
    Path sysRoot;

    /** A finding's --format fields: the keys of --json, capitalised as docker's fields are. */
    static final Fields<Finding> FIELDS = new Fields<Finding>("doctor")
            .add("Check", "CHECK", Finding::check)
            .add("Status", "STATUS", f -> f.status().name().toLowerCase())
            .add("Saw", "SAW", Finding::saw)
            .add("Fix", "FIX", Finding::fix);

    @Mixin
    FormatOption format;

    @Override
    int run(Context ctx) {
        Format<Finding> template = format.parse(FIELDS, ctx);
        Endpoint.Choice endpoint = ctx.endpoint();
        DoctorSettings settings = new DoctorSettings().endpointSource(endpoint.source()).daemonJson(daemonJson).nvidiaConfig(nvidiaConfig)
                .challengesNetwork(challengesNetwork).jobsNetwork(jobsNetwork).procRoot(procRoot).sysRoot(sysRoot);
        if (nvidiaSmi != null) {
            settings.nvidiaSmi(command("--nvidia-smi", nvidiaSmi));
        }
        if (nvidiaCtk != null) {
            settings.toolkitVersion(List.of(command("--nvidia-ctk", nvidiaCtk)));
        }
        Facts facts = new Facts(ctx.engine(), settings);
        Doctor.RoleChoice choice = role != null ? new Doctor.RoleChoice(role, "--role") : Doctor.defaultRole(facts);
        Doctor.Report report = Doctor.standard(settings).run(facts, choice);
        Console c = ctx.console();
        if (template != null) {
            template.print(c, report.findings());
        } else if (ctx.json()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (Finding f : report.findings()) {
                a.addObject().put("check", f.check()).put("status", f.status().name().toLowerCase()).put("saw", f.saw()).put("fix", f.fix());
            }
            c.println(a.toPrettyString());
        } else {
            print(c, report, "endpoint " + endpoint.endpoint().uri() + " (" + endpoint.source() + "),");
        }
        return report.failed() ? 1 : 0;
    }

    private static void print(Console c, Doctor.Report report, String endpoint) {
        c.println(c.dim("swarmops doctor: " + endpoint + " as " + report.role().label() + " (" + report.roleReason() + ")"));
        for (Finding f : report.findings()) {
            String word = c.pad(f.status().word(), 4);
            String colored = switch (f.status()) {
                case OK -> c.ok(word);
                case WARN -> c.warn(word);
                case FAIL -> c.error(word);
            };
            c.println(colored + " " + c.bold(f.check()) + ": " + f.saw());
            if (f.status() != Status.OK) {
                c.println("     fix: " + f.fix());
            }
        }
        StringBuilder sum = new StringBuilder("= " + report.count(Status.OK) + " ok, " + report.count(Status.WARN) + " warn, "
                + report.count(Status.FAIL) + " failed");
        for (Map.Entry<String, List<String>> e : report.skipped().entrySet()) {
            sum.append("; ").append(e.getValue().size()).append(" skipped (").append(e.getKey()).append(")");
        }
        c.println(c.dim(sum.toString()));
    }

    /** A command line as one option value, split on whitespace (no shell: quote nothing). */
    private static List<String> command(String option, String text) {
        List<String> argv = Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (argv.isEmpty()) {
            throw new IllegalArgumentException(option + ": give a command");
        }
        return argv;
    }

    /** {@code --role}: the three role names, anything else refused at parse time (exit 2). */
    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class RoleCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Role.values()).map(Role::label).collect(Collectors.toList()).iterator();
        }
    }
}
