package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.host.DaemonJson;
import dev.swarmops.host.Host;
import dev.swarmops.host.HttpProbe;
import dev.swarmops.host.Probe;

import java.util.List;
import java.util.Map;

/**
 * {@code host} in a playbook: reads and probes run in a dry-run too; writes and commands are
 * gated mutations.
 *
 * <pre>{@code
 * host.mergeDaemonJson('/etc/docker/daemon.json', ['no-new-privileges': true])
 * host.run('restart the engine', ['systemctl', 'restart', 'docker'])
 * if (!host.unitEnabled('platform-supervisor.service')) host.run('enable it', ['systemctl', 'enable', '--now', 'platform-supervisor.service'])
 * }</pre>
 */
public final class HostDsl {

    private final RunContext ctx;
    private final Host host;

    HostDsl(RunContext ctx, Host host) {
        this.ctx = ctx;
        this.host = host;
    }

    public boolean exists(String path) {
        return host.exists(path);
    }

    /** The file's text, or null when absent. */
    public String read(String path) {
        return host.read(path).orElse(null);
    }

    /** Write the file when it differs; true when that took a mutation. */
    public boolean write(String path, String text) {
        return write(path, text, "0644");
    }

    public boolean write(String path, String text, String mode) {
        if (host.write(path, text, mode).isEmpty()) {
            ctx.unchanged(path + " matches");
            return false;
        }
        return true;
    }

    /** Create a directory (and parents) when absent; true when that took a mutation. */
    public boolean mkdir(String path, String mode) {
        if (host.mkdir(path, mode).isEmpty()) {
            ctx.unchanged(path + " is a directory");
            return false;
        }
        return true;
    }

    /**
     * The endpoint mode for services reached by name: {@code auto} gives dnsrr where this kernel
     * has no IPVS. {@code mode()} and {@code why()}.
     */
    public dev.swarmops.host.EndpointMode endpointMode(String setting) {
        try {
            return dev.swarmops.host.EndpointMode.choose(setting, java.nio.file.Path.of("/proc"), java.nio.file.Path.of("/boot"));
        } catch (IllegalArgumentException e) {
            throw new dev.swarmops.ops.BadInputException(e.getMessage());
        }
    }

    /** Merge keys into a daemon.json, keeping the operator's; live-restore is removed and the reason said. */
    public boolean mergeDaemonJson(String path, Map<String, Object> wanted) {
        DaemonJson.Merged m = DaemonJson.merge(path, host.read(path).orElse(null), wanted);
        m.notes().forEach(ctx::warn);
        return write(path, m.content(), "0644");
    }

    /**
     * Merge keys into daemon.json, validate the result, write it and restart the engine, then wait
     * until it answers — only {@code when} the playbook's destructive flag was given; otherwise show
     * what would change and the manual steps, and count the step as skipped.
     * <pre>{@code host.installDaemonJson(path: p, keys: k, validate: [...], restart: [...], when: opts.restartDockerd, flag: 'restart-dockerd')}</pre>
     */
    @SuppressWarnings("unchecked")
    public void installDaemonJson(@NamedParams({@NamedParam(value = "path", type = String.class, required = true), @NamedParam(value = "keys", type = Map.class, required = true), @NamedParam(value = "when", type = Boolean.class), @NamedParam(value = "flag", type = String.class, required = true), @NamedParam(value = "validate", type = List.class), @NamedParam(value = "restart", type = List.class, required = true)}) Map<String, Object> attrs) throws InterruptedException {
        Named.check("host.installDaemonJson", attrs, HostDsl.class, "installDaemonJson");
        String path = (String) attrs.get("path");
        Map<String, Object> keys = (Map<String, Object>) attrs.get("keys");
        List<String> restart = commandList(attrs, "restart");
        String current = read(path);
        DaemonJson.Merged merged = DaemonJson.merge(path, current, keys);
        if (merged.content().equals(current)) {
            ctx.unchanged(path + " matches");
            return;
        }
        merged.notes().forEach(ctx::warn);
        if (!Boolean.TRUE.equals(attrs.get("when"))) {
            ctx.tally().countSkipped();
            ctx.say("needs changes (not written: needs --" + attrs.get("flag") + "):");
            dev.swarmops.host.LineDiff.of(current == null ? "" : current, merged.content()).forEach(l -> ctx.say("  " + l));
            ctx.say("by hand: write it, check with 'dockerd --validate --config-file " + path + "', then '" + String.join(" ", restart) + "'");
            return;
        }
        List<String> validate = (List<String>) attrs.get("validate");
        // the validate command comes from settings: it runs only when the change is made, never in a plan
        if (validate != null && !validate.isEmpty() && !ctx.gate().applies()) {
            ctx.say("then: validate with '" + String.join(" ", validate) + "' before writing");
        } else if (validate != null && !validate.isEmpty()) {
            Probe.Result check = Probe.run(validate.stream().map(String::valueOf).toList(), merged.content());
            if (check.exit() == 0) {
                ctx.say("dockerd --validate: configuration OK");
            } else if (check.exit() < 0 || check.output().contains("unknown flag")) {
                ctx.warn("this dockerd cannot validate a configuration; writing it unvalidated");
            } else {
                throw new PlaybookFailure("the merged daemon.json was rejected by validation: "
                        + check.output().strip().lines().reduce((a, b) -> b).orElse(""));
            }
        }
        host.write(path, merged.content(), "0644");
        run("restart the engine to load " + path, restart);
        new SwarmDsl(ctx).waitForEngine(90);
    }

    public void run(String purpose, List<?> argv) {
        host.run(purpose, argv.stream().map(String::valueOf).toList());   // "$dir/x" arrives as a GString
    }

    /**
     * Run {@code body} with this machine's engine stopped ({@code stop}), and start it again
     * ({@code start}) even when the body fails, then wait until it answers ({@code seconds}).
     * Swarm mode refuses live-restore, so the engine's containers stop with it.
     */
    public void whileEngineStopped(@NamedParams({@NamedParam(value = "stop", type = List.class, required = true), @NamedParam(value = "start", type = List.class, required = true), @NamedParam(value = "seconds", type = Integer.class, required = true)}) Map<String, Object> attrs,
                                   groovy.lang.Closure<?> body) throws InterruptedException {
        Named.check("host.whileEngineStopped", attrs, HostDsl.class, "whileEngineStopped");
        run("stop the engine", commandList(attrs, "stop"));
        try {
            body.call();
        } finally {
            run("start the engine", commandList(attrs, "start"));
            new SwarmDsl(ctx).waitForEngine((Integer) attrs.get("seconds"));
        }
    }

    /** {@code cp -a FROM TO}: a directory tree with owners, modes and times. */
    public void copyTree(String from, String to) {
        run("copy " + from + " to " + to, List.of("cp", "-a", "--", from, to));
    }

    /** {@code rm -rf --one-file-system PATH}. */
    public void removeTree(String path) {
        if (path.isBlank() || path.equals("/") || !path.startsWith("/")) {
            throw new dev.swarmops.ops.BadInputException("removeTree: '" + path + "' is not an absolute path below /");
        }
        run("remove " + path, List.of("rm", "-rf", "--one-file-system", "--", path));
    }

    /** Pack DIR's content into a gzip tarball, owners and modes kept. */
    public void tar(String dir, String archive) {
        run("pack " + dir + " into " + archive, List.of("tar", "--create", "--gzip", "--numeric-owner", "--file", archive, "--directory", dir, "."));
    }

    public void untar(String archive, String dir) {
        run("unpack " + archive + " into " + dir, List.of("tar", "--extract", "--gzip", "--numeric-owner", "--same-permissions", "--file", archive,
                "--directory", dir));
    }

    /** A member of a .tar.gz as text, or null when it has none such (read-only: nothing is unpacked). */
    public String archiveMember(String archive, String name) {
        return member(archive, name).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
    }

    /** A member of a .tar.gz that holds a secret value (an unlock key): never text in the playbook. */
    public dev.swarmops.gate.Sensitive archiveSecret(String archive, String name) {
        byte[] b = member(archive, name).orElseThrow(() -> new dev.swarmops.ops.BadInputException(archive + " has no " + name));
        return dev.swarmops.gate.Sensitive.of(name + " in " + archive, new String(b, java.nio.charset.StandardCharsets.UTF_8).strip(),
                dev.swarmops.gate.Sensitive.Encoding.TEXT);
    }

    /** Write a file holding only a secret value (mode e.g. 0600); its placeholder is what plans show. */
    public boolean writeSecret(String path, dev.swarmops.gate.Sensitive value, String mode) {
        if (host.writeSecret(path, value, mode).isEmpty()) {
            ctx.unchanged(path + " holds that value");
            return false;
        }
        return true;
    }

    /** Now, UTC, as 20261129T150102Z: for names of files a run creates. */
    public String getUtcStamp() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    }

    /** Size in bytes of a file, or -1 when there is none (after an apply: what a backup wrote). */
    public long size(String path) {
        try {
            return java.nio.file.Files.size(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** An archive that cannot be read is the operator's input, not a failure of the run. */
    private static java.util.Optional<byte[]> member(String archive, String name) {
        try {
            return dev.swarmops.host.Archive.member(java.nio.file.Path.of(archive), name);
        } catch (java.io.UncheckedIOException e) {
            throw new dev.swarmops.ops.BadInputException(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> commandList(Map<String, Object> attrs, String key) {
        return ((List<Object>) attrs.get(key)).stream().map(String::valueOf).toList();
    }

    /**
     * Whether a systemd unit is enabled: a named, read-only probe (the only command a playbook can
     * have run in a dry-run is one of these, never a command of its own).
     */
    public boolean unitEnabled(String unit) {
        if (!unit.matches("[A-Za-z0-9@_.-]+\\.(service|timer|socket|target)")) {
            throw new dev.swarmops.ops.BadInputException("unitEnabled: '" + unit + "' is not a systemd unit name");
        }
        return host.probe(List.of("systemctl", "is-enabled", "--quiet", unit)).exit() == 0;
    }

    /** The merged daemon.json text, without writing it (to validate or to show). */
    public String mergedDaemonJson(String path, Map<String, Object> wanted) {
        return DaemonJson.merge(path, host.read(path).orElse(null), wanted).content();
    }

    /** Whether an address belongs to one of this machine's interfaces. */
    public boolean isLocalAddress(String addr) {
        return dev.swarmops.host.LocalAddresses.contains(addr);
    }

    public boolean has(String program) {
        return host.has(program);
    }

    public int httpGet(String url) {
        return HttpProbe.get(url, 3000);
    }

    /** GET until it answers {@code want} or {@code seconds} pass (a task just started may not listen yet); the last status, -1 for none. */
    public int waitHttp(String url, int want, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int code = httpGet(url);
        while (code != want && System.nanoTime() < deadline) {
            Thread.sleep(200);
            code = httpGet(url);
        }
        return code;
    }
}
