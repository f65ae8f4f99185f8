package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.gate.CliLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A service spec read as docker CLI flags: {@code limit-memory → [4g]}, {@code env → [A=1, B=2]}.
 * One reading serves three renderings — the create command, the update command and the
 * field-level diff — so what a plan shows is always what the engine is sent.
 */
public final class ServiceFlags {

    /** Flags that take one value and are replaced whole on update. */
    private static final Set<String> SCALAR = Set.of("mode", "replicas", "max-concurrent", "restart-condition", "limit-cpu", "limit-memory",
            "limit-pids", "hostname", "user", "update-order", "endpoint-mode", "read-only", "image", "args");

    /** What {@code --X-rm} takes for list flags, from a value: the key of {@code K=V}, a mount's target. */
    private static final Map<String, Function<String, String>> RM_KEY = Map.of(
            "env", v -> v.split("=", 2)[0],
            "label", v -> v.split("=", 2)[0],
            "generic-resource", v -> v.split("=", 2)[0],
            "mount", v -> field(v, "target"),
            // publish: docker matches --publish-rm against the whole port spec (a bare port misses host-mode ports)
            "secret", v -> field(v, "source"),
            "config", v -> field(v, "source"));

    private ServiceFlags() {
    }

    public static Map<String, List<String>> read(JsonNode spec, ServiceRefs refs) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        JsonNode task = spec.path("TaskTemplate");
        JsonNode c = task.path("ContainerSpec");
        JsonNode mode = spec.path("Mode");
        if (mode.has("ReplicatedJob")) {
            put(f, "mode", "replicated-job");
            put(f, "replicas", mode.path("ReplicatedJob").path("TotalCompletions").asText());
            // docker's --max-concurrent defaults to 1; the body sets it, so the command must too
            put(f, "max-concurrent", mode.path("ReplicatedJob").path("MaxConcurrent").asText(null));
        } else if (mode.has("Replicated")) {
            put(f, "replicas", mode.path("Replicated").path("Replicas").asText());
        }
        put(f, "restart-condition", task.path("RestartPolicy").path("Condition").asText(null));
        each(f, "constraint", task.path("Placement").path("Constraints"), JsonNode::asText);
        JsonNode limits = task.path("Resources").path("Limits");
        if (limits.path("NanoCPUs").asLong() > 0) {
            put(f, "limit-cpu", Sizes.formatCpus(limits.path("NanoCPUs").asLong()));
        }
        if (limits.path("MemoryBytes").asLong() > 0) {
            put(f, "limit-memory", Sizes.formatBytes(limits.path("MemoryBytes").asLong()));
        }
        if (limits.path("Pids").asLong() > 0) {
            put(f, "limit-pids", limits.path("Pids").asText());
        }
        each(f, "generic-resource", task.path("Resources").path("Reservations").path("GenericResources"),
                g -> g.path("DiscreteResourceSpec").path("Kind").asText() + "=" + g.path("DiscreteResourceSpec").path("Value").asText());
        each(f, "network", task.path("Networks"), n -> refs.networkName(n.path("Target").asText()));
        each(f, "publish", spec.path("EndpointSpec").path("Ports"), p -> "mode=" + p.path("PublishMode").asText("ingress")
                + ",target=" + p.path("TargetPort").asText() + ",published=" + p.path("PublishedPort").asText()
                + ",protocol=" + p.path("Protocol").asText("tcp"));
        each(f, "mount", c.path("Mounts"), m -> "type=" + m.path("Type").asText()
                + (m.hasNonNull("Source") && !m.path("Source").asText().isEmpty() ? ",source=" + m.path("Source").asText() : "")
                + ",target=" + m.path("Target").asText() + (m.path("ReadOnly").asBoolean() ? ",readonly" : ""));
        each(f, "secret", c.path("Secrets"), s -> "source=" + s.path("SecretName").asText() + ",target=" + s.path("File").path("Name").asText());
        each(f, "config", c.path("Configs"), s -> "source=" + s.path("ConfigName").asText() + ",target=" + s.path("File").path("Name").asText());
        each(f, "env", c.path("Env"), JsonNode::asText);
        spec.path("Labels").fields().forEachRemaining(e -> put(f, "label", e.getKey() + "=" + e.getValue().asText()));
        put(f, "hostname", c.path("Hostname").asText(null));
        put(f, "user", c.path("User").asText(null));
        put(f, "update-order", spec.path("UpdateConfig").path("Order").asText(null));
        put(f, "endpoint-mode", spec.path("EndpointSpec").path("Mode").asText(null));
        if (c.path("ReadOnly").asBoolean()) {
            put(f, "read-only", "true");
        }
        each(f, "cap-drop", c.path("CapabilityDrop"), JsonNode::asText);
        put(f, "image", c.path("Image").asText(null));
        if (c.path("Args").size() > 0) {
            List<String> args = new ArrayList<>();
            c.path("Args").forEach(a -> args.add(a.asText()));
            f.put("args", args);
        }
        return f;
    }

    /** {@code docker service create --name N … --no-resolve-image IMAGE ARGS…}. */
    public static CliLine.Builder create(String name, Map<String, List<String>> flags) {
        return create(name, flags, false);
    }

    /** With {@code registryAuth}, the command sends the caller's registry credentials along. */
    public static CliLine.Builder create(String name, Map<String, List<String>> flags, boolean registryAuth) {
        CliLine.Builder cli = CliLine.docker("service", "create", "--name", name);
        flags.forEach((k, vs) -> {
            if (k.equals("image") || k.equals("args")) {
                return;
            }
            for (String v : vs) {
                if (k.equals("read-only")) {
                    cli.add("--read-only");
                } else {
                    cli.opt("--" + k, v);
                }
            }
        });
        cli.flag("--with-registry-auth", registryAuth).add("--no-resolve-image");
        flags.getOrDefault("image", List.of()).forEach(cli::add);
        flags.getOrDefault("args", List.of()).forEach(cli::add);
        return cli;
    }

    /** {@code docker service update} with only the flags that change, list flags as -add/-rm pairs. */
    public static CliLine.Builder update(String name, Map<String, List<String>> live, Map<String, List<String>> want) {
        return update(name, live, want, false);
    }

    public static CliLine.Builder update(String name, Map<String, List<String>> live, Map<String, List<String>> want, boolean registryAuth) {
        CliLine.Builder cli = CliLine.docker("service", "update");
        for (String k : keys(live, want)) {
            List<String> old = live.getOrDefault(k, List.of());
            List<String> now = want.getOrDefault(k, List.of());
            if (old.equals(now)) {
                continue;
            }
            if (k.equals("args")) {
                cli.opt("--args", String.join(" ", now.stream().map(CliLine::quote).toList()));
            } else if (k.equals("read-only")) {
                cli.add(now.isEmpty() ? "--read-only=false" : "--read-only");
            } else if (SCALAR.contains(k)) {
                cli.opt("--" + k, now.isEmpty() ? "" : now.get(0));
            } else if (k.equals("cap-drop")) {
                // service update has no --cap-drop-rm: --cap-add takes a capability back off the drop list
                old.stream().filter(v -> !now.contains(v)).forEach(v -> cli.opt("--cap-add", v));
                now.stream().filter(v -> !old.contains(v)).forEach(v -> cli.opt("--cap-drop", v));
            } else {
                Function<String, String> rmKey = RM_KEY.getOrDefault(k, Function.identity());
                old.stream().filter(v -> !now.contains(v)).forEach(v -> cli.opt("--" + k + "-rm", rmKey.apply(v)));
                now.stream().filter(v -> !old.contains(v)).forEach(v -> cli.opt("--" + k + "-add", v));
            }
        }
        return cli.flag("--with-registry-auth", registryAuth).add("--no-resolve-image", name);
    }

    /** {@code limit-memory: 2g → 4g}, one line per flag that differs. */
    public static List<String> diff(Map<String, List<String>> live, Map<String, List<String>> want) {
        List<String> d = new ArrayList<>();
        for (String k : keys(live, want)) {
            List<String> old = live.getOrDefault(k, List.of());
            List<String> now = want.getOrDefault(k, List.of());
            if (!Objects.equals(old, now)) {
                d.add(k + ": " + show(old) + " → " + show(now));
            }
        }
        return d;
    }

    private static List<String> keys(Map<String, List<String>> a, Map<String, List<String>> b) {
        List<String> keys = new ArrayList<>(b.keySet());
        a.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    private static String show(List<String> v) {
        return v.isEmpty() ? "(none)" : String.join(", ", v);
    }

    private static String field(String csv, String name) {
        for (String part : csv.split(",")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return csv;
    }

    private static void put(Map<String, List<String>> f, String key, String value) {
        if (value != null && !value.isEmpty()) {
            f.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    private static void each(Map<String, List<String>> f, String key, JsonNode array, Function<JsonNode, String> show) {
        array.forEach(n -> put(f, key, show.apply(n)));
    }
}
