package dev.swarmops.testkit

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.engine.EngineException
import dev.swarmops.gate.ApplyGate
import dev.swarmops.gate.DryRunGate
import dev.swarmops.gate.GateListener
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.SwarmOps

import java.nio.charset.StandardCharsets
import java.nio.file.Path

/**
 * The real-engine rig as specs see it: the manager engine (the one the CLI finds by default),
 * primitives over it through either gate, a comparable snapshot of its objects, and the rig
 * scripts. Everything a spec creates is named {@code spec-…} and labelled {@link #LABEL};
 * leftovers of an aborted run are swept on first use.
 */
final class Rig {

    static final String IMAGE = System.getenv('RIG_IMAGE') ?: 'swarmops/busybox:rig'
    static final String MANAGER_ADDR = System.getenv('RIG_MANAGER_ADDR') ?: '10.231.0.1'
    static final Path SCRIPTS = Path.of('scripts', 'rig').toAbsolutePath()
    /**
     * This run: the test JVM's pid in base 36 (short enough for a rig worker's name). Several runs
     * may share one rig; each labels what it creates with its run id and leaves the others alone.
     */
    static final String RUN = Long.toString(ProcessHandle.current().pid(), 36)
    /** Every object a spec creates is named spec-… and carries this label, valued {@link #RUN}. */
    static final String LABEL = 'dev.swarmops.spec'
    static final Map<String, String> LABELS = [(LABEL): RUN]

    private static Engine engine

    private Rig() {
    }

    static synchronized Engine engine() {
        if (engine == null) {
            engine = new Engine(Endpoint.resolve(null, System.getenv()))
            sweep()
            RigCleanupExtension.atEnd('close the manager engine client') { engine.close() }
        }
        engine
    }

    /** Primitives that change the engine. */
    static SwarmOps apply(GateListener listener = GateListener.SILENT) {
        new SwarmOps(engine(), new ApplyGate(engine(), listener))
    }

    /** Primitives that only plan: for reads, and to show that a dry-run changes nothing. */
    static SwarmOps dryRun(GateListener listener = GateListener.SILENT) {
        new SwarmOps(engine(), new DryRunGate(listener))
    }

    static NodeInfo manager() {
        dryRun().nodes().list().find { it.role() == 'manager' && it.id() == dryRun().swarm().state().nodeId() }
    }

    /**
     * What "engine state unchanged" compares: every node's spec, every service's spec and
     * version, every network's identity and options, every secret's spec and version, and the
     * swarm's version and join tokens (as a digest, so a failure report does not print them).
     */
    static Map<String, List<String>> snapshot() {
        Engine e = engine()
        [nodes   : e.get('/nodes').collect { "${it.path('ID').asText()} ${it.path('Spec')}".toString() }.sort(),
         services: e.get('/services').collect { "${it.path('ID').asText()} v${it.path('Version').path('Index')} ${it.path('Spec')}".toString() }.sort(),
         networks: e.get('/networks').collect { "${it.path('Id').asText()} ${it.path('Name').asText()} ${it.path('Options')} ${it.path('Labels')}".toString() }.sort(),
         secrets : e.get('/secrets').collect { "${it.path('ID').asText()} v${it.path('Version').path('Index')} ${it.path('Spec')}".toString() }.sort(),
         swarm   : e.get('/swarm').with { ["v${it.path('Version').path('Index')} tokens#${it.path('JoinTokens').toString().sha256().take(12)}".toString()] }]
    }

    /** Run a rig script (e.g. {@code worker.sh add NAME}); its output, or an exception carrying it. */
    static String script(String name, String... args) {
        List<String> argv = [SCRIPTS.resolve(name).toString()] + args.toList()
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start()
        p.outputStream.close()
        String out = new String(p.inputStream.readAllBytes(), StandardCharsets.UTF_8)
        int code = p.waitFor()
        if (code != 0) {
            throw new IllegalStateException("${argv.join(' ')} exited $code:\n$out")
        }
        out
    }

    /**
     * Poll until the probe answers something truthy (Groovy truth: not null, false, empty; beware
     * that a JsonNode's truth is its asBoolean()), and return it. A guard against waiting forever
     * on the engine's asynchronous work, not an assertion about time.
     */
    static <T> T await(String what, int seconds = 90, Closure<T> probe) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L
        Object last = null
        while (true) {
            try {
                last = probe()
            } catch (EngineException e) {
                last = e
            }
            if (last && !(last instanceof Exception)) {
                return (T) last
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after ${seconds}s waiting for $what; last answer: $last")
            }
            Thread.sleep(200)
        }
    }

    /**
     * Wait until the swarm allocator has handled a new network: before that the engine reports a
     * swarm network without its driver and options (they come from the allocator's driver state).
     */
    static JsonNode allocatedNetwork(String name) {
        // a boolean probe: Groovy truth of a JsonNode is its asBoolean(), false for any object
        await("network $name to be allocated") { engine().get("/networks/$name").path('Driver').asText() == 'overlay' }
        engine().get("/networks/$name")
    }

    /** Remove services, secrets, configs and networks of these names, whichever exist; networks once free. */
    static void remove(Collection<String> names) {
        SwarmOps ops = apply()
        names.each { String n -> if (ops.services().find(n).present) ops.services().remove(n) }
        names.each { String n -> if (ops.secrets().find(n).present) ops.secrets().remove(n) }
        names.each { String n -> if (ops.configs().find(n).present) ops.configs().remove(n) }
        names.each { String n ->
            // a network stays in use until the tasks of removed services have stopped
            await("network $n to be removable", 60) {
                if (!ops.networks().find(n).present) {
                    return true
                }
                try {
                    ops.networks().remove(n)
                    return true
                } catch (EngineException ignored) {
                    return false
                }
            }
        }
    }

    /** Whether the run with this id (a base-36 pid) is still going; anything else is a leftover. */
    static boolean runAlive(String run) {
        run ==~ /[0-9a-z]{1,12}/ && ProcessHandle.of(Long.parseLong(run, 36)).map { it.alive }.orElse(false)
    }

    /** Leftovers of runs that ended without cleaning up: labelled objects and workers' stale node entries. */
    private static void sweep() {
        List<String> leftovers = []
        ['/services', '/secrets', '/configs'].each { String path ->
            engine.get(path).each { JsonNode o ->
                JsonNode labels = o.path('Spec').path('Labels')
                if (labels.has(LABEL) && !runAlive(labels.path(LABEL).asText())) {
                    leftovers << o.path('Spec').path('Name').asText()
                }
            }
        }
        engine.get('/networks').each { JsonNode n ->
            if (n.path('Labels').has(LABEL) && !runAlive(n.path('Labels').path(LABEL).asText())) {
                leftovers << n.path('Name').asText()
            }
        }
        if (leftovers) {
            System.err.println("rig specs: removing leftovers of earlier runs: $leftovers")
            remove(leftovers.unique())
        }
        apply().nodes().list().findAll { NodeInfo n ->
            n.status() == 'down' && n.hostname().startsWith(RigWorker.PREFIX) && !runAlive(n.hostname() - RigWorker.PREFIX)
        }.each { apply().nodes().remove(it.id(), true) }
    }
}
