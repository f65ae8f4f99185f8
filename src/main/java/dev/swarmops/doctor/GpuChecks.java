package dev.swarmops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.host.NvidiaConfig;
import dev.swarmops.host.Probe;
import dev.swarmops.ops.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A GPU worker's setup: its GPUs advertised in daemon.json exactly as nvidia-smi lists them, the
 * nvidia runtime registered and the default (Swarm services cannot pick a runtime), the runtime's
 * config.toml reading Swarm's variable, and a toolkit that isolates GPUs.
 */
final class GpuChecks {

    static final String GPU_KIND = "NVIDIA-GPU";
    /** Before this, every container could see all GPUs (NVIDIA/nvidia-container-toolkit#1599). */
    static final SemVer TOOLKIT_FIXED = new SemVer(1, 19, 0);

    static final String RESOURCES = "GPU resources";
    static final String RUNTIME = "nvidia runtime";
    static final String DEFAULT_RUNTIME = "default-runtime";
    static final String CONFIG_TOML = "nvidia config.toml";
    static final String TOOLKIT = "nvidia-container-toolkit";

    private static final Pattern SWARM_RESOURCE = Pattern.compile("^\\s*swarm-resource\\s*=\\s*\"DOCKER_RESOURCE_NVIDIA-GPU\"\\s*(#.*)?$");
    private static final Pattern ANY_SWARM_RESOURCE = Pattern.compile("^\\s*#?\\s*swarm-resource\\s*=.*$");

    private GpuChecks() {
    }

    static List<Check> all() {
        return List.of(
                Rule.host(RESOURCES, Rule.GPU, Needs.NOTHING, GpuChecks::resources),
                Rule.host(RUNTIME, Rule.GPU, Needs.NOTHING, f -> runtime(f.daemonJson(), DaemonJsonChecks.live(f))),
                Rule.host(DEFAULT_RUNTIME, Rule.GPU, Needs.NOTHING, f -> defaultRuntime(f.daemonJson(), DaemonJsonChecks.live(f))),
                Rule.host(CONFIG_TOML, Rule.GPU, Needs.NOTHING,
                        f -> configToml(f.settings().nvidiaConfig().toString(), f.nvidiaConfigText())),
                Rule.host(TOOLKIT, Rule.GPU, Needs.NOTHING, f -> toolkit(f.toolkit(), f.settings().toolkitVersion())));
    }

    static Finding resources(Facts f) {
        Probe.Result smi = f.nvidiaSmi();
        return resources(f.daemonJson(), DaemonJsonChecks.live(f), String.join(" ", f.settings().nvidiaSmi()), smi);
    }

    /** daemon.json's NVIDIA-GPU entries against nvidia-smi's UUIDs, and against what the running engine advertises. */
    static Finding resources(ObjectNode cfg, JsonNode live, String smiCommand, Probe.Result smi) {
        List<String> named = new ArrayList<>();
        List<String> discrete = new ArrayList<>();
        for (JsonNode e : cfg.path("node-generic-resources")) {
            String entry = e.asText();
            if (entry.startsWith(GPU_KIND + "=")) {
                String v = entry.substring(GPU_KIND.length() + 1);
                (v.matches("\\d+") ? discrete : named).add(v);
            }
        }
        String fixAdd = "advertise each GPU by UUID: \"node-generic-resources\": [\"NVIDIA-GPU=GPU-…\", …] in daemon.json "
                + "(swarmops worker daemon-json --gpu --gpu-uuids $(nvidia-smi --query-gpu=uuid --format=csv,noheader | paste -sd,)), "
                + "then restart the engine";
        if (named.isEmpty() && discrete.isEmpty()) {
            return Finding.fail("daemon.json advertises no " + GPU_KIND + " (node-generic-resources)", fixAdd);
        }
        if (!discrete.isEmpty()) {
            return Finding.fail("daemon.json advertises " + GPU_KIND + " as a count (" + String.join(", ", discrete)
                    + "): the runtime is handed no GPU UUID to bind", fixAdd);
        }
        List<String> gpus;
        try {
            if (!smi.ok()) {
                throw new BadInputException(smi.exit() == -1 ? "cannot run it (" + smi.output().strip() + ")"
                        : "exit " + smi.exit() + ": " + smi.output().strip());
            }
            gpus = NvidiaConfig.uuids(smi.output(), smiCommand);
        } catch (BadInputException e) {
            return Finding.warn("daemon.json advertises " + named.size() + " GPU(s), but " + smiCommand + " gave nothing to compare: "
                    + e.getMessage(), "check the NVIDIA driver (nvidia-smi -L), or pass --nvidia-smi CMD");
        }
        Set<String> want = new TreeSet<>(gpus);
        Set<String> have = new TreeSet<>(named);
        if (!want.equals(have)) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(have);
            Set<String> extra = new TreeSet<>(have);
            extra.removeAll(want);
            return Finding.fail("daemon.json's " + GPU_KIND + " differ from nvidia-smi" + (missing.isEmpty() ? "" : "; not advertised: " + missing)
                    + (extra.isEmpty() ? "" : "; advertised but not present: " + extra), fixAdd);
        }
        Set<String> running = new TreeSet<>();
        for (JsonNode r : live.path("GenericResources")) {
            JsonNode n = r.path("NamedResourceSpec");
            if (n.path("Kind").asText().equals(GPU_KIND)) {
                running.add(n.path("Value").asText());
            }
        }
        if (!live.isMissingNode() && !running.equals(have)) {
            return Finding.warn("daemon.json matches nvidia-smi (" + have.size() + " GPU(s)), but the running engine advertises "
                    + (running.isEmpty() ? "none" : running), "restart the engine to apply daemon.json");
        }
        return Finding.ok(have.size() + " GPU(s) advertised, as nvidia-smi lists them: " + String.join(", ", have));
    }

    static Finding runtime(ObjectNode cfg, JsonNode live) {
        JsonNode nvidia = cfg.path("runtimes").path("nvidia");
        String fix = "register it in daemon.json: \"runtimes\": {\"nvidia\": {\"path\": \"nvidia-container-runtime\", \"runtimeArgs\": []}} "
                + "(or nvidia-ctk runtime configure --runtime=docker), then restart the engine";
        if (nvidia.isMissingNode()) {
            return Finding.fail("daemon.json registers no \"nvidia\" runtime", fix);
        }
        if (!live.isMissingNode() && live.path("Runtimes").path("nvidia").isMissingNode()) {
            return Finding.warn("daemon.json registers the nvidia runtime, but the running engine does not have it",
                    "restart the engine to apply daemon.json");
        }
        return Finding.ok("nvidia → " + nvidia.path("path").asText("?"));
    }

    static Finding defaultRuntime(ObjectNode cfg, JsonNode live) {
        String file = cfg.path("default-runtime").asText("");
        if (!file.equals("nvidia")) {
            return Finding.fail((file.isEmpty() ? "daemon.json sets no \"default-runtime\" (runc)" : "\"default-runtime\": \"" + file + "\"")
                            + ": Swarm services cannot choose a runtime, so a reserved GPU is never bound to the container",
                    "set \"default-runtime\": \"nvidia\" in daemon.json and restart the engine");
        }
        String running = live.path("DefaultRuntime").asText("");
        if (!live.isMissingNode() && !running.equals("nvidia")) {
            return Finding.warn("daemon.json sets \"default-runtime\": \"nvidia\", but the running engine uses " + running,
                    "restart the engine to apply daemon.json");
        }
        return Finding.ok("\"default-runtime\": \"nvidia\"");
    }

    /** The swarm-resource line must be a top-level key: before the first [section]. */
    static Finding configToml(String path, Optional<String> text) {
        String fix = "put " + NvidiaConfig.LINE + " at the top of " + path + " (before any [section]); enroll-gpu does this";
        if (text.isEmpty()) {
            return Finding.fail(path + " does not exist (is nvidia-container-toolkit installed?)",
                    "install nvidia-container-toolkit, then " + fix);
        }
        String seen = null;
        for (String line : text.get().split("\n")) {
            if (line.trim().startsWith("[")) {
                break;
            }
            if (SWARM_RESOURCE.matcher(line).matches()) {
                return Finding.ok(path + ": " + line.trim());
            }
            if (ANY_SWARM_RESOURCE.matcher(line).matches()) {
                seen = line.trim();
            }
        }
        return Finding.fail(path + (seen == null ? " has no top-level swarm-resource line" : " has '" + seen + "'")
                + ": the runtime reads DOCKER_RESOURCE_GPU, and Swarm sets DOCKER_RESOURCE_NVIDIA-GPU, so no GPU is bound", fix);
    }

    static Finding toolkit(Optional<Facts.ToolkitProbe> probe, List<List<String>> tried) {
        if (probe.isEmpty()) {
            return Finding.fail("nvidia-container-toolkit is not installed (tried: "
                            + tried.stream().map(c -> String.join(" ", c)).reduce((a, b) -> a + "; " + b).orElse("nothing") + ")",
                    "install nvidia-container-toolkit " + TOOLKIT_FIXED + " or newer");
        }
        String cmd = String.join(" ", probe.get().command());
        Optional<SemVer> v = SemVer.find(probe.get().result().output());
        if (v.isEmpty()) {
            return Finding.warn(cmd + " printed no version: " + probe.get().result().output().strip(),
                    "check the installation: nvidia-ctk --version");
        }
        if (v.get().before(TOOLKIT_FIXED)) {
            return Finding.warn("nvidia-container-toolkit " + v.get() + " (" + cmd + "): before " + TOOLKIT_FIXED
                            + " every container could see all GPUs (NVIDIA/nvidia-container-toolkit#1599)",
                    "upgrade nvidia-container-toolkit to " + TOOLKIT_FIXED + " or newer");
        }
        return Finding.ok("nvidia-container-toolkit " + v.get() + " (" + cmd + ")");
    }
}
