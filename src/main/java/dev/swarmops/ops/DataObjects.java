package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.ApiRequest;
import dev.swarmops.gate.Bodies;
import dev.swarmops.gate.Change;
import dev.swarmops.gate.CliLine;
import dev.swarmops.gate.EngineCall;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Outcome;
import dev.swarmops.gate.Sensitive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Swarm secrets and configs: one API shape, two kinds. Values go only into the create body;
 * the engine never gives a secret back, so "changed" cannot be detected by reading it.
 */
public final class DataObjects {

    private final Engine engine;
    private final Gate gate;
    private final String kind;

    DataObjects(Engine engine, Gate gate, String kind) {
        this.engine = engine;
        this.gate = gate;
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    public List<JsonNode> list() {
        List<JsonNode> out = new ArrayList<>();
        PlannedSwarm.readOr(gate, () -> engine.recall("/" + kind + "s"), () -> Engine.JSON.createArrayNode()).forEach(out::add);
        return out;
    }

    /** The object with exactly this name: from the one list a run reads until it changes something. */
    public Optional<JsonNode> find(String name) {
        for (JsonNode o : list()) {
            if (name.equals(o.path("Spec").path("Name").asText())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    public Outcome create(String name, Sensitive value, Map<String, String> labels) {
        boolean file = value.source().startsWith("file ");
        return create(name, Bodies.secret(value), labels, file ? value.source().substring(5) : "-", file ? null : "stdin: " + value.describe());
    }

    /** A config of plain text (rendered settings, a record): in the body as it is, so a saved plan can be applied as shown. */
    public Outcome createText(String name, String text, String description, Map<String, String> labels) {
        String data = java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return create(name, com.fasterxml.jackson.databind.node.TextNode.valueOf(data), labels, "-", "stdin: " + description);
    }

    private Outcome create(String name, JsonNode data, Map<String, String> labels, String from, String comment) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new BadInputException(kind + " name: '" + name + "' is not a valid name");
        }
        ObjectNode body = Bodies.object();
        body.put("Name", name);
        ObjectNode l = body.putObject("Labels");
        labels.forEach(l::put);
        body.set("Data", data);
        CliLine.Builder cli = CliLine.docker(kind, "create");
        labels.forEach((k, v) -> cli.opt("--label", k + "=" + v));
        cli.add(name, from);
        if (comment != null) {
            cli.comment(comment);
        }
        return gate.submit(new EngineCall(kind + ".create", name, Change.CREATE, ApiRequest.post("/" + kind + "s/create", body),
                cli.build()));
    }

    public Outcome remove(String name) {
        JsonNode o = find(name).orElseThrow(() -> new BadInputException("no " + kind + " '" + name + "'"));
        return gate.submit(new EngineCall(kind + ".remove", name, Change.DELETE, ApiRequest.delete("/" + kind + "s/" + o.path("ID").asText()),
                CliLine.docker(kind, "rm", name).build()));
    }
}
