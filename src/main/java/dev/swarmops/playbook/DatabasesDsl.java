package dev.swarmops.playbook;

import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import dev.swarmops.gate.Sensitive;
import dev.swarmops.ops.BadInputException;
import dev.swarmops.ops.JobResult;
import dev.swarmops.ops.Postgres;
import dev.swarmops.ops.ServiceSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code databases} in a playbook: PostgreSQL restores run as one-shot tasks from the database's
 * own image, on this node (the backup directory is bind-mounted read-only), reaching the database
 * service by name; the password comes from its secret inside the task.
 *
 * <pre>{@code
 * databases.restore(service: 'platform-master-postgres', db: 'platform', user: 'platform',
 *                   passwordSecret: 'platform_master_pg_password', backupDir: '/root/backups/LATEST',
 *                   dump: 'platform.sql', rowcounts: 'rowcounts-platform.txt',
 *                   image: 'postgres:16-alpine', network: 'platform_challenges')
 * }</pre>
 *
 * A restore is recorded as a config {@code restored-SERVICE-HASH} holding the verified counts, so a
 * second run with the same dump is a no-op; a database that already holds tables is never
 * restored over (the task refuses).
 */
public final class DatabasesDsl {

    private static final int WAIT_SECONDS = 120;
    private final RunContext ctx;

    DatabasesDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Check that a database URL held in one variable names this service, database and user, and
     * the password held in another, so the master does not start against the wrong credentials.
     * The error names the variable and the part that differs, never a value.
     */
    public void checkUrl(@NamedParams({@NamedParam(value = "urlEnv", type = String.class, required = true), @NamedParam(value = "passwordEnv", type = String.class, required = true), @NamedParam(value = "host", type = String.class, required = true), @NamedParam(value = "db", type = String.class, required = true), @NamedParam(value = "user", type = String.class, required = true)}) Map<String, Object> attrs) {
        Named.check("databases.checkUrl", attrs, DatabasesDsl.class, "checkUrl");
        String urlVar = str(attrs, "urlEnv");
        String passwordVar = str(attrs, "passwordEnv");
        String url = ctx.env().getOrDefault(urlVar, "");
        java.util.regex.Matcher m = URL.matcher(url);
        String where = "$" + urlVar + " does not fit " + str(attrs, "host") + ": ";
        if (!m.matches()) {
            throw new BadInputException(where + "it is not a postgresql://USER:PASSWORD@HOST:PORT/DB URL");
        }
        for (String part : List.of("user", "host", "db")) {
            if (!m.group(part).equals(str(attrs, part))) {
                throw new BadInputException(where + "its " + part + " is not " + str(attrs, part));
            }
        }
        byte[] password = java.net.URLDecoder.decode(m.group("password").replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Sensitive expected = Sensitive.fromEnv(passwordVar, ctx.env(), Sensitive.Encoding.TEXT);
        if (!expected.matches(password)) {
            throw new BadInputException(where + "its password is not the value of $" + passwordVar);
        }
    }

    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile(
            "postgres(?:ql)?(?:\\+asyncpg)?://(?<user>[^:@/]+):(?<password>[^@]*)@(?<host>[^:/?]+)(?::\\d+)?/(?<db>[^?/]+)(?:\\?.*)?");

    public void restore(@NamedParams({@NamedParam(value = "service", type = String.class, required = true), @NamedParam(value = "db", type = String.class, required = true), @NamedParam(value = "user", type = String.class, required = true), @NamedParam(value = "passwordSecret", type = String.class, required = true), @NamedParam(value = "backupDir", type = String.class, required = true), @NamedParam(value = "dump", type = String.class, required = true), @NamedParam(value = "rowcounts", type = String.class), @NamedParam(value = "image", type = String.class, required = true), @NamedParam(value = "network", type = String.class, required = true)}) Map<String, Object> attrs) throws InterruptedException {
        Named.check("databases.restore", attrs, DatabasesDsl.class, "restore");
        String service = str(attrs, "service");
        Postgres.Target target = new Postgres.Target(service, str(attrs, "db"), str(attrs, "user"));
        Path dir = Path.of(str(attrs, "backupDir"));
        String dump = str(attrs, "dump");
        Path dumpPath = dir.resolve(dump);
        if (!Files.isRegularFile(dumpPath)) {
            throw new BadInputException("restore " + service + ": " + dumpPath + " does not exist");
        }
        String record = recordName(service, dumpPath);
        if (ctx.ops().configs().find(record).isPresent()) {
            ctx.unchanged("database " + target.db() + " on " + service + " was restored from " + dumpPath + " (config " + record + ")");
            return;
        }
        Map<String, Long> baseline = baseline(attrs, dir, service);
        JobResult r = runTask("restore", attrs, Postgres.restoreScript(target, dump, WAIT_SECONDS), dir, true);
        if (r.state().equals("planned")) {
            ctx.say("then: verify the row counts against " + (baseline == null ? "(no baseline file)" : dir.resolve(str(attrs, "rowcounts"))));
            recordRestore(record, service, "(counts verified at apply)");
            return;
        }
        if (r.exitCode() != 0) {
            throw new PlaybookFailure("restore of " + service + " from " + dumpPath + " failed (exit " + r.exitCode() + "): "
                    + lastLine(r.logs(), r.message()));
        }
        Map<String, Long> live = Postgres.countsFromOutput(r.logs());
        String counts = live.isEmpty() ? "no tables" : Postgres.describe(live);
        ctx.say("restored " + service + ": " + counts);
        if (baseline != null) {
            List<String> off = Postgres.mismatches(baseline, live);
            if (!off.isEmpty()) {
                throw new PlaybookFailure("row counts of " + service + " differ from the baseline after the restore: " + String.join("; ", off));
            }
            ctx.say("row counts match the baseline (" + baseline.size() + (baseline.size() == 1 ? " table)" : " tables)"));
        }
        recordRestore(record, service, counts);
    }

    /**
     * Dump a database into {@code outDir} as {@code dump} (plain SQL) with {@code rowcounts}
     * beside it: the row counts of that dump, in the format {@link #restore} verifies against.
     * Returns the counts (empty in a dry-run).
     */
    public Map<String, Long> dump(@NamedParams({@NamedParam(value = "service", type = String.class, required = true), @NamedParam(value = "db", type = String.class, required = true), @NamedParam(value = "user", type = String.class, required = true), @NamedParam(value = "passwordSecret", type = String.class, required = true), @NamedParam(value = "outDir", type = String.class, required = true), @NamedParam(value = "dump", type = String.class, required = true), @NamedParam(value = "rowcounts", type = String.class, required = true), @NamedParam(value = "image", type = String.class, required = true), @NamedParam(value = "network", type = String.class, required = true)}) Map<String, Object> attrs) throws InterruptedException {
        Named.check("databases.dump", attrs, DatabasesDsl.class, "dump");
        String service = str(attrs, "service");
        Postgres.Target target = new Postgres.Target(service, str(attrs, "db"), str(attrs, "user"));
        Path dir = Path.of(str(attrs, "outDir"));
        JobResult r = runTask("dump", attrs, Postgres.dumpScript(target, str(attrs, "dump"), str(attrs, "rowcounts"), WAIT_SECONDS), dir, false);
        if (r.state().equals("planned")) {
            return Map.of();
        }
        if (r.exitCode() != 0) {
            throw new PlaybookFailure("dump of " + service + " failed (exit " + r.exitCode() + "): " + lastLine(r.logs(), r.message()));
        }
        Map<String, Long> counts = Postgres.countsFromOutput(r.logs());
        ctx.say("dumped " + service + " to " + dir.resolve(str(attrs, "dump")) + ": " + (counts.isEmpty() ? "no tables" : Postgres.describe(counts)));
        return counts;
    }

    /** A one-shot task from the database's image on this node: the directory bound at /backup, the password from its secret. */
    private JobResult runTask(String what, Map<String, Object> attrs, String script, Path dir, boolean readOnly) throws InterruptedException {
        ServiceSpec task = new ServiceSpec(taskName(what + "-", str(attrs, "service"))).image(str(attrs, "image"))
                .args(List.of("sh", "-c", script))
                .secret(str(attrs, "passwordSecret"), Path.of(Postgres.PASSWORD_FILE).getFileName().toString())
                .mount("bind", dir.toString(), Postgres.BACKUP_DIR, readOnly)
                .network(str(attrs, "network"))
                .constraint("node.hostname==" + ctx.ops().nodes().self().hostname())
                .label("swarmops.task", what);
        return ctx.ops().jobs().runOnce(task, Duration.ofSeconds(WAIT_SECONDS + 600), ctx::say);
    }

    private Map<String, Long> baseline(Map<String, Object> attrs, Path dir, String service) {
        Object name = attrs.get("rowcounts");
        Path file = name == null ? null : dir.resolve(name.toString());
        if (file == null || !Files.isRegularFile(file)) {
            ctx.warn("no row-count baseline " + (file == null ? "named" : file) + ": the restore of " + service + " is not verified");
            return null;
        }
        return Postgres.parseBaseline(file.toString(), ctx.host().read(file.toString()).orElse(""));
    }

    private void recordRestore(String record, String service, String counts) {
        ctx.ops().configs().createText(record, counts, "row counts of the restore of " + service, Map.of("swarmops.restored", service));
    }

    /** restored-SERVICE-HASH: the dump's content hash, so a new dump is a new restore. */
    private static String recordName(String service, Path dump) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(dump), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            String hash = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 12);
            return taskName("restored-", service + "-" + hash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dump + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String taskName(String prefix, String what) {
        String n = (prefix + what).replaceAll("[^A-Za-z0-9_.-]", "-");
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    static String lastLine(String logs, String fallback) {
        return logs.strip().lines().reduce((a, b) -> b).orElse(fallback);
    }

    static String str(Map<String, Object> attrs, String key) {
        Object v = attrs.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new BadInputException("missing '" + key + ":'");
        }
        return v.toString();
    }
}
