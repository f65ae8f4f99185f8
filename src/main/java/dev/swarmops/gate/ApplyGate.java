package dev.swarmops.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.engine.EngineException;

/** Reports, executes and records each mutation; the only class that carries them out. */
public final class ApplyGate extends RecordingGate {

    private final Engine engine;
    private final HostExecutor host;
    private final java.util.Map<dev.swarmops.engine.Endpoint, Engine> others = new java.util.HashMap<>();

    public ApplyGate(Engine engine, GateListener listener) {
        this(engine, new HostExecutor(), listener);
    }

    ApplyGate(Engine engine, HostExecutor host, GateListener listener) {
        super(listener);
        this.engine = engine;
        this.host = host;
    }

    @Override
    public Outcome submit(Mutation m) {
        listener.applying(m);
        JsonNode response;
        try {
            if (m instanceof EngineCall call) {
                response = send(call);
            } else if (m instanceof FileWrite write) {
                response = host.write(write);
            } else if (m instanceof DirCreate dir) {
                response = host.mkdir(dir);
            } else {
                response = host.run((CommandRun) m);
            }
        } finally {
            // whatever it was (a create here, a join elsewhere, a restored state directory), reads from before may be stale
            engine.forget();
        }
        Outcome o = record(new Outcome(m, true, response == null ? MissingNode.getInstance() : response));
        listener.applied(o);
        return o;
    }

    private JsonNode send(EngineCall call) {
        ApiRequest req = call.request();
        try {
            Engine to = call.endpoint() == null ? engine : others.computeIfAbsent(call.endpoint(), Engine::new);
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            req.headers().forEach((k, v) -> headers.put(k, new String(v.reveal(), java.nio.charset.StandardCharsets.UTF_8)));
            // objects this plan created earlier have ids only now
            JsonNode body = req.body() == null ? null : Bodies.resolveRefs(req.body(), r -> r.resolve(to));
            return to.send(req.method(), req.path(), body == null ? null : Bodies.reveal(body), headers);
        } catch (EngineException e) {
            // an engine may echo what it was sent; never let a secret ride out on its message
            throw new EngineException(e.status(), Bodies.scrub(e.getMessage(), req));
        }
    }

    @Override
    public boolean applies() {
        return true;
    }
}
