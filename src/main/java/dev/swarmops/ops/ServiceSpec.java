package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service fields a caller cares about. Unset fields are "not mentioned": on update they keep
 * their live values, so a playbook never resets what it did not name.
 *
 * <pre>{@code
 * new ServiceSpec("platform-master-proxy").image("platform/proxy:1").replicas(1)
 *     .constraint("node.role==manager").limitMemory("512m").publishHost(8080, 18080)
 * }</pre>
 */
public final class ServiceSpec {

    public enum Mode { REPLICATED, REPLICATED_JOB }

    public record Mount(String type, String source, String target, boolean readOnly) {
        public Mount {
            if (!List.of("volume", "bind", "tmpfs").contains(type)) {
                throw new BadInputException("mount type: '" + type + "' is not one of volume, bind, tmpfs");
            }
            if (target == null || !target.startsWith("/")) {
                throw new BadInputException("mount target: '" + target + "' must be an absolute path");
            }
        }
    }

    /** A secret or config made visible to the task as a file. */
    public record FileRef(String name, String target) { }

    public record Port(int target, int published, String protocol) {
        public Port {
            if (target < 1 || target > 65535 || published < 1 || published > 65535) {
                throw new BadInputException("publish: port " + target + "→" + published + " is outside 1..65535");
            }
            if (!List.of("tcp", "udp").contains(protocol)) {
                throw new BadInputException("publish: protocol '" + protocol + "' is not tcp or udp");
            }
        }
    }

    private final String name;
    private String image;
    private List<String> args;
    private Mode mode;
    private Long replicas;
    private String restartCondition;
    private List<String> constraints;
    private Long limitCpu;
    private Long limitMemory;
    private Long limitPids;
    private Map<String, Long> genericResources;
    private List<String> networks;
    private List<Port> ports;
    private List<Mount> mounts;
    private List<FileRef> secrets;
    private List<FileRef> configs;
    private Map<String, String> env;
    private Map<String, String> labels;
    private String hostname;
    private String user;
    private String updateOrder;
    private Boolean readOnly;
    private List<String> capDrop;
    private String endpointMode;
    private dev.swarmops.gate.Sensitive registryAuth;

    public ServiceSpec(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new BadInputException("service name: '" + name + "' is not a valid service name");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String image() {
        return image;
    }

    public ServiceSpec image(String v) {
        if (v == null || v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
            throw new BadInputException("image: '" + v + "' is not an image reference");
        }
        image = v;
        return this;
    }

    public ServiceSpec args(List<String> v) {
        args = List.copyOf(v);
        return this;
    }

    public ServiceSpec mode(Mode v) {
        mode = v;
        return this;
    }

    public ServiceSpec replicas(long v) {
        if (v < 0) {
            throw new BadInputException("replicas: " + v + " is negative");
        }
        replicas = v;
        return this;
    }

    public ServiceSpec restartCondition(String v) {
        if (!List.of("none", "on-failure", "any").contains(v)) {
            throw new BadInputException("restart-condition: '" + v + "' is not one of none, on-failure, any");
        }
        restartCondition = v;
        return this;
    }

    public ServiceSpec constraint(String v) {
        if (!v.matches("\\s*[A-Za-z0-9_.-]+\\s*(==|!=)\\s*\\S+\\s*")) {
            throw new BadInputException("constraint: '" + v + "' is not of the form key==value or key!=value");
        }
        constraints = append(constraints, v.replaceAll("\\s", ""));
        return this;
    }

    public ServiceSpec limitCpu(String v) {
        limitCpu = Sizes.parseCpus("limit-cpu", v);
        return this;
    }

    public ServiceSpec limitMemory(String v) {
        limitMemory = Sizes.parseBytes("limit-memory", v);
        return this;
    }

    public ServiceSpec limitPids(long v) {
        if (v <= 0) {
            throw new BadInputException("limit-pids: " + v + " must be greater than zero");
        }
        limitPids = v;
        return this;
    }

    public ServiceSpec genericResource(String kind, long count) {
        if (!kind.matches("[A-Za-z0-9_-]+") || count <= 0) {
            throw new BadInputException("generic-resource: '" + kind + "=" + count + "' needs a kind and a positive count");
        }
        if (genericResources == null) {
            genericResources = new LinkedHashMap<>();
        }
        genericResources.put(kind, count);
        return this;
    }

    public ServiceSpec network(String v) {
        networks = append(networks, v);
        return this;
    }

    /** Publish in host mode: the port is opened on the node running the task, not the routing mesh. */
    public ServiceSpec publishHost(int target, int published) {
        ports = append(ports, new Port(target, published, "tcp"));
        return this;
    }

    public ServiceSpec mount(String type, String source, String target, boolean readOnly) {
        mounts = append(mounts, new Mount(type, source, target, readOnly));
        return this;
    }

    public ServiceSpec secret(String secretName, String target) {
        secrets = append(secrets, new FileRef(secretName, target == null ? secretName : target));
        return this;
    }

    public ServiceSpec config(String configName, String target) {
        if (target == null || !target.startsWith("/")) {
            throw new BadInputException("config " + configName + ": target '" + target + "' must be an absolute path");
        }
        configs = append(configs, new FileRef(configName, target));
        return this;
    }

    public ServiceSpec env(String key, String value) {
        if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new BadInputException("env: '" + key + "' is not a variable name");
        }
        if (env == null) {
            env = new LinkedHashMap<>();
        }
        env.put(key, value);
        return this;
    }

    public ServiceSpec label(String key, String value) {
        if (labels == null) {
            labels = new LinkedHashMap<>();
        }
        labels.put(key, value);
        return this;
    }

    public ServiceSpec hostname(String v) {
        hostname = v;
        return this;
    }

    public ServiceSpec user(String v) {
        user = v;
        return this;
    }

    public ServiceSpec updateOrder(String v) {
        if (!List.of("stop-first", "start-first").contains(v)) {
            throw new BadInputException("update-order: '" + v + "' is not stop-first or start-first");
        }
        updateOrder = v;
        return this;
    }

    public ServiceSpec readOnly(boolean v) {
        readOnly = v;
        return this;
    }

    public ServiceSpec capDrop(String cap) {
        capDrop = append(capDrop, cap.toUpperCase());
        return this;
    }

    /**
     * {@code vip} (a virtual IP, load-balanced by IPVS) or {@code dnsrr} (the name resolves to the
     * tasks' own addresses): without IPVS in the kernel a virtual IP never answers.
     */
    public ServiceSpec endpointMode(String v) {
        if (!List.of("vip", "dnsrr").contains(v)) {
            throw new BadInputException("endpoint-mode: '" + v + "' is not vip or dnsrr");
        }
        endpointMode = v;
        return this;
    }

    /** Registry credentials sent with the create/update, in the API's header only (never the spec). */
    public ServiceSpec registryAuth(dev.swarmops.gate.Sensitive credentials) {
        registryAuth = credentials;
        return this;
    }

    public dev.swarmops.gate.Sensitive registryAuth() {
        return registryAuth;
    }

    public boolean isJob() {
        return mode == Mode.REPLICATED_JOB;
    }

    public List<FileRef> secrets() {
        return secrets == null ? List.of() : secrets;
    }

    public List<FileRef> configs() {
        return configs == null ? List.of() : configs;
    }

    /**
     * Lay the mentioned fields over a live spec (or an empty one to create), resolving network,
     * secret and config names to ids through {@code ids}.
     */
    public ObjectNode overlay(JsonNode live, ServiceRefs ids) {
        ObjectNode s = live == null || live.isMissingNode() ? dev.swarmops.gate.Bodies.object() : live.deepCopy();
        s.put("Name", name);
        ObjectNode task = s.with("TaskTemplate");
        ObjectNode c = task.with("ContainerSpec");
        if (image != null) {
            c.put("Image", image);
        }
        if (args != null) {
            strings(c, "Args", args);
        }
        if (env != null) {
            List<String> kv = new ArrayList<>();
            env.forEach((k, v) -> kv.add(k + "=" + v));
            strings(c, "Env", kv);
        }
        if (hostname != null) {
            c.put("Hostname", hostname);
        }
        if (user != null) {
            c.put("User", user);
        }
        if (readOnly != null) {
            c.put("ReadOnly", readOnly);
        }
        if (capDrop != null) {
            strings(c, "CapabilityDrop", capDrop);
        }
        if (mounts != null) {
            ArrayNode a = c.putArray("Mounts");
            for (Mount m : mounts) {
                ObjectNode o = a.addObject().put("Type", m.type()).put("Target", m.target()).put("ReadOnly", m.readOnly());
                if (m.source() != null) {
                    o.put("Source", m.source());
                }
            }
        }
        if (secrets != null) {
            files(c.putArray("Secrets"), secrets, "Secret", ids);
        }
        if (configs != null) {
            files(c.putArray("Configs"), configs, "Config", ids);
        }
        if (restartCondition != null) {
            task.with("RestartPolicy").put("Condition", restartCondition);
        }
        if (constraints != null) {
            strings(task.with("Placement"), "Constraints", constraints);
        }
        if (limitCpu != null) {
            task.with("Resources").with("Limits").put("NanoCPUs", limitCpu);
        }
        if (limitMemory != null) {
            task.with("Resources").with("Limits").put("MemoryBytes", limitMemory);
        }
        if (limitPids != null) {
            task.with("Resources").with("Limits").put("Pids", limitPids);
        }
        if (genericResources != null) {
            ArrayNode g = task.with("Resources").with("Reservations").putArray("GenericResources");
            genericResources.forEach((k, v) -> g.addObject().putObject("DiscreteResourceSpec").put("Kind", k).put("Value", v));
        }
        if (networks != null) {
            ArrayNode n = task.putArray("Networks");
            networks.forEach(net -> n.addObject().set("Target", ids.networkId(net)));
        }
        if (mode != null || replicas != null) {
            overlayMode(s);
        }
        if (updateOrder != null) {
            s.with("UpdateConfig").put("Order", updateOrder);
        }
        if (endpointMode != null) {
            s.with("EndpointSpec").put("Mode", endpointMode);
        }
        if (labels != null) {
            ObjectNode l = s.with("Labels");
            labels.forEach(l::put);
        }
        if (ports != null) {
            ArrayNode p = s.with("EndpointSpec").putArray("Ports");
            for (Port port : ports) {
                p.addObject().put("Protocol", port.protocol()).put("TargetPort", port.target())
                        .put("PublishedPort", port.published()).put("PublishMode", "host");
            }
        }
        return s;
    }

    private void overlayMode(ObjectNode s) {
        boolean job = mode == Mode.REPLICATED_JOB || (mode == null && s.path("Mode").has("ReplicatedJob"));
        long n = replicas != null ? replicas : job ? s.path("Mode").path("ReplicatedJob").path("TotalCompletions").asLong(1)
                : s.path("Mode").path("Replicated").path("Replicas").asLong(1);
        ObjectNode m = s.putObject("Mode");
        if (job) {
            m.putObject("ReplicatedJob").put("MaxConcurrent", n).put("TotalCompletions", n);
        } else {
            m.putObject("Replicated").put("Replicas", n);
        }
    }

    private static void files(ArrayNode a, List<FileRef> refs, String kind, ServiceRefs ids) {
        for (FileRef r : refs) {
            ObjectNode o = a.addObject();
            o.putObject("File").put("Name", r.target()).put("UID", "0").put("GID", "0").put("Mode", 0444);
            o.set(kind + "ID", ids.dataId(kind.toLowerCase(), r.name()));
            o.put(kind + "Name", r.name());
        }
    }

    private static void strings(ObjectNode parent, String field, List<String> values) {
        ArrayNode a = parent.putArray(field);
        values.forEach(a::add);
    }

    private static <T> List<T> append(List<T> list, T v) {
        List<T> out = list == null ? new ArrayList<>() : list;
        out.add(v);
        return out;
    }

    /** A spec's image without the digest the engine pins ({@code name:tag@sha256:…} → {@code name:tag}). */
    public static String imageOf(JsonNode spec) {
        String image = spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText();
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
    }
}
