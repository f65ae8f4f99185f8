package dev.swarmops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.engine.Endpoint;
import dev.swarmops.engine.Engine;
import dev.swarmops.engine.EngineException;
import dev.swarmops.engine.EngineUnreachableException;
import dev.swarmops.engine.EngineVersion;
import dev.swarmops.host.KernelConfig;
import dev.swarmops.host.LocalAddresses;
import dev.swarmops.host.Probe;
import dev.swarmops.ops.Jobs;
import dev.swarmops.ops.NodeInfo;
import dev.swarmops.ops.SwarmOps;
import dev.swarmops.ops.SwarmState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything checks read, gathered on first use and kept for the run: one {@code /info}, one node
 * list, one read of daemon.json, however many checks ask. A failure to gather is kept too and
 * thrown again to each asker. Reads only: the primitives run through a gate that refuses every
 * mutation, commands go through the read-only {@link Probe}.
 *
 * <p>Every method may be overridden, so a spec can hand checks canned facts.
 */
public class Facts {

    /** The interface carrying the swarm address and its MTU; {@code how} says where the MTU was read. */
    public record Underlay(String address, String iface, int mtu, String how) { }

    /** The toolkit version command that ran, and what it printed. */
    public record ToolkitProbe(List<String> command, Probe.Result result) { }

    private static final Pattern MTU = Pattern.compile("\\bmtu (\\d+)\\b");

    private final Engine engine;
    private final DoctorSettings settings;
    private final SwarmOps ops;
    private final Map<String, Object> cache = new HashMap<>();
    private Role role = Role.MANAGER;

    public Facts(Engine engine, DoctorSettings settings) {
        this.engine = engine;
        this.settings = settings;
        this.ops = engine == null ? null : new SwarmOps(engine, new ReadOnlyGate());
    }

    public DoctorSettings settings() {
        return settings;
    }

    /** The role the checks run for; {@link Doctor} sets it before running them. */
    public Role role() {
        return role;
    }

    public Facts role(Role r) {
        role = r;
        return this;
    }

    // ------------------------------------------------------------------------------------ engine

    public Endpoint endpoint() {
        return engine.endpoint();
    }

    /** Why nothing answers at the endpoint, or empty when the engine answers. */
    public Optional<String> unreachable() {
        return memo("unreachable", () -> {
            try {
                version();
                return Optional.empty();
            } catch (EngineUnreachableException e) {
                return Optional.of(e.getMessage().replaceFirst(";.*$", ""));
            } catch (EngineException e) {
                return Optional.empty();
            }
        });
    }

    /** Why an endpoint that answers cannot be used (an API older than swarmops speaks, or no engine at all), or empty. */
    public Optional<String> unusable() {
        return memo("unusable", () -> {
            try {
                version();
                return Optional.empty();
            } catch (EngineUnreachableException e) {
                return Optional.empty();
            } catch (EngineException e) {
                // status 0: our own refusal of an API older than swarmops speaks; else the endpoint is not an engine
                return Optional.of(e.status() == 0 ? e.getMessage()
                        : endpoint().uri() + " answers, but not as a Docker engine (GET /version: " + e.getMessage() + ")");
            }
        });
    }

    public EngineVersion version() {
        return memo("version", engine::version);
    }

    public JsonNode info() {
        return memo("info", () -> engine.get("/info"));
    }

    public SwarmState swarm() {
        return memo("swarm", () -> dev.swarmops.ops.Swarm.stateOf(info())); // the one /info read
    }

    /** All nodes (a manager-only read). */
    public List<NodeInfo> nodes() {
        return memo("nodes", () -> ops.nodes().list());
    }

    public Optional<JsonNode> network(String name) {
        return memo("network " + name, () -> ops.networks().find(name));
    }

    /** Every job service (label {@value Jobs#LABEL}) with its latest task. */
    public List<Jobs.JobInfo> jobs() {
        // from the job services and nodes other checks read too, not a second read of each
        return memo("jobs", () -> ops.jobs().list(List.copyOf(jobServices().values()), this::nodes));
    }

    /** The job services themselves, by name: their reservations. */
    public Map<String, JsonNode> jobServices() {
        return memo("job services", () -> {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            ops.services().list(Jobs.LABEL).forEach(s -> out.put(s.path("Spec").path("Name").asText(), s));
            return out;
        });
    }

    /** The platform's own services (label {@code platform.role}), by name. */
    public Map<String, JsonNode> platformServices() {
        return memo("platform services", () -> {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            ops.services().list(ClusterChecks.PLATFORM_ROLE).forEach(s -> out.put(s.path("Spec").path("Name").asText(), s));
            return out;
        });
    }

    /** Running containers of this engine attached to an overlay network, as "container (network)". */
    public List<String> overlayContainers() {
        return memo("overlay containers", () -> {
            Set<String> overlays = new java.util.HashSet<>();
            engine.get("/networks").forEach(n -> {
                if (n.path("Driver").asText().equals("overlay")) {
                    overlays.add(n.path("Name").asText());
                }
            });
            List<String> out = new ArrayList<>();
            for (JsonNode c : engine.get("/containers/json")) {
                String name = c.path("Names").path(0).asText(c.path("Id").asText()).replaceFirst("^/", "");
                c.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(net -> {
                    if (overlays.contains(net)) {
                        out.add(name + " (" + net + ")");
                    }
                });
            }
            return out;
        });
    }

    /** Whether the engine runs on this machine, so that host checks (files, /proc) describe it. */
    public boolean engineLocal() {
        return memo("local", () -> {
            if (!"tcp".equals(endpoint().uri().getScheme())) {
                return true;
            }
            String host = endpoint().uri().getHost();
            return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                    || LocalAddresses.contains(host);
        });
    }

    // -------------------------------------------------------------------------------------- host

    /** The dockerd behind the endpoint, when it runs here and can be told apart from others. */
    public Optional<Dockerd> dockerd() {
        return memo("dockerd", () -> engine == null ? Optional.empty() : Dockerd.serving(endpoint(), settings.procRoot()));
    }

    public Path daemonJsonPath() {
        if (settings.daemonJson() != null) {
            return settings.daemonJson();
        }
        return Path.of(dockerd().map(Dockerd::configFile).orElse(Dockerd.DEFAULT_CONFIG));
    }

    /** Where the daemon.json path came from, for the finding. */
    public String daemonJsonSource() {
        if (settings.daemonJson() != null) {
            return "--daemon-json";
        }
        return dockerd().map(d -> d.flagGiven("--config-file") ? "dockerd pid " + d.pid() + " --config-file" : "dockerd's default")
                .orElse("dockerd's default");
    }

    /** daemon.json's text; empty when the file does not exist. */
    public Optional<String> daemonJsonText() {
        return memo("daemon.json", () -> readIfExists(daemonJsonPath()));
    }

    /**
     * daemon.json as an object: empty when the file does not exist; a {@link Skip} when it does not
     * parse (the "daemon.json" check reports that once).
     */
    public com.fasterxml.jackson.databind.node.ObjectNode daemonJson() {
        return memo("daemon.json parsed", () -> {
            DaemonJsonChecks.Parsed p = DaemonJsonChecks.parse(daemonJsonText());
            if (p.error() != null) {
                throw new Skip(daemonJsonPath() + " does not parse");
            }
            return p.root();
        });
    }

    public Probe.Result nvidiaSmi() {
        return memo("nvidia-smi", () -> Probe.run(settings.nvidiaSmi()));
    }

    /** The first toolkit version command that could be started; empty when none is installed. */
    public Optional<ToolkitProbe> toolkit() {
        return memo("toolkit", () -> {
            for (List<String> cmd : settings.toolkitVersion()) {
                Probe.Result r = Probe.run(cmd);
                if (r.exit() != -1) {
                    return Optional.of(new ToolkitProbe(cmd, r));
                }
            }
            return Optional.empty();
        });
    }

    public Optional<String> nvidiaConfigText() {
        return memo("config.toml", () -> readIfExists(settings.nvidiaConfig()));
    }

    /**
     * The /proc/…/net directory showing the engine's network namespace: dockerd's own when found
     * (a dockerd in another namespace, like a rig worker's, binds its ports there), else ours.
     */
    public Path netDir() {
        return dockerd().map(d -> settings.procRoot().resolve(Integer.toString(d.pid())).resolve("net"))
                .orElse(settings.procRoot().resolve("net"));
    }

    /** How {@link #netDir()} was chosen, for findings. */
    public String netSource() {
        return dockerd().map(d -> netDir() + " (dockerd pid " + d.pid() + ", found by " + d.how() + ")")
                .orElse(netDir() + " (dockerd not found in " + settings.procRoot() + ": this process's network namespace)");
    }

    /** Bound sockets in the engine's network namespace, TCP and UDP, v4 and v6. */
    public List<ProcNet.Socket> sockets() {
        return memo("sockets", () -> {
            List<ProcNet.Socket> out = new ArrayList<>();
            for (String f : List.of("tcp", "tcp6", "udp", "udp6")) {
                readIfExists(netDir().resolve(f)).ifPresent(text -> out.addAll(ProcNet.sockets(text, f.replace("6", ""))));
            }
            if (out.isEmpty() && Files.notExists(netDir().resolve("tcp"))) {
                throw new IllegalStateException("cannot read " + netDir().resolve("tcp"));
            }
            return out;
        });
    }

    public String osRelease() {
        return memo("osrelease", () -> KernelConfig.osRelease(settings.procRoot()));
    }

    /** The running kernel's build configuration, from /proc/config.gz or /boot/config-RELEASE. */
    public Optional<KernelConfig> kernelConfig() {
        return memo("kernel config", () -> KernelConfig.read(settings.procRoot(), settings.bootRoot()));
    }

    /** The first of these kernel symbols /proc/kallsyms lists (built in or in a loaded module); empty when none or unreadable. */
    public Optional<String> kernelSymbol(Set<String> names) {
        Path kallsyms = settings.procRoot().resolve("kallsyms");
        if (!Files.isReadable(kallsyms)) {
            return Optional.empty();
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(kallsyms), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\\s+");
                if (f.length >= 3 && names.contains(f[2])) {
                    return Optional.of(f[2]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public boolean moduleLoaded(String module) {
        return Files.isDirectory(settings.sysRoot().resolve("module").resolve(module));
    }

    /** The interface carrying this node's swarm address, and its MTU; IllegalStateException saying why not. */
    public Underlay underlay() {
        return memo("underlay", () -> {
            String addr = swarm().nodeAddr();
            if (addr.isEmpty()) {
                throw new IllegalStateException("the engine reports no swarm address");
            }
            String iface = ProcNet.routeInterface(readIfExists(netDir().resolve("route")).orElse(null),
                            readIfExists(netDir().resolve("ipv6_route")).orElse(null), addr)
                    .orElseThrow(() -> new IllegalStateException("no route in " + netDir() + " covers the swarm address " + addr));
            if (sameNetns()) {
                Path mtu = settings.sysRoot().resolve("class/net").resolve(iface).resolve("mtu");
                String text = readIfExists(mtu).orElseThrow(() -> new IllegalStateException("cannot read " + mtu));
                return new Underlay(addr, iface, Integer.parseInt(text.trim()), mtu.toString());
            }
            // /sys shows the namespace that mounted it; ask the engine's namespace itself
            int pid = dockerd().orElseThrow().pid();
            List<String> cmd = List.of("nsenter", "--net=" + settings.procRoot().resolve(pid + "/ns/net"), "ip", "-o", "link", "show", "dev", iface);
            Probe.Result r = Probe.run(cmd);
            Matcher m = MTU.matcher(r.output());
            if (!r.ok() || !m.find()) {
                throw new IllegalStateException("cannot read the MTU of " + iface + " in dockerd pid " + pid + "'s network namespace ("
                        + String.join(" ", cmd) + ": " + r.output().strip() + ")");
            }
            return new Underlay(addr, iface, Integer.parseInt(m.group(1)), String.join(" ", cmd));
        });
    }

    /** Whether dockerd shares our network namespace (true when it was not found: we then read our own). */
    public boolean sameNetns() {
        return memo("same netns", () -> dockerd().map(d -> {
            try {
                Path proc = settings.procRoot();
                return Files.readSymbolicLink(proc.resolve("self/ns/net")).equals(Files.readSymbolicLink(proc.resolve(d.pid() + "/ns/net")));
            } catch (IOException | UnsupportedOperationException e) {
                return true;
            }
        }).orElse(true));
    }

    // ----------------------------------------------------------------------------------- helpers

    protected static Optional<String> readIfExists(Path p) {
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** A value computed once; a failure is kept and thrown again to every later asker. */
    @SuppressWarnings("unchecked")
    protected <T> T memo(String key, Supplier<T> compute) {
        if (!cache.containsKey(key)) {
            try {
                cache.put(key, compute.get());
            } catch (RuntimeException e) {
                cache.put(key, new Failed(e));
            }
        }
        Object v = cache.get(key);
        if (v instanceof Failed f) {
            throw f.error;
        }
        return (T) v;
    }

    private record Failed(RuntimeException error) { }
}
