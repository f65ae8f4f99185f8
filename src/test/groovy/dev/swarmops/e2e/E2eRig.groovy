package dev.swarmops.e2e

import dev.swarmops.testkit.Rig

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.engine.EngineException
import dev.swarmops.gate.ApplyGate
import dev.swarmops.gate.DryRunGate
import dev.swarmops.gate.GateListener
import dev.swarmops.ops.JobRequest
import dev.swarmops.ops.Jobs
import dev.swarmops.ops.NetworkSpec
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.SwarmOps
import org.yaml.snakeyaml.DumperOptions
import org.yaml.snakeyaml.Yaml

import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.channels.OverlappingFileLockException
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/**
 * What the end-to-end specs share: the swarmops CLI as a separate process (its own argv and
 * environment, as an operator runs it), rig workers of their own (named {@code e2e-…}), the
 * files a GPU worker's enrollment points at (fake nvidia-smi, fake NVIDIA runtime, daemon.json,
 * config.toml, settings override), and read-only views of the engines.
 *
 * The CLI runs from the classes under test (this JVM's class path, class directories copied
 * once per run), so neither a concurrent edit of src/main nor a rebuild of target/classes
 * changes it mid-run; {@code -Dswarmops.e2e.launcher=scripts/swarmops} runs the packaged
 * launcher instead.
 */
final class E2eRig {

    static final Path PROJECT = Path.of('').toAbsolutePath()
    /** The checkout under test's own rig script (the GPU worker's restart command points here). */
    static final Path WORKER_SH = PROJECT.resolve('scripts/rig/worker.sh')
    static final String MANAGER = 'unix:///var/run/docker.sock'
    static final String MANAGER_ADDR = '10.231.0.1:2377'
    static final String IMAGE = 'swarmops/busybox:rig'
    /** Every worker, node and object an e2e spec creates is named with this prefix. */
    static final String PREFIX = 'e2e-'
    /** Label on objects the e2e specs create with primitives (the jobs network, when they create it). */
    static final String LABEL = 'dev.swarmops.e2e'
    static final ObjectMapper JSON = new ObjectMapper()
    /** Guard against a hung CLI (never expected): every job run also carries --timeout. */
    static final long PROCESS_GUARD_SECONDS = 300

    private E2eRig() {
    }

    static boolean rig() {
        System.getProperty('swarmops.rig') == 'true'
    }

    // ---- one e2e spec at a time on this rig ----

    /**
     * A rig-wide lock (a file lock, so it holds across JVMs and checkouts): the e2e specs need
     * the broker's node pool to themselves and share fixed worker names, so two runs at once
     * would wreck each other. A second run waits here instead.
     */
    static final class RigLock implements AutoCloseable {
        private final FileChannel channel
        private final FileLock lock

        private RigLock(FileChannel channel, FileLock lock) {
            this.channel = channel
            this.lock = lock
        }

        static RigLock acquire(String holder, int waitSeconds = 1800) {
            Path dir = Files.isDirectory(Path.of('/run/swarmops-rig')) ? Path.of('/run/swarmops-rig') : Path.of(System.getProperty('java.io.tmpdir'))
            Path file = dir.resolve('e2e.lock')
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L
            boolean said = false
            while (true) {
                FileLock l = null
                try {
                    l = ch.tryLock()
                } catch (OverlappingFileLockException ignored) {
                    // held by another spec of this JVM
                }
                if (l != null) {
                    ch.truncate(0)
                    ch.write(java.nio.ByteBuffer.wrap("pid ${ProcessHandle.current().pid()} in $PROJECT: $holder\n".toString().getBytes(StandardCharsets.UTF_8)), 0)
                    return new RigLock(ch, l)
                }
                if (!said) {
                    System.err.println("e2e: $holder waits for another e2e run on this rig (${read(file).trim()})")
                    said = true
                }
                if (System.nanoTime() > deadline) {
                    ch.close()
                    throw new IllegalStateException("gave up after ${waitSeconds}s waiting for $file (${read(file).trim()})")
                }
                Thread.sleep(1000)
            }
        }

        @Override
        void close() {
            lock.release()
            channel.close()
        }
    }

    // ---- processes ----

    /** One finished process: argv, exit code, stdout, stderr lines with the second each appeared, wall time. */
    static final class Proc {
        List<String> argv
        int code
        String out
        List<List> errTimed = new CopyOnWriteArrayList<>()
        double seconds
        long pid

        String getErr() {
            errTimed.collect { it[1] + '\n' }.join('')
        }

        List<String> errLines() {
            errTimed.collect { it[1] as String }.findAll { !it.isBlank() }
        }

        /** The last line on stderr: a job's summary. */
        String summary() {
            errLines() ? errLines().last() : ''
        }

        /** Seconds after start at which a stderr line containing the text first appeared, or null. */
        Double firstErr(String text) {
            errTimed.find { (it[1] as String).contains(text) }?.getAt(0) as Double
        }

        /** Everything it printed, for checks that something never appears anywhere. */
        String getAll() {
            out + err
        }

        @Override
        String toString() {
            "${argv.join(' ')}\n→ exit $code after ${String.format('%.2f', seconds)}s\n--- stdout\n$out--- stderr\n$err---"
        }
    }

    /** A started process; {@link #await} collects it. */
    static final class Running {
        Process process
        Proc result
        long started
        /** When it exited, as seen by the JVM: a wall time that does not depend on when await is called. */
        java.util.concurrent.CompletableFuture<Long> exited
        Thread outReader
        Thread errReader

        Proc await() {
            if (!process.waitFor(PROCESS_GUARD_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly()
                throw new IllegalStateException("gave up after ${PROCESS_GUARD_SECONDS}s: ${result.argv.join(' ')}")
            }
            outReader.join()
            errReader.join()
            result.code = process.exitValue()
            result.seconds = (exited.join() - started) / 1e9d
            result
        }
    }

    private static String cliClassPath

    static List<String> launcher() {
        String script = System.getProperty('swarmops.e2e.launcher')
        if (script) {
            return [PROJECT.resolve(script).toString()]
        }
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        [java, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', cliClassPath(), 'dev.swarmops.cli.Main']
    }

    /**
     * This JVM's class path with its class directories copied once to a temp dir: the CLI
     * processes then run the classes this run started with, even if something rebuilds
     * target/classes meanwhile (a half-written class dir gives NoClassDefFoundError).
     */
    static synchronized String cliClassPath() {
        if (cliClassPath == null) {
            Path snapshot = Files.createTempDirectory('swarmops-e2e-classes-')
            Runtime.runtime.addShutdownHook(new Thread({ deleteTree(snapshot) }))
            List<String> entries = []
            System.getProperty('java.class.path').split(File.pathSeparator).eachWithIndex { String entry, int i ->
                Path p = Path.of(entry)
                if (Files.isDirectory(p)) {
                    if (p.fileName?.toString() == 'test-classes') {
                        return   // the CLI needs none of the specs
                    }
                    Path copy = snapshot.resolve("dir$i")
                    copyTree(p, copy)
                    entries << copy.toString()
                } else {
                    entries << entry
                }
            }
            cliClassPath = entries.join(File.pathSeparator)
        }
        cliClassPath
    }

    private static void copyTree(Path from, Path to) {
        Files.walk(from).withCloseable { stream ->
            stream.forEach { Path src ->
                Path dst = to.resolve(from.relativize(src).toString())
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst)
                } else {
                    Files.copy(src, dst)
                }
            }
        }
    }

    /**
     * The environment an operator's shell would give swarmops: this one without anything that
     * changes where or how it connects (DOCKER_*) and without a join token, plus {@code extra}.
     */
    static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> e = new HashMap<>(System.getenv())
        e.keySet().removeIf { it.startsWith('DOCKER_') || it == 'JOIN_TOKEN' }
        e.NO_COLOR = '1'
        if (!e.LANG) {
            e.LANG = 'C.UTF-8'
        }
        e.putAll(extra)
        e
    }

    static Running start(List<String> argv, Map<String, String> environment) {
        ProcessBuilder pb = new ProcessBuilder(argv.collect { it.toString() }).directory(PROJECT.toFile())
        pb.environment().clear()
        pb.environment().putAll(environment)
        Running r = new Running(result: new Proc(argv: argv.collect { it.toString() }), started: System.nanoTime())
        r.process = pb.start()
        r.exited = r.process.onExit().thenApply { System.nanoTime() }
        r.result.pid = r.process.pid()
        r.process.outputStream.close()
        r.outReader = Thread.start { r.result.out = new String(r.process.inputStream.readAllBytes(), StandardCharsets.UTF_8) }
        r.errReader = Thread.start {
            r.process.errorStream.newReader('UTF-8').eachLine { String line ->
                r.result.errTimed << [(System.nanoTime() - r.started) / 1e9d, line]
            }
        }
        r
    }

    /** Start {@code swarmops ARGS} with the operator environment plus {@code extraEnv}. */
    static Running startSwarmops(List<String> args, Map<String, String> extraEnv = [:]) {
        start(launcher() + args.collect { it.toString() }, env(extraEnv))
    }

    static Proc swarmops(List<String> args, Map<String, String> extraEnv = [:]) {
        startSwarmops(args, extraEnv).await()
    }

    /** A rig script or other helper command (test set-up and clean-up). */
    static Proc sh(List<String> argv) {
        start(argv, env([:])).await()
    }

    // ---- engines (reads go straight to the engine; changes only through our primitives) ----

    static Engine engine(String host) {
        new Engine(Endpoint.resolve(host, [:]))
    }

    static SwarmOps apply(Engine e) {
        new SwarmOps(e, new ApplyGate(e, GateListener.SILENT))
    }

    static SwarmOps reads(Engine e) {
        new SwarmOps(e, new DryRunGate(GateListener.SILENT))
    }

    static List<NodeInfo> nodes(Engine manager) {
        reads(manager).nodes().list()
    }

    static List<NodeInfo> nodesNamed(Engine manager, String hostname) {
        nodes(manager).findAll { it.hostname() == hostname }
    }

    /** The worker's node as the manager lists it, by the node id the worker's own engine reports. */
    static NodeInfo nodeOf(Engine manager, Engine worker) {
        String id = reads(worker).swarm().state().nodeId()
        id ? nodes(manager).find { it.id() == id } : null
    }

    /** UUIDs a node advertises as NVIDIA-GPU (NamedResourceSpec values). */
    static List<String> advertisedGpus(JsonNode genericResources) {
        genericResources.findAll { it.path('NamedResourceSpec').path('Kind').asText() == JobRequest.GPU_KIND }
                .collect { it.path('NamedResourceSpec').path('Value').asText() }.sort()
    }

    /**
     * Nodes the broker could place jobs on that are not ours: labelled cpu or gpu, ready and
     * active. With any of them about, "the job landed on our worker" and "no eligible node" would
     * prove nothing, so the specs refuse to run rather than pass by luck.
     */
    static List<String> foreignPool(Engine manager, Collection<String> ours) {
        nodes(manager).findAll { it.workload() in ['cpu', 'gpu'] && !(it.hostname() in ours) && it.status() == 'ready' && it.availability() == 'active' }
                .collect { "${it.hostname()} (${it.workload()}, ${it.id().take(12)})".toString() }
    }

    /**
     * Other specs' rig workers (named spec-…) that the broker could place jobs on are paused for
     * the duration of an e2e spec (no new tasks land there; running ones stay), so they do not
     * take its jobs. Returns node id → the availability to restore afterwards.
     */
    static Map<String, String> pauseOtherSpecWorkers(Engine manager, Collection<String> ours) {
        Map<String, String> paused = [:]
        nodes(manager).findAll { it.workload() in ['cpu', 'gpu'] && !(it.hostname() in ours) && it.hostname().startsWith('spec-') && it.availability() == 'active' }
                .each { NodeInfo n ->
                    System.err.println("e2e: pausing ${n.hostname()} (another spec's ${n.workload()} worker) while the e2e jobs run")
                    apply(manager).nodes().availability(n.id(), 'pause')
                    paused[n.id()] = n.availability()
                }
        paused
    }

    static void restoreAvailability(Engine manager, Map<String, String> previous) {
        previous.each { String id, String availability ->
            if (nodes(manager).any { it.id() == id }) {
                apply(manager).nodes().availability(id, availability)
            }
        }
    }

    static String foreignPoolMessage(List<String> foreign) {
        "other nodes the broker can place jobs on are in the rig's swarm: ${foreign.join(', ')}. The e2e specs need their own " +
                "workers to be the only cpu/gpu-labelled ones (remove those workers, or their platform.workload label, and run again)"
    }

    /** Job services (label swarmops.job) by name → latest state, read-only. */
    static Map<String, Jobs.JobInfo> jobs(Engine manager) {
        reads(manager).jobs().list().collectEntries { [(it.name()): it] }
    }

    /** Poll until the probe answers something truthy; a guard against waiting forever, not an assertion on time. */
    static <T> T waitFor(String what, int seconds = 90, Closure<T> probe) {
        Rig.await(what, seconds, probe)
    }

    // ---- rig workers ----

    /** Start a rig worker (own dockerd, netns, hostname NAME) outside any swarm; returns its socket. */
    static String addWorker(String name, Path daemonJson) {
        assert name.startsWith(PREFIX)
        Proc add = sh([WORKER_SH.toString(), 'add', name, '--daemon-json', daemonJson.toString(), '--join', 'none'])
        assert add.code == 0: add
        sh([WORKER_SH.toString(), 'sock', name]).out.trim()
    }

    /** Stop and delete the worker, and every node entry of that hostname on the manager. Best effort. */
    static void removeWorker(Engine manager, String name) {
        assert name.startsWith(PREFIX)
        Proc rm = sh([WORKER_SH.toString(), 'rm', name])
        if (rm.code != 0) {
            System.err.println("e2e: worker.sh rm $name failed:\n$rm")
        }
        nodesNamed(manager, name).each { NodeInfo n ->
            try {
                apply(manager).nodes().remove(n.id(), true)
            } catch (Exception e) {
                System.err.println("e2e: could not remove node ${n.id()} ($name): ${e.message}")
            }
        }
    }

    /** The worker's address on the rig's bridge (fixed for its lifetime). */
    static String workerIp(String name) {
        Files.readString(Path.of('/var/lib/swarmops-rig/workers', name, 'ip')).trim()
    }

    /** The worker's engine socket, as worker.sh lays it out. */
    static String workerSock(String name) {
        "unix:///run/swarmops-rig/$name/docker.sock"
    }

    /** The pid of the worker's dockerd (changes when the engine restarts). */
    static String dockerdPid(String name) {
        Path p = Path.of('/run/swarmops-rig', name, 'dockerd.pid')
        Files.exists(p) ? read(p).trim() : ''
    }

    static List<String> rigWorkerNames() {
        sh([WORKER_SH.toString(), 'ls']).out.readLines()*.split(/\s+/).collect { it[0] }.findAll { it }
    }

    /**
     * Leftovers of an aborted run of the same spec: its workers, their node entries, services
     * named e2e-… Only the names this spec uses are touched, so the other e2e spec is left alone.
     */
    static void sweep(Engine manager, Collection<String> workerNames, String servicePrefix = null) {
        workerNames.each { String name ->
            if (name in rigWorkerNames() || nodesNamed(manager, name)) {
                System.err.println("e2e: removing worker $name (this spec's, or left by an earlier run)")
                removeWorker(manager, name)
            }
        }
        if (servicePrefix) {
            reads(manager).services().list(null).collect { it.path('Spec').path('Name').asText() }
                    .findAll { it.startsWith(servicePrefix) }
                    .each { String s -> System.err.println("e2e: removing leftover service $s"); apply(manager).services().remove(s) }
        }
    }

    // ---- the jobs network ----

    /** Create platform_jobs_internal as install-manager does (encrypted, attachable, internal) when absent; true when created here. */
    static boolean ensureJobsNetwork(Engine manager) {
        if (reads(manager).networks().find(JobRequest.DEFAULT_NETWORK).present) {
            return false
        }
        apply(manager).networks().create(new NetworkSpec(JobRequest.DEFAULT_NETWORK, true, true, true, 1450, [(LABEL): 'true']))
        true
    }

    /** Remove it again once no task uses it any more. */
    static void removeJobsNetwork(Engine manager) {
        waitFor("${JobRequest.DEFAULT_NETWORK} to be removable", 60) {
            if (!reads(manager).networks().find(JobRequest.DEFAULT_NETWORK).present) {
                return true
            }
            try {
                apply(manager).networks().remove(JobRequest.DEFAULT_NETWORK)
                return true
            } catch (EngineException ignored) {
                return false
            }
        }
    }

    /** Whether an IPv4 address lies in a CIDR block. */
    static boolean inSubnet(String ip, String cidr) {
        String[] parts = cidr.split('/')
        int bits = parts[1] as int
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL
        (ipv4(ip) & mask) == (ipv4(parts[0]) & mask)
    }

    private static long ipv4(String ip) {
        ip.split('\\.').inject(0L) { long acc, String octet -> (acc << 8) | (octet as long) }
    }

    // ---- files a worker's enrollment points at ----

    /** An NVIDIA runtime config as the package ships it: the swarm-resource line commented out, other sections around it. */
    static final String NVIDIA_CONFIG = '''\
disable-require = false
#swarm-resource = "DOCKER_RESOURCE_GPU"
#accept-nvidia-visible-devices-envvar-when-unprivileged = true

[nvidia-container-cli]
#root = "/run/nvidia/driver"
environment = []
ldconfig = "@/sbin/ldconfig.real"
load-kmods = true

[nvidia-container-runtime]
#debug = "/var/log/nvidia-container-runtime.log"
log-level = "info"
mode = "auto"
'''

    /**
     * One worker's files under {@code dir}: its daemon.json (what worker.sh starts the engine
     * with and restart re-reads), config.toml, a fake nvidia-smi printing {@code gpus} in the real
     * {@code --query-gpu=uuid --format=csv,noheader} format, a fake nvidia-container-runtime that
     * logs each call and execs runc, and the --config override pointing enrollment at all of it.
     */
    static final class WorkerFiles {
        String name
        Path dir
        Path daemonJson
        Path nvidiaConfig
        Path nvidiaSmi
        Path runtime
        Path runtimeLog
        Path config
        Path planJson

        static WorkerFiles create(Path root, String name, String daemonJsonText, List<String> gpus) {
            Path dir = Files.createDirectories(root.resolve(name))
            WorkerFiles f = new WorkerFiles(name: name, dir: dir, daemonJson: dir.resolve('daemon.json'),
                    nvidiaConfig: dir.resolve('config.toml'), nvidiaSmi: dir.resolve('bin/nvidia-smi'),
                    runtime: dir.resolve('bin/nvidia-container-runtime'), runtimeLog: dir.resolve('runtime.log'),
                    config: dir.resolve('enroll-config.yaml'), planJson: dir.resolve('plan.json'))
            E2eRig.write(f.daemonJson, daemonJsonText)
            E2eRig.write(f.nvidiaConfig, NVIDIA_CONFIG)
            Files.createDirectories(f.nvidiaSmi.parent)
            f.fakeNvidiaSmi(gpus.collect { it + '\n' }.join(''), 0)
            executable(f.runtime, """\
#!/bin/sh
# fake nvidia-container-runtime: records the call, then is runc
printf '%s\\n' "\$*" >> '${f.runtimeLog}'
exec runc "\$@"
""")
            E2eRig.write(f.runtimeLog, '')
            f.writeConfig()
            f
        }

        /**
         * Replace the fake nvidia-smi: it prints {@code output} and exits {@code exit} when called
         * exactly as enrollment calls it, and fails loudly on any other arguments.
         */
        void fakeNvidiaSmi(String output, int exit) {
            executable(nvidiaSmi, """\
#!/bin/sh
# fake nvidia-smi: answers only the query enroll-gpu makes, in nvidia-smi's own format
if [ "\$*" != '--query-gpu=uuid --format=csv,noheader' ]; then
  echo "fake nvidia-smi: unexpected arguments: \$*" >&2
  exit 64
fi
printf '%s' '${output}'
exit ${exit}
""")
        }

        private void writeConfig() {
            Map<String, Object> cfg = [
                    paths   : [daemon_json: daemonJson.toString(), nvidia_config: nvidiaConfig.toString()],
                    commands: [restart_engine: ['bash', WORKER_SH.toString(), 'restart', name]],
                    nvidia  : [runtime_path: runtime.toString()]]
            DumperOptions o = new DumperOptions()
            o.defaultFlowStyle = DumperOptions.FlowStyle.BLOCK
            E2eRig.write(config, new Yaml(o).dump(cfg))
        }

        Map daemonJsonMap() {
            JSON.readValue(daemonJson.toFile(), Map)
        }

        /** The host files enrollment could change (daemon.json, config.toml), byte for byte. */
        Map<String, String> files() {
            [(daemonJson.toString()): E2eRig.read(daemonJson), (nvidiaConfig.toString()): E2eRig.read(nvidiaConfig)]
        }

        private static void executable(Path p, String text) {
            E2eRig.write(p, text)
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString('rwxr-xr-x'))
        }
    }

    /**
     * {@code swarmops --host WORKER run playbooks/enroll-CLASS.groovy …} as the operator runs it on
     * the worker: token in $JOIN_TOKEN (absent when null), never on the command line.
     */
    static Running startEnroll(String workload, String workerSock, WorkerFiles f, String token, List<String> extra) {
        List<String> args = ['--host', workerSock, 'run', "playbooks/enroll-${workload}.groovy".toString(),
                             '--config', f.config.toString(), '--plan-json', f.planJson.toString()] + extra
        // the worker's fake nvidia-smi is the one on its PATH, as the real one would be
        Map<String, String> extraEnv = [PATH: f.nvidiaSmi.parent.toString() + ':' + System.getenv('PATH')]
        startSwarmops(args, token == null ? extraEnv : extraEnv + [JOIN_TOKEN: token])
    }

    static String read(Path p) {
        Files.readString(p, StandardCharsets.UTF_8)
    }

    static void write(Path p, String text) {
        Files.writeString(p, text, StandardCharsets.UTF_8)
    }

    /** Delete a directory tree (temp files of a spec). */
    static void deleteTree(Path root) {
        if (root != null && Files.exists(root)) {
            root.toFile().deleteDir()
        }
    }
}
