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

import java.util.Optional;

/** Overlay networks: create, inspect, remove. */
public final class Networks {

    private final Engine engine;
    private final Gate gate;

    Networks(Engine engine, Gate gate) {
        this.engine = engine;
        this.gate = gate;
    }

    /** The network with exactly this name (the engine's own lookup also matches id prefixes). */
    public Optional<JsonNode> find(String name) {
        return engine.recallFind("/networks/" + Paths.seg(name)).filter(n -> name.equals(n.path("Name").asText())
                || n.path("Id").asText().equals(name));
    }

    public Optional<NetworkSpec> spec(String name) {
        return find(name).map(NetworkSpec::of);
    }

    public Outcome create(NetworkSpec spec) {
        ObjectNode body = Bodies.object();
        body.put("Name", spec.name());
        body.put("Driver", "overlay");
        body.put("CheckDuplicate", true);
        body.put("Attachable", spec.attachable());
        body.put("Internal", spec.internal());
        ObjectNode opts = body.putObject("Options");
        if (spec.encrypted()) {
            opts.put("encrypted", "");
        }
        if (spec.mtu() != null) {
            opts.put(NetworkSpec.MTU_OPTION, spec.mtu().toString());
        }
        ObjectNode labels = body.putObject("Labels");
        spec.labels().forEach(labels::put);
        CliLine.Builder cli = CliLine.docker("network", "create", "--driver", "overlay")
                .flag("--attachable", spec.attachable()).flag("--internal", spec.internal())
                .flag("--opt", spec.encrypted()).flag("encrypted", spec.encrypted())
                .opt("--opt", spec.mtu() == null ? null : NetworkSpec.MTU_OPTION + "=" + spec.mtu());
        spec.labels().forEach((k, v) -> cli.opt("--label", k + "=" + v));
        return gate.submit(new EngineCall("network.create", spec.name(), Change.CREATE,
                ApiRequest.post("/networks/create", body), cli.add(spec.name()).build()));
    }

    public Outcome remove(String name) {
        JsonNode n = find(name).orElseThrow(() -> new BadInputException("no network '" + name + "'"));
        return gate.submit(new EngineCall("network.remove", name, Change.DELETE,
                ApiRequest.delete("/networks/" + n.path("Id").asText()), CliLine.docker("network", "rm", name).build()));
    }
}
