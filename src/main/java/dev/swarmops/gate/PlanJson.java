package dev.swarmops.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.swarmops.engine.Endpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Machine rendering of a plan: one object per mutation, secrets as placeholders. Each names
 * where its secrets come from (never what they are), so {@link #read} can rebuild exactly the
 * mutations that were shown and {@code swarmops apply PLAN.json} can apply them.
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static ObjectNode of(Mutation m) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", m.kind());
        o.put("target", m.target());
        o.put("change", m.change().name().toLowerCase());
        o.put("cli", m.cli());
        if (!m.diff().isEmpty()) {
            ArrayNode d = o.putArray("diff");
            m.diff().forEach(d::add);
        }
        if (m instanceof EngineCall call) {
            ObjectNode api = o.putObject("api");
            api.put("method", call.request().method());
            api.put("path", call.request().path());
            if (call.request().body() != null) {
                api.set("body", Bodies.redacted(call.request().body()));
            }
            call.request().headers().forEach((k, v) -> api.with("headers").put(k, v.placeholder()));
            List<Sensitive> secrets = Bodies.sensitives(call.request().body());
            secrets.addAll(call.request().headers().values());
            if (!secrets.isEmpty()) {
                ArrayNode from = o.putArray("secrets");
                secrets.forEach(s -> {
                    ObjectNode e = from.addObject().put("placeholder", s.placeholder()).put("source", s.source())
                            .put("encoding", s.encoding().name()).put("noun", s.noun());
                    if (s.server() != null) {
                        e.put("server", s.server()).put("user", s.user());
                    }
                });
            }
            if (call.endpoint() != null) {
                o.put("endpoint", call.endpoint().uri().toString());
            }
            ObjectNode line = o.putObject("line");
            call.cliLine().argv().forEach(line.putArray("argv")::add);
            line.put("comment", call.cliLine().comment());
        } else if (m instanceof FileWrite w) {
            o.put("mode", w.mode());
            o.put("content", w.content());
            if (w.secret() != null) {
                o.put("secret", true);
            }
        } else if (m instanceof DirCreate d) {
            o.put("mode", d.mode());
        } else if (m instanceof CommandRun r) {
            ArrayNode argv = o.putArray("argv");
            r.argv().forEach(argv::add);
            o.put("purpose", r.purpose());
        }
        return o;
    }

    public static ArrayNode of(List<Outcome> outcomes) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        outcomes.forEach(o -> a.add(of(o.mutation()).put("applied", o.applied())));
        return a;
    }

    /** The plan with the engine's state it was made against, for the stale-plan check. */
    public static ArrayNode of(List<Outcome> outcomes, String state) {
        ArrayNode a = of(outcomes);
        a.forEach(o -> ((ObjectNode) o).put("state", state));
        return a;
    }

    /**
     * The mutations a saved plan shows, rebuilt: secrets read again from where the plan says they
     * come from (their variables must be set now), objects created earlier in the plan referred to
     * by name for the gate to resolve.
     */
    public static List<Mutation> read(JsonNode plan, Map<String, String> env) {
        List<Mutation> out = new ArrayList<>();
        int i = 0;
        for (JsonNode o : plan) {
            i++;
            String kind = o.path("kind").asText();
            String where = "mutation " + i + " (" + kind + " " + o.path("target").asText() + ")";
            Change change = Change.valueOf(o.path("change").asText("run").toUpperCase());
            List<String> diff = new ArrayList<>();
            o.path("diff").forEach(d -> diff.add(d.asText()));
            if (o.has("api")) {
                out.add(engineCall(o, kind, change, diff, env, where));
            } else if (kind.equals("file.write") && o.path("secret").asBoolean()) {
                throw new IllegalArgumentException(where + " writes a secret value this run read from the engine, which a saved plan cannot "
                        + "hold; run the playbook with --apply instead");
            } else if (kind.equals("file.write")) {
                out.add(new FileWrite(Path.of(o.path("target").asText()), o.path("content").asText(), o.path("mode").asText(), change, diff));
            } else if (kind.equals("dir.create")) {
                out.add(new DirCreate(Path.of(o.path("target").asText()), o.path("mode").asText()));
            } else if (o.has("argv")) {
                List<String> argv = new ArrayList<>();
                o.path("argv").forEach(a -> argv.add(a.asText()));
                out.add(new CommandRun(kind, argv, o.path("purpose").asText(null)));
            } else {
                throw new IllegalArgumentException(where + " is not one swarmops can apply");
            }
        }
        return out;
    }

    private static EngineCall engineCall(JsonNode o, String kind, Change change, List<String> diff, Map<String, String> env, String where) {
        Map<String, Sensitive> secrets = new LinkedHashMap<>();
        for (JsonNode s : o.path("secrets")) {
            secrets.put(s.path("placeholder").asText(), secret(s, env, where));
        }
        JsonNode api = o.path("api");
        JsonNode body = api.has("body") ? rebuild(api.path("body"), secrets) : null;
        Map<String, Sensitive> headers = new LinkedHashMap<>();
        api.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), secrets.get(h.getValue().asText())));
        ApiRequest req = new ApiRequest(api.path("method").asText(), api.path("path").asText(), body, headers);
        List<String> argv = new ArrayList<>();
        o.path("line").path("argv").forEach(a -> argv.add(a.asText()));
        CliLine cli = new CliLine(argv, o.path("line").path("comment").asText(null));
        Endpoint endpoint = o.has("endpoint") ? Endpoint.resolve(o.path("endpoint").asText(), env) : null;
        return new EngineCall(kind, o.path("target").asText(), change, req, cli, diff, endpoint);
    }

    private static Sensitive secret(JsonNode s, Map<String, String> env, String where) {
        String source = s.path("source").asText();
        Sensitive.Encoding enc = Sensitive.Encoding.valueOf(s.path("encoding").asText());
        Sensitive value;
        try {
            if (source.startsWith("$")) {
                value = Sensitive.fromEnv(source.substring(1), env, enc);
            } else if (source.startsWith("file ")) {
                value = Sensitive.fromFile(Path.of(source.substring(5)), enc);
            } else {
                throw new IllegalArgumentException("its secret came from " + source + ", which cannot be read again: plan and apply in one run");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        return s.has("server") ? Sensitive.registryAuth(s.path("server").asText(), s.path("user").asText(), value)
                : value.as(s.path("noun").asText("value"));
    }

    /** The body with each secret placeholder the secret again, and each "<id of …>" a reference. */
    private static JsonNode rebuild(JsonNode n, Map<String, Sensitive> secrets) {
        if (n.isTextual()) {
            Sensitive s = secrets.get(n.asText());
            Ref r = Ref.parse(n.asText());
            return s != null ? Bodies.secret(s) : r != null ? r.node() : n;
        }
        if (n.isObject()) {
            ObjectNode out = Bodies.object();
            n.fields().forEachRemaining(e -> out.set(e.getKey(), rebuild(e.getValue(), secrets)));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            n.forEach(c -> out.add(rebuild(c, secrets)));
            return out;
        }
        return n instanceof TextNode ? n : n.deepCopy();
    }
}
