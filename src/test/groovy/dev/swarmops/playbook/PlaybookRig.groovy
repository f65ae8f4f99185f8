package dev.swarmops.playbook

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.engine.EngineException

import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermissions
import java.util.function.Supplier

/**
 * What the playbook specs share: where the rig and the stock playbook are, a rendered settings
 * file that points every host path at a temp dir, read-only snapshots of an engine and of a
 * directory tree, the in-process runner, and removal of every object install-manager creates.
 */
final class PlaybookRig {

    static final String MANAGER = 'unix:///var/run/docker.sock'
    /** The rig's host bridge address: local to this machine, advertised by the rig's swarm. */
    static final String ADDR = '10.231.0.1'
    static final String NOWHERE = 'unix:///nonexistent/swarmops-playbook-spec.sock'
    static final Path PROJECT = Path.of('').toAbsolutePath()
    static final Path PLAYBOOK = PROJECT.resolve('playbooks/install-manager.groovy')
    static final Path WORKER_SH = PROJECT.resolve('scripts/rig/worker.sh')

    static final String PROXY = 'platform-master-proxy'
    static final String BROKER = 'platform-master-broker'
    static final String MASTER_PG = 'platform-master-postgres'
    static final List<String> POSTGRES = [MASTER_PG, 'challenge-agent-challenge-postgres', 'challenge-prism-postgres']
    static final List<String> CHALLENGES = ['challenge-agent-challenge', 'challenge-agent-challenge-worker', 'challenge-prism']
    static final List<String> SERVICES = POSTGRES + [PROXY, BROKER] + CHALLENGES
    static final List<String> NETWORKS = ['platform_challenges', 'platform_jobs_internal']
    /** Docker secret → the variable holding its value, as install-manager.yaml has them. */
    static final Map<String, String> SECRET_VARS = [
            platform_admin_token                                  : 'PLATFORM_ADMIN_TOKEN',
            platform_master_database_url                          : 'MASTER_DATABASE_URL',
            platform_master_pg_password                           : 'MASTER_PG_PASSWORD',
            platform_agent_challenge_challenge_token              : 'AGENT_CHALLENGE_CHALLENGE_TOKEN',
            platform_agent_challenge_docker_broker_token          : 'AGENT_CHALLENGE_DOCKER_BROKER_TOKEN',
            platform_agent_challenge_submission_env_encryption_key: 'AGENT_CHALLENGE_SUBMISSION_ENV_KEY',
            platform_agent_challenge_database_url                 : 'AGENT_CHALLENGE_DATABASE_URL',
            platform_agent_challenge_pg_password                  : 'AGENT_CHALLENGE_PG_PASSWORD',
            platform_prism_challenge_token                        : 'PRISM_CHALLENGE_TOKEN',
            platform_prism_docker_broker_token                    : 'PRISM_DOCKER_BROKER_TOKEN',
            platform_prism_database_url                           : 'PRISM_DATABASE_URL',
            platform_prism_pg_password                            : 'PRISM_PG_PASSWORD',
            platform_openrouter_api_key                           : 'OPENROUTER_API_KEY']
    static final List<String> SECRETS = SECRET_VARS.keySet() as List<String>
    static final String CONFIG_PREFIX = 'platform_master-'
    /** Configs install-manager's restore step records. */
    static final String RESTORED_PREFIX = 'restored-'
    static final List<String> VOLUMES = ['platform_master_pg', 'agent_challenge_pg', 'prism_pg', 'vol_platform_secrets',
                                         'platform_agent_challenge_pg', 'platform_prism_pg', 'prism_fineweb_edu_val', 'prism_fineweb_edu_train']
    /** Variables the child processes must not inherit: they would change what the playbook does. */
    static final List<String> PLAYBOOK_ENV = (SECRET_VARS.values() as List<String>) + ['GHCR_USER', 'GHCR_TOKEN', 'MASTER_PROXY_PORT',
                                              'MASTER_BROKER_PORT', 'BACKUP_DIR', 'MASTER_CONFIG_PATH', 'DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']

    static final ObjectMapper JSON = new ObjectMapper()

    private PlaybookRig() {
    }

    static boolean rig() {
        System.getProperty('swarmops.rig') == 'true'
    }

    /**
     * Every secret variable set, to values nobody else uses (each starts with {@code prefix}, so
     * a spec can look for any of them at once); the database URLs fit their services and passwords.
     */
    static Map<String, String> secretEnv(String prefix = 'canary-' + UUID.randomUUID()) {
        Map<String, String> env = [:]
        SECRET_VARS.values().each { env[it] = prefix + '-' + it.toLowerCase().replace('_', '-') }
        env.MASTER_DATABASE_URL = "postgresql+asyncpg://platform:${env.MASTER_PG_PASSWORD}@platform-master-postgres:5432/platform".toString()
        env.AGENT_CHALLENGE_DATABASE_URL = "postgresql+asyncpg://challenge:${env.AGENT_CHALLENGE_PG_PASSWORD}@challenge-agent-challenge-postgres:5432/challenge".toString()
        env.PRISM_DATABASE_URL = "postgresql+asyncpg://challenge:${env.PRISM_PG_PASSWORD}@challenge-prism-postgres:5432/challenge".toString()
        env
    }

    // ---- settings ----

    /**
     * The rig override (src/test/resources/playbooks/rig-config.yaml): the rig's stand-in images,
     * host paths under root, restart/systemd commands `true`.
     */
    static Path config(Path root) {
        String template = PlaybookRig.getResource('/playbooks/rig-config.yaml').getText('UTF-8')
        assert template.contains('@ROOT@')
        Path file = root.resolve('config.yaml')
        file.toFile().text = template.replace('@ROOT@', root.toString())
        file
    }

    static Path resource(String name) {
        Path.of(PlaybookRig.getResource('/playbooks/' + name).toURI())
    }

    // ---- running ----

    /** One in-process run through {@link PlaybookRunner}: the printed lines and the result. */
    static final class Run {
        List<String> lines
        PlaybookRunner.Result result

        String getOut() {
            lines.join('\n') + '\n'
        }

        List<String> planned() {
            result.outcomes().collect { it.mutation().kind() + ' ' + it.mutation().target() }
        }

        String summary() {
            lines.find { it.startsWith('Plan: ') || it.startsWith('Applied: ') }
        }

        @Override
        String toString() {
            "exit ${result?.exitCode()}\n$out"
        }
    }

    /** Runs the playbook in this JVM against host, with env as its environment. */
    static Run run(String host, Map<String, String> env, List<String> args, Path playbook = PLAYBOOK) {
        List<String> lines = []
        Terminal terminal = { String line -> lines << line } as Terminal
        Engine engine = null
        try {
            PlaybookRunner.Result r = new PlaybookRunner(terminal, env).run(playbook, args.collect { it.toString() },
                    { engine = new Engine(Endpoint.resolve(host, [:])) } as Supplier<Engine>)
            new Run(lines: lines, result: r)
        } finally {
            engine?.close()
        }
    }

    // ---- reading the engine (GETs only) ----

    static Engine engine(String host = MANAGER) {
        new Engine(Endpoint.resolve(host, [:]))
    }

    /** A GET, with a swarm endpoint's 503 on an engine outside a swarm read as "none". */
    static Object read(Engine e, String path) {
        try {
            JSON.convertValue(e.get(path), Object)
        } catch (EngineException ex) {
            if (ex.status() == 503) {
                return 'none'
            }
            throw ex
        }
    }

    static List<Map> list(Engine e, String kind) {
        def r = read(e, '/' + kind)
        r == 'none' ? [] : r as List<Map>
    }

    /** Objects of a kind whose name is exactly this (names of networks are not unique in a swarm). */
    static List<Map> named(Engine e, String kind, String name) {
        list(e, kind).findAll { nameOf(it) == name }
    }

    static String nameOf(Map o) {
        o.Spec?.Name ?: o.Name
    }

    static Map service(Engine e, String name) {
        List<Map> s = named(e, 'services', name)
        assert s.size() == 1: "expected one service $name, found ${s.size()}"
        s[0]
    }

    /**
     * Everything a playbook could change on an engine, with the version index of each swarm
     * object (any update bumps it). Objects named spec-* belong to other specs and are left out;
     * on a swarm, only this engine's own node is kept (other specs add and remove workers).
     */
    static Map snapshot(Engine e, boolean withContainers = false) {
        Map info = read(e, '/info') as Map
        Map swarm = info.Swarm as Map
        String self = swarm.NodeID
        Map snap = [:]
        snap.swarm = [state: swarm.LocalNodeState, nodeId: swarm.NodeID, control: swarm.ControlAvailable, cluster: swarm.Cluster?.ID]
        def nodes = read(e, '/nodes')
        snap.nodes = nodes == 'none' ? 'none' : (nodes as List<Map>).findAll { it.ID == self }
                .collect { [id: it.ID, version: it.Version.Index, spec: it.Spec] }
        snap.networks = list(e, 'networks').findAll { !ours(it.Name) }
                .collect { [name: it.Name, id: it.Id, driver: it.Driver, options: it.Options, labels: it.Labels,
                            internal: it.Internal, attachable: it.Attachable, created: it.Created] }
                .sort { it.name + it.id }
        ['secrets', 'configs', 'services'].each { String kind ->
            def objects = read(e, '/' + kind)
            snap[kind] = objects == 'none' ? 'none' : (objects as List<Map>).findAll { !ours(it.Spec.Name) }
                    .collect { [name: it.Spec.Name, id: it.ID, version: it.Version.Index, spec: it.Spec] }
                    .sort { it.name + it.id }
        }
        snap.volumes = ((read(e, '/volumes') as Map).Volumes ?: []).findAll { !ours(it.Name) }
                .collect { [name: it.Name, driver: it.Driver, labels: it.Labels] }.sort { it.name }
        if (withContainers) {
            snap.containers = list(e, 'containers/json?all=1').collect { [id: it.Id, names: it.Names, state: it.State] }.sort { it.id }
        }
        snap
    }

    private static boolean ours(String name) {
        name?.startsWith('spec-')
    }

    /** Every file and directory under root: relative path → mode and content (directories: mode only). */
    static Map<String, String> tree(Path root) {
        Map<String, String> out = new TreeMap<>()
        if (!Files.exists(root)) {
            return out
        }
        Files.walk(root).withCloseable { s ->
            s.forEach { Path p ->
                String rel = root.relativize(p).toString() ?: '.'
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                out[rel] = Files.isDirectory(p) ? "dir $mode" : "file $mode\n" + new String(Files.readAllBytes(p), StandardCharsets.UTF_8)
            }
        }
        out
    }

    /** HTTP status of a GET, -1 when nothing answered. */
    static int httpGet(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection()
            c.connectTimeout = 3000
            c.readTimeout = 3000
            int code = c.responseCode
            c.disconnect()
            code
        } catch (IOException ignored) {
            -1
        }
    }

    // ---- the rig's docker CLI (test set-up and clean-up only; the product never forks docker) ----

    static final class Cmd {
        int code
        String out
    }

    static Cmd sh(List<String> argv) {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start()
        p.outputStream.close()
        String out = p.inputStream.getText('UTF-8')
        new Cmd(code: p.waitFor(), out: out)
    }

    static Cmd docker(String... args) {
        sh(['docker', '-H', MANAGER] + args.toList())
    }

    /** Adds a rig worker engine that is in no swarm; returns its socket. */
    static String addLoneWorker(String name) {
        Cmd add = sh([WORKER_SH.toString(), 'add', name, '--join', 'none'])
        assert add.code == 0: add.out
        sh([WORKER_SH.toString(), 'sock', name]).out.trim()
    }

    static void removeWorker(String name) {
        Cmd rm = sh([WORKER_SH.toString(), 'rm', name])
        assert rm.code == 0: rm.out
    }

    /**
     * Removes every object install-manager.groovy creates on the rig manager: its services and
     * one-shot tasks (then waits for their containers to go, so volumes, networks and ports are
     * free), secrets, master and restore configs, volumes and both networks (all copies, should
     * there be duplicates).
     */
    static void removePlatformObjects() {
        Engine e = engine()
        try {
            Closure<Boolean> platform = { String n -> n in SERVICES || n.startsWith('seed-') || n.startsWith('restore-') }
            List<String> ids = list(e, 'services').findAll { platform(it.Spec.Name) }*.ID
            if (ids) {
                docker('service', 'rm', *ids)
            }
            waitUntil(120, 'the platform services\' containers to go') {
                list(e, 'containers/json?all=1').every { !platform(it.Labels?.'com.docker.swarm.service.name' ?: '') }
            }
            List<String> secrets = list(e, 'secrets').findAll { it.Spec.Name in SECRETS }*.ID
            if (secrets) {
                docker('secret', 'rm', *secrets)
            }
            List<String> configs = list(e, 'configs').findAll { it.Spec.Name.startsWith(CONFIG_PREFIX) || it.Spec.Name.startsWith(RESTORED_PREFIX) }*.ID
            if (configs) {
                docker('config', 'rm', *configs)
            }
            waitUntil(60, 'the platform volumes to be removed') {
                docker('volume', 'rm', '-f', *VOLUMES)
                ((read(e, '/volumes') as Map).Volumes ?: []).every { !(it.Name in VOLUMES) }
            }
            waitUntil(60, 'the platform networks to be removed') {
                List<String> nets = list(e, 'networks').findAll { it.Name in NETWORKS }*.Id
                if (nets) {
                    // refused while a task's endpoint is still being torn down: try again
                    docker('network', 'rm', *nets)
                }
                nets.isEmpty()
            }
            assert list(e, 'services').findAll { it.Spec.Name in SERVICES } == []
            assert list(e, 'secrets').findAll { it.Spec.Name in SECRETS } == []
            assert list(e, 'configs').findAll { it.Spec.Name.startsWith(CONFIG_PREFIX) || it.Spec.Name.startsWith(RESTORED_PREFIX) } == []
        } finally {
            e.close()
        }
    }

    /** Polls a condition for clean-up and set-up (not an assertion on timing): fails after seconds. */
    static void waitUntil(int seconds, String what, Closure<Boolean> done) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L
        while (!done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting ${seconds}s for $what")
            }
            Thread.sleep(250)
        }
    }

    /**
     * Held by a spec that creates or removes the platform's objects on the shared rig manager, so
     * two test runs (say, a developer's and CI's) never interleave on the same names.
     */
    static final class PlatformLock implements AutoCloseable {
        static final Path FILE = Path.of(System.getProperty('java.io.tmpdir'), 'swarmops-playbook-specs.lock')
        private final FileChannel channel
        private final FileLock lock

        PlatformLock() {
            channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
            FileLock l = null
            waitUntil(900, "the lock $FILE (another run of the playbook specs holds it)") { (l = channel.tryLock()) != null }
            lock = l
        }

        @Override
        void close() {
            lock?.release()
            channel.close()
        }
    }

    static void deleteTree(Path root) {
        if (root != null && Files.exists(root)) {
            root.toFile().deleteDir()
        }
    }
}
