package dev.swarmops.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmops.engine.Engine;
import dev.swarmops.gate.ApiRequest;
import dev.swarmops.gate.Change;
import dev.swarmops.gate.CliLine;
import dev.swarmops.gate.EngineCall;
import dev.swarmops.gate.Gate;
import dev.swarmops.gate.Outcome;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Services: create, update with a field-level diff, remove, tasks and logs. */
public final class Services {

    private final Engine engine;
    private final Gate gate;
    private final ServiceRefs refs;

    Services(Engine engine, Gate gate, ServiceRefs refs) {
        this.engine = engine;
        this.gate = gate;
        this.refs = refs;
    }

    /** The service with exactly this name or id. */
    public Optional<JsonNode> find(String name) {
        return PlannedSwarm.readOr(gate, () -> engine.find("/services/" + Paths.seg(name)).filter(s -> name.equals(LiveRefs.nameOf(s))
                || name.equals(s.path("ID").asText())), Optional::empty);
    }

    public List<JsonNode> list(String labelFilter) {
        List<JsonNode> out = new ArrayList<>();
        engine.get("/services" + (labelFilter == null ? "" : Paths.filter("label", labelFilter))).forEach(out::add);
        return out;
    }

    public Outcome create(ServiceSpec spec) {
        return create(spec, "service.create", Change.CREATE);
    }

    Outcome create(ServiceSpec spec, String kind, Change change) {
        if (spec.image() == null) {
            throw new BadInputException("service " + spec.name() + ": an image is required to create it");
        }
        ObjectNode body = spec.overlay(null, refs);
        CliLine cli = ServiceFlags.create(spec.name(), ServiceFlags.read(body, refs), spec.registryAuth() != null).build();
        return gate.submit(new EngineCall(kind, spec.name(), change, authed(ApiRequest.post("/services/create", body), spec), cli));
    }

    /** Update the live service with what the spec mentions; empty when nothing differs. */
    public Optional<Outcome> update(ServiceSpec spec) {
        return update(spec, find(spec.name()).orElseThrow(() -> new BadInputException("no service '" + spec.name() + "'")));
    }

    private Optional<Outcome> update(ServiceSpec spec, JsonNode live) {
        JsonNode liveSpec = live.path("Spec");
        ObjectNode want = spec.overlay(liveSpec, refs);
        if (liveSpec.path("Mode").has("ReplicatedJob") != want.path("Mode").has("ReplicatedJob")) {
            throw new BadInputException("service " + spec.name() + ": mode cannot change between replicated and replicated-job; remove it first");
        }
        Map<String, List<String>> before = ServiceFlags.read(liveSpec, refs);
        Map<String, List<String>> after = ServiceFlags.read(want, refs);
        List<String> diff = ServiceFlags.diff(before, after);
        if (diff.isEmpty()) {
            return Optional.empty();
        }
        String path = "/services/" + live.path("ID").asText() + "/update?version=" + live.path("Version").path("Index").asLong();
        return Optional.of(gate.submit(new EngineCall("service.update", spec.name(), Change.UPDATE, authed(ApiRequest.post(path, want), spec),
                ServiceFlags.update(spec.name(), before, after, spec.registryAuth() != null).build(), diff)));
    }

    /** Registry credentials ride in X-Registry-Auth only; the command line says --with-registry-auth. */
    private static ApiRequest authed(ApiRequest req, ServiceSpec spec) {
        return spec.registryAuth() == null ? req : req.withHeader("X-Registry-Auth", spec.registryAuth());
    }

    /** Create when absent, update when different; empty when the live service already matches. */
    public Optional<Outcome> ensure(ServiceSpec spec) {
        Optional<JsonNode> live = find(spec.name());
        return live.isPresent() ? update(spec, live.get()) : Optional.of(create(spec));
    }

    public Outcome remove(String name) {
        return remove(name, "service.remove");
    }

    /**
     * Remove the service and create it again from its own current spec: the way out when swarm
     * leaves a task it was told to stop pending for good (a restart racing a stop-first update on
     * a host-mode port) and no update can get past it. Its tasks go; its spec, name and labels stay.
     */
    public List<Outcome> recreate(String name) {
        JsonNode s = find(name).orElseThrow(() -> new BadInputException("no service '" + name + "'"));
        ObjectNode spec = s.path("Spec").deepCopy();
        CliLine cli = ServiceFlags.create(name, ServiceFlags.read(spec, refs), false).build();
        return List.of(remove(name), gate.submit(new EngineCall("service.create", name, Change.CREATE, ApiRequest.post("/services/create", spec), cli)));
    }

    /** Back to the spec before its last update ({@code docker service rollback}); bad input when it has none. */
    public Outcome rollback(String name) {
        JsonNode s = find(name).orElseThrow(() -> new BadInputException("no service '" + name + "'"));
        if (s.path("PreviousSpec").isMissingNode()) {
            throw new BadInputException("service " + name + " has no earlier spec to roll back to");
        }
        String path = "/services/" + s.path("ID").asText() + "/update?version=" + s.path("Version").path("Index").asLong() + "&rollback=previous";
        return gate.submit(new EngineCall("service.rollback", name, Change.UPDATE, ApiRequest.post(path, s.path("Spec")),
                CliLine.docker("service", "rollback", "--detach", name).build(),
                List.of("image: " + ServiceSpec.imageOf(s.path("Spec")) + " → " + ServiceSpec.imageOf(s.path("PreviousSpec")))));
    }

    Outcome remove(String name, String kind) {
        JsonNode s = find(name).orElseThrow(() -> new BadInputException("no service '" + name + "'"));
        return gate.submit(new EngineCall(kind, LiveRefs.nameOf(s), Change.DELETE,
                ApiRequest.delete("/services/" + s.path("ID").asText()), CliLine.docker("service", "rm", LiveRefs.nameOf(s)).build()));
    }

    public List<TaskInfo> tasks(String name) {
        return newestFirst(engine.get("/tasks" + Paths.filter("service", name)));
    }

    /** Every service's name by its id, in one read. */
    public Map<String, String> namesById() {
        Map<String, String> out = new java.util.HashMap<>();
        engine.get("/services").forEach(s -> out.put(s.path("ID").asText(), s.path("Spec").path("Name").asText()));
        return out;
    }

    /** The tasks of these services (ids), newest first, by service id, in one read. */
    public Map<String, List<TaskInfo>> tasksOf(java.util.Collection<String> serviceIds) {
        Map<String, List<TaskInfo>> out = new java.util.HashMap<>();
        JsonNode tasks;
        try {
            tasks = engine.get("/tasks" + Paths.filterAny("service", serviceIds));
        } catch (dev.swarmops.engine.EngineException e) {
            if (e.status() != 404) {
                throw e;
            }
            // one of them was removed meanwhile, and the engine refuses the whole filter: ask for the others
            List<String> left = new ArrayList<>();
            engine.get("/services" + Paths.filterAny("id", serviceIds)).forEach(svc -> left.add(svc.path("ID").asText()));
            left.retainAll(serviceIds);
            return left.isEmpty() ? out : tasksOf(left);
        }
        newestFirst(tasks).forEach(t -> out.computeIfAbsent(t.serviceId(), k -> new ArrayList<>()).add(t));
        return out;
    }

    /**
     * Every service's tasks, newest first, by service id, in one read: no service can vanish
     * between listing it and asking for its tasks (a finished job removed meanwhile).
     */
    public Map<String, List<TaskInfo>> tasksByService() {
        Map<String, List<TaskInfo>> out = new java.util.HashMap<>();
        newestFirst(engine.get("/tasks")).forEach(t -> out.computeIfAbsent(t.serviceId(), k -> new ArrayList<>()).add(t));
        return out;
    }

    private static List<TaskInfo> newestFirst(JsonNode tasks) {
        List<TaskInfo> out = new ArrayList<>();
        tasks.forEach(t -> out.add(TaskInfo.of(t)));
        out.sort((a, b) -> b.timestamp().compareTo(a.timestamp()));
        return out;
    }

    /** stdout and stderr of every task, demultiplexed from the engine's framed stream. */
    public String logs(String name) {
        byte[] raw = engine.getBytes("/services/" + Paths.seg(name) + "/logs?stdout=true&stderr=true");
        return demux(raw);
    }

    /** Engine log frames are an 8-byte header (stream, 3 zero bytes, big-endian length) then payload. */
    static String demux(byte[] raw) {
        ByteBuffer in = ByteBuffer.wrap(raw);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (in.remaining() >= 8) {
            int stream = in.get(in.position()) & 0xff;
            if (stream > 2 || in.get(in.position() + 1) != 0) {
                // not framed (a TTY service): the rest is plain text
                out.write(raw, in.position(), in.remaining());
                break;
            }
            int len = in.getInt(in.position() + 4);
            in.position(in.position() + 8);
            int n = Math.min(len, in.remaining());
            out.write(raw, in.position(), n);
            in.position(in.position() + n);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
