package dev.swarmops.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmops.ops.ServiceSpec;
import dev.swarmops.ops.TaskInfo;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code services} in a playbook. Fields a playbook does not mention keep their live values.
 *
 * <pre>{@code
 * services.ensure('platform-master-proxy') {
 *     image cfg.images.proxy
 *     replicas 1
 *     constraint 'node.role==manager'
 *     publishHost 8080, 18080
 * }
 * services.waitConverged(['platform-master-proxy'], 120)
 * }</pre>
 */
public final class ServicesDsl {

    private final RunContext ctx;

    ServicesDsl(RunContext ctx) {
        this.ctx = ctx;
    }

    public void ensure(String name, @DelegatesTo(value = ServiceSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        ServiceSpec spec = new ServiceSpec(name);
        SpecBlock block = new SpecBlock(spec);
        Closure<?> c = body.rehydrate(block, body.getOwner(), body.getThisObject());
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.call(spec);
        if (ctx.ops().services().ensure(spec).isEmpty()) {
            ctx.unchanged("service " + name + " matches");
        }
    }

    /**
     * Registry credentials from two environment variables, for a spec's {@code registryAuth}: sent
     * only in the API's X-Registry-Auth header. Null when neither is set (public or local images);
     * one without the other is bad input.
     */
    public dev.swarmops.gate.Sensitive registryAuth(String server, String userVar, String tokenVar) {
        boolean user = ctx.env().containsKey(userVar) && !ctx.env().get(userVar).isEmpty();
        boolean token = ctx.env().containsKey(tokenVar) && !ctx.env().get(tokenVar).isEmpty();
        if (user != token) {
            throw new dev.swarmops.ops.BadInputException("registry credentials for " + server + ": set both " + userVar + " and "
                    + tokenVar + ", or neither");
        }
        return user ? dev.swarmops.gate.Sensitive.registryAuth(server, ctx.env().get(userVar),
                dev.swarmops.gate.Sensitive.fromEnv(tokenVar, ctx.env(), dev.swarmops.gate.Sensitive.Encoding.TEXT)) : null;
    }

    /** Names of the services that mount this secret. */
    public List<String> usingSecret(String secret) {
        return ctx.ops().services().list(null).stream()
                .filter(s -> refs(s, "Secrets", "SecretName").containsKey(secret))
                .map(s -> s.path("Spec").path("Name").asText()).toList();
    }

    /** Point a service at another secret under the same target file; its other secrets stay. */
    public void swapSecret(String service, String from, String to) {
        JsonNode live = ctx.ops().services().find(service).orElseThrow(() -> new PlaybookFailure("no service " + service));
        ServiceSpec spec = new ServiceSpec(service);
        refs(live, "Secrets", "SecretName").forEach((name, target) -> spec.secret(name.equals(from) ? to : name, target));
        if (ctx.ops().services().update(spec).isEmpty()) {
            ctx.unchanged("service " + service + " already uses " + to);
        }
    }

    private static Map<String, String> refs(JsonNode service, String field, String nameField) {
        Map<String, String> out = new LinkedHashMap<>();
        service.path("Spec").path("TaskTemplate").path("ContainerSpec").path(field)
                .forEach(r -> out.put(r.path(nameField).asText(), r.path("File").path("Name").asText()));
        return out;
    }

    public boolean exists(String name) {
        return ctx.ops().services().find(name).isPresent();
    }

    public List<TaskInfo> tasks(String name) {
        return ctx.ops().services().tasks(name);
    }

    /** The service's image as its spec names it (without the digest the engine pins). */
    public String image(String name) {
        return ServiceSpec.imageOf(live(name).path("Spec"));
    }

    /** The first port the service publishes, as its spec says; null when it publishes none. */
    public Integer publishedPort(String name) {
        JsonNode ports = live(name).path("Spec").path("EndpointSpec").path("Ports");
        return ports.size() == 0 ? null : ports.get(0).path("PublishedPort").asInt();
    }

    /** Roll the service to another image, stopping each old task before its new one starts (host-mode ports). */
    public void upgrade(String name, String image) {
        if (ctx.ops().services().update(new ServiceSpec(name).image(image).updateOrder("stop-first")).isEmpty()) {
            ctx.unchanged("service " + name + " runs " + image);
        }
    }

    /** Remove the service and create it again from its current spec (its tasks go; a stuck one with them). */
    public void recreate(String name) {
        ctx.ops().services().recreate(name);
    }

    /** Back to the spec before the last update ({@code docker service rollback}). */
    public void rollback(String name) {
        ctx.ops().services().rollback(name);
    }

    /**
     * After an update: true once its rolling update has completed, every replica runs, and - when
     * {@code url} is given - it answers 200 there; false when that does not happen within
     * {@code seconds}, or as soon as the engine pauses the update (a new task failed in its
     * monitor window). Says why on false.
     */
    public boolean waitHealthy(String name, String url, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        dev.swarmops.engine.Events events = ctx.ops().engine().events();
        String why = "";
        while (System.nanoTime() < deadline) {
            long seen = events.seen();
            Settling st = settling(name);
            if (st.paused()) {
                ctx.say(name + ": its update is " + st.update() + ": " + st.updateMessage());
                return false;
            }
            int status = st.settled() && url != null ? dev.swarmops.host.HttpProbe.get(url, 3000) : 200;
            if (st.settled() && status == 200) {
                ctx.say(name + ": " + st.running() + "/" + st.want() + " running" + (url == null ? "" : ", " + url + " -> 200"));
                return true;
            }
            why = !st.settled() ? st.running() + "/" + st.want() + " running" + (st.update().isEmpty() ? "" : ", update " + st.update())
                    + st.problem().map(p -> " (" + p + ")").orElse("")
                    : url + " -> " + status;
            events.awaitAfter(seen, java.time.Duration.ofMillis(200));
        }
        ctx.say(name + ": not healthy within " + seconds + "s: " + why);
        return false;
    }

    /**
     * Where a service stands in reaching what its spec asks: replicas running, and its rolling
     * update (right after an update the old tasks still run; settled only once it has completed).
     */
    private record Settling(long want, long running, String update, String updateMessage, java.util.Optional<String> problem) {
        boolean paused() {
            return update.equals("paused") || update.equals("rollback_paused");
        }

        boolean updating() {
            return update.equals("updating") || update.equals("rollback_started");
        }

        boolean settled() {
            return running >= want && !updating();
        }
    }

    private Settling settling(String name) {
        JsonNode s = live(name);
        List<TaskInfo> tasks = tasks(name);
        return new Settling(s.path("Spec").path("Mode").path("Replicated").path("Replicas").asLong(1),
                tasks.stream().filter(t -> t.state().equals("running") && t.desiredState().equals("running")).count(),
                s.path("UpdateStatus").path("State").asText(""), s.path("UpdateStatus").path("Message").asText(),
                tasks.stream().map(TaskInfo::problem).filter(p -> !p.isEmpty()).findFirst());
    }

    private JsonNode live(String name) {
        return ctx.ops().services().find(name).orElseThrow(() -> new PlaybookFailure("service " + name + " does not exist"));
    }

    /** Names of the long-running services (replicated and global; jobs left out), sorted. */
    public List<String> getNames() {
        return ctx.ops().services().list(null).stream()
                .filter(sv -> sv.path("Spec").path("Mode").has("Replicated") || sv.path("Spec").path("Mode").has("Global"))
                .map(sv -> sv.path("Spec").path("Name").asText()).sorted().toList();
    }

    /** Running tasks of the service whose container exists on this engine (restored state lists tasks of the old machine as running). */
    public int runningHere(String name) {
        return (int) tasks(name).stream().filter(t -> t.state().equals("running") && t.desiredState().equals("running"))
                .filter(t -> !t.containerId().isEmpty() && ctx.ops().engine().find("/containers/" + t.containerId() + "/json").isPresent())
                .count();
    }

    /** Wait until each named service has a task running in a container on this engine. */
    public void waitRunningHere(List<String> names, int seconds) throws InterruptedException {
        if (!ctx.gate().applies()) {
            return;
        }
        Waits.until(ctx, seconds, () -> {
            List<String> waiting = names.stream().filter(n -> runningHere(n) == 0).toList();
            return new Waits.Look(waiting.isEmpty(), waiting.isEmpty() ? "running here: " + String.join(", ", names)
                    : "not running here yet: " + String.join(", ", waiting));
        }, "services did not start on this engine");
    }

    /** Hostnames of the nodes where the service has a running task, sorted. */
    public List<String> nodesOf(String name) {
        java.util.Map<String, String> hosts = new java.util.HashMap<>();
        ctx.ops().nodes().list().forEach(n -> hosts.put(n.id(), n.hostname()));
        return tasks(name).stream().filter(t -> t.state().equals("running") && t.desiredState().equals("running"))
                .map(t -> hosts.getOrDefault(t.nodeId(), t.nodeId())).distinct().sorted().toList();
    }

    public void remove(String name) {
        if (exists(name)) {
            ctx.ops().services().remove(name);
        } else {
            ctx.unchanged("service " + name + " is absent");
        }
    }

    /** Wait until every named service runs all its replicas; on timeout, fail naming the laggard and its last error. */
    public void waitConverged(List<String> names, int timeoutSeconds) throws InterruptedException {
        // woken by this engine's container events (the services here run on managers); tasks elsewhere send none
        Waits.until(ctx, timeoutSeconds, java.time.Duration.ofMillis(100), () -> {
            Map<String, String> lagging = new LinkedHashMap<>();
            StringBuilder line = new StringBuilder("converging:");
            for (String n : names) {
                Settling st = settling(n);
                if (st.paused()) {
                    throw new PlaybookFailure("service " + n + "'s update is " + st.update() + ": " + st.updateMessage());
                }
                line.append(' ').append(n).append(' ').append(st.running()).append('/').append(st.want()).append(st.updating() ? " (updating)" : "");
                if (!st.settled()) {
                    lagging.put(n, st.updating() ? "its rolling update has not completed (" + st.updateMessage() + ")"
                            : st.problem().orElse("no task error yet"));
                }
            }
            Map.Entry<String, String> first = lagging.isEmpty() ? null : lagging.entrySet().iterator().next();
            return new Waits.Look(lagging.isEmpty(), line.toString(),
                    first == null ? null : "service " + first.getKey() + " did not converge in " + timeoutSeconds + "s: " + first.getValue());
        }, "services did not converge");
    }
}
