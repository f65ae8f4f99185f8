package dev.swarmops.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.engine.Engine;

import java.util.List;
import java.util.Optional;

/**
 * /etc/docker/daemon.json (or the running dockerd's --config-file, or --daemon-json): it parses,
 * it has no live-restore, it sets no-new-privileges and rotates logs. Where the engine answers,
 * what it runs with now ({@code /info}) is compared too: a file edited without a restart.
 */
final class DaemonJsonChecks {

    static final String FILE = "daemon.json";
    static final String LIVE_RESTORE = "live-restore";
    static final String NO_NEW_PRIVILEGES = "no-new-privileges";
    static final String LOG_ROTATION = "log rotation";

    /** The file parsed, or why not; {@code root} is an empty object when the file does not exist. */
    record Parsed(ObjectNode root, String error, boolean exists) { }

    private DaemonJsonChecks() {
    }

    static List<Check> all() {
        return List.of(
                Rule.host(FILE, Rule.ALL, Needs.NOTHING, DaemonJsonChecks::file),
                Rule.host(LIVE_RESTORE, Rule.ALL, Needs.NOTHING, f -> liveRestore(f.daemonJson(), live(f))),
                Rule.host(NO_NEW_PRIVILEGES, Rule.ALL, Needs.NOTHING, f -> noNewPrivileges(f.daemonJson(), live(f))),
                Rule.host(LOG_ROTATION, Rule.ALL, Needs.NOTHING, f -> logRotation(f.daemonJson(), live(f))));
    }

    static Parsed parse(Optional<String> text) {
        if (text.isEmpty()) {
            return new Parsed(Engine.JSON.createObjectNode(), null, false);
        }
        if (text.get().isBlank()) {
            return new Parsed(Engine.JSON.createObjectNode(), null, true);
        }
        try {
            JsonNode n = Engine.JSON.readTree(text.get());
            if (!(n instanceof ObjectNode o)) {
                return new Parsed(null, "not a JSON object", true);
            }
            return new Parsed(o, null, true);
        } catch (JsonProcessingException e) {
            return new Parsed(null, "not valid JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "): " + e.getOriginalMessage(), true);
        }
    }

    /** The engine's {@code /info} when it answers, to compare with the file; a missing node otherwise. */
    static JsonNode live(Facts f) {
        try {
            return f.unreachable().isEmpty() && f.unusable().isEmpty() ? f.info() : MissingNode.getInstance();
        } catch (RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    static Finding file(Facts f) {
        String where = f.daemonJsonPath() + " (" + f.daemonJsonSource() + ")";
        return file(where, parse(f.daemonJsonText()));
    }

    static Finding file(String where, Parsed p) {
        if (p.error() != null) {
            return Finding.fail(where + " is " + p.error() + "; the engine will not start with it",
                    "fix the file (check it with: dockerd --validate --config-file " + where.replaceFirst(" \\(.*$", "") + ")");
        }
        if (!p.exists()) {
            return Finding.ok(where + " does not exist: engine defaults");
        }
        return Finding.ok(where + " parses: " + (p.root().isEmpty() ? "no keys" : String.join(", ", iterable(p.root()))));
    }

    static Finding liveRestore(ObjectNode cfg, JsonNode live) {
        String fix = "remove \"live-restore\" from daemon.json (and --live-restore from the engine's command line) and restart "
                + "the engine; swarmops worker daemon-json / the enroll playbooks never write it";
        if (cfg.path("live-restore").asBoolean(false)) {
            return Finding.fail("daemon.json sets \"live-restore\": true, which is incompatible with swarm mode: after a restart "
                    + "the engine will not start its cluster component", fix);
        }
        if (live.path("LiveRestoreEnabled").asBoolean(false)) {
            return Finding.fail("the engine runs with live-restore (a --live-restore flag, or a file edited since), "
                    + "which is incompatible with swarm mode: after a restart the engine will not start its cluster component", fix);
        }
        return Finding.ok(cfg.has("live-restore") ? "\"live-restore\": " + cfg.get("live-restore") + " (off)" : "absent");
    }

    static Finding noNewPrivileges(ObjectNode cfg, JsonNode live) {
        boolean file = cfg.path("no-new-privileges").asBoolean(false);
        boolean running = false;
        for (JsonNode o : live.path("SecurityOptions")) {
            running |= o.asText().equals("name=no-new-privileges");
        }
        if (file && !live.isMissingNode() && !running) {
            return Finding.warn("daemon.json sets \"no-new-privileges\": true, but the running engine does not have it yet",
                    "restart the engine to apply daemon.json");
        }
        if (file || running) {
            return Finding.ok(file ? "\"no-new-privileges\": true" : "the running engine has no-new-privileges (flag)");
        }
        return Finding.warn("no-new-privileges is off: a container process can gain privileges through setuid binaries "
                        + "(services cannot set --security-opt, so the engine must)",
                "add \"no-new-privileges\": true to daemon.json and restart the engine");
    }

    static Finding logRotation(ObjectNode cfg, JsonNode live) {
        String driver = cfg.path("log-driver").asText(live.path("LoggingDriver").asText("json-file"));
        JsonNode opts = cfg.path("log-opts");
        String fix = "set \"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"50m\", \"max-file\": \"5\"} in daemon.json "
                + "and restart the engine (existing containers keep their old settings until recreated)";
        switch (driver) {
            case "json-file" -> {
                if (!opts.has("max-size")) {
                    return Finding.warn("json-file logs without \"max-size\" grow until the disk is full", fix);
                }
                return Finding.ok("json-file, max-size " + opts.path("max-size").asText() + ", max-file "
                        + opts.path("max-file").asText("1 (default)"));
            }
            case "local" -> {
                return Finding.ok("local driver: rotates by itself (max-size " + opts.path("max-size").asText("20m") + ", max-file "
                        + opts.path("max-file").asText("5") + ")");
            }
            case "none" -> {
                return Finding.ok("log-driver none: nothing is kept");
            }
            default -> {
                return Finding.ok("log-driver " + driver + ": rotation is that system's job");
            }
        }
    }

    private static Iterable<String> iterable(ObjectNode o) {
        List<String> keys = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
