package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.ops.BadInputException;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base class of every playbook. A playbook's top level declares; its steps act.
 *
 * <pre>{@code
 * @groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook
 *
 * description 'Drain a node and bring it back'
 * option 'node', type: String, required: true, help: 'node to drain'
 *
 * step('drain') { nodes.drain(opts.node) }
 * }</pre>
 */
public abstract class Playbook extends Script {

    private String description = "";
    private String settingsFile;
    private final List<OptionDecl> options = new ArrayList<>();
    private final List<StepDecl> steps = new ArrayList<>();
    private RunContext ctx;
    private SwarmDsl swarm;
    private NodesDsl nodes;
    private NetworksDsl networks;
    private DataDsl secrets;
    private DataDsl configs;
    private ServicesDsl services;
    private HostDsl host;
    private EnrollDsl worker;
    private ManagersDsl managers;
    private JobsDsl jobs;
    private DatabasesDsl databases;
    private VolumesDsl volumes;

    // ---- declarations (top level) ----

    public void description(String text) {
        description = text;
    }

    /** {@code option 'restart-dockerd', type: Boolean, destructive: true, help: '…'}. */
    public void option(@NamedParams({@NamedParam(value = "type", type = Class.class), @NamedParam(value = "default", type = Object.class), @NamedParam(value = "help", type = String.class), @NamedParam(value = "destructive", type = Boolean.class), @NamedParam(value = "required", type = Boolean.class)}) Map<String, Object> attrs, String name) {
        Named.check("option", attrs, Playbook.class, "option");
        Class<?> type = (Class<?>) attrs.getOrDefault("type", Boolean.class);
        options.add(new OptionDecl(name, type, attrs.get("default"), String.valueOf(attrs.getOrDefault("help", "")),
                Boolean.TRUE.equals(attrs.get("destructive")), Boolean.TRUE.equals(attrs.get("required"))));
    }

    /** The defaults file, beside the playbook; {@code --config FILE} overlays it. */
    public void settings(String file) {
        settingsFile = file;
    }

    public void step(String name, @DelegatesTo(value = Playbook.class, strategy = Closure.OWNER_FIRST) Closure<?> body) {
        step(Map.of(), name, body);
    }

    /** {@code step('restart engine', requires: 'restart-dockerd') { … }}; {@code applyOnly: true} for checks. */
    public void step(@NamedParams({@NamedParam(value = "requires", type = String.class), @NamedParam(value = "applyOnly", type = Boolean.class)}) Map<String, Object> attrs, String name,
                     @DelegatesTo(value = Playbook.class, strategy = Closure.OWNER_FIRST) Closure<?> body) {
        Named.check("step", attrs, Playbook.class, "step");
        String requires = (String) attrs.get("requires");
        if (requires != null && options.stream().noneMatch(o -> o.name().equals(requires) && o.flag())) {
            throw new IllegalArgumentException("step '" + name + "' requires '" + requires + "', which is not a declared Boolean option");
        }
        steps.add(new StepDecl(name, requires, Boolean.TRUE.equals(attrs.get("applyOnly")), body));
    }

    String getPlaybookDescription() {
        return description;
    }

    String settingsFile() {
        return settingsFile;
    }

    List<OptionDecl> declaredOptions() {
        return Collections.unmodifiableList(options);
    }

    List<StepDecl> declaredSteps() {
        return Collections.unmodifiableList(steps);
    }

    void bind(RunContext context) {
        ctx = context;
        swarm = new SwarmDsl(context);
        nodes = new NodesDsl(context);
        networks = new NetworksDsl(context);
        secrets = new DataDsl(context, context.ops().secrets());
        configs = new DataDsl(context, context.ops().configs());
        services = new ServicesDsl(context);
        host = new HostDsl(context, context.host());
        worker = new EnrollDsl(context);
        managers = new ManagersDsl(context);
        jobs = new JobsDsl(context);
        databases = new DatabasesDsl(context);
        volumes = new VolumesDsl(context);
    }

    // ---- what steps use ----

    public SwarmDsl getSwarm() {
        return swarm;
    }

    public NodesDsl getNodes() {
        return nodes;
    }

    public NetworksDsl getNetworks() {
        return networks;
    }

    public DataDsl getSecrets() {
        return secrets;
    }

    public DataDsl getConfigs() {
        return configs;
    }

    public ServicesDsl getServices() {
        return services;
    }

    public HostDsl getHost() {
        return host;
    }

    public JobsDsl getJobs() {
        return jobs;
    }

    public DatabasesDsl getDatabases() {
        return databases;
    }

    public VolumesDsl getVolumes() {
        return volumes;
    }

    public EnrollDsl getWorker() {
        return worker;
    }

    public ManagersDsl getManagers() {
        return managers;
    }

    /** Option values by name, both {@code opts['restart-dockerd']} and {@code opts.restartDockerd}. */
    public Map<String, Object> getOpts() {
        Map<String, Object> m = new LinkedHashMap<>();
        ctx.options().forEach((k, v) -> {
            m.put(k, v);
            m.put(camel(k), v);
        });
        return m;
    }

    /** The merged settings. */
    public Map<String, Object> getCfg() {
        return ctx.settings();
    }

    /**
     * The environment; a variable holding a secret (by its name, or given to a {@code fromEnv:})
     * answers only whether it is set: its value reaches the gate through the primitives, never
     * the playbook's own code.
     */
    public Map<String, String> getEnv() {
        Map<String, String> view = new LinkedHashMap<>();
        ctx.env().forEach((k, v) -> view.put(k, dev.swarmops.gate.Redactor.secretName(k) && !v.isEmpty() ? "<$" + k + " is set>" : v));
        return java.util.Collections.unmodifiableMap(view);
    }

    /** The engine's version, e.g. {@code 26.1.5+dfsg1}; {@code none} when planning without an engine. */
    public String getEngineVersion() {
        return ctx.ops().engine().version().engine();
    }

    /** Whether the engine is at least {@code minimum} (numeric, dotted: 23.0 &lt; 26.1.5). */
    public boolean engineAtLeast(String minimum) {
        String[] have = getEngineVersion().split("[^0-9.]", 2)[0].split("\\.");
        String[] want = minimum.split("\\.");
        for (int i = 0; i < Math.max(have.length, want.length); i++) {
            int h = i < have.length && !have[i].isEmpty() ? Integer.parseInt(have[i]) : 0;
            int w = i < want.length ? Integer.parseInt(want[i]) : 0;
            if (h != w) {
                return h > w;
            }
        }
        return true;
    }

    /** True under --apply: mutations happen. Steps rarely need it; the gate already decides. */
    public boolean isApplying() {
        return ctx.gate().applies();
    }

    public void say(Object what) {
        ctx.say(String.valueOf(what));
    }

    public void warn(Object what) {
        ctx.warn(String.valueOf(what));
    }

    public void fail(Object why) {
        throw new PlaybookFailure(String.valueOf(why));
    }

    /**
     * The daemon.json keys for an engine of this class ({@code manager}, {@code cpu}, {@code gpu}),
     * log rotation from the settings' {@code daemon} section; GPU workers also advertise their GPUs.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> daemonKeys(String workload, List<String> gpuUuids) {
        Map<String, Object> daemon = (Map<String, Object>) getCfg().get("daemon");
        Map<String, Object> base = dev.swarmops.host.DaemonJson.base(String.valueOf(daemon.get("log_max_size")),
                String.valueOf(daemon.get("log_max_file")));
        if (!workload.equals("gpu")) {
            return base;
        }
        Map<String, Object> nvidia = (Map<String, Object>) getCfg().getOrDefault("nvidia", Map.of());
        return dev.swarmops.host.DaemonJson.gpu(base, gpuUuids, String.valueOf(nvidia.getOrDefault("runtime_path", "nvidia-container-runtime")));
    }

    /** Render settings as YAML (block style), e.g. for master.yaml. */
    public String yaml(Map<String, Object> data) {
        org.yaml.snakeyaml.DumperOptions o = new org.yaml.snakeyaml.DumperOptions();
        o.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        return new org.yaml.snakeyaml.Yaml(o).dump(data);
    }

    /** A YAML mapping read back (a backup's manifest): plain maps, lists and scalars only, as SnakeYAML's safe loader gives. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> readYaml(String text) {
        Object o;
        try {
            o = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(text);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            // a tag naming a Java class (the classic SnakeYAML gadget) lands here too: nothing was constructed
            throw new BadInputException("readYaml: " + e.getMessage().lines().findFirst().orElse("not YAML"));
        }
        if (!(o instanceof Map)) {
            throw new BadInputException("readYaml: not a YAML mapping");
        }
        return (Map<String, Object>) o;
    }

    /** Bad input found by the playbook itself (exit 2, like any bad input). */
    public void reject(Object why) {
        throw new BadInputException(String.valueOf(why));
    }

    static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
