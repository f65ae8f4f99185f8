package dev.swarmops.playbook

import dev.swarmops.engine.Engine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

import static dev.swarmops.playbook.PlaybookRig.ADDR
import static dev.swarmops.playbook.PlaybookRig.BROKER
import static dev.swarmops.playbook.PlaybookRig.MANAGER
import static dev.swarmops.playbook.PlaybookRig.MASTER_PG
import static dev.swarmops.playbook.PlaybookRig.NETWORKS
import static dev.swarmops.playbook.PlaybookRig.PLAYBOOK
import static dev.swarmops.playbook.PlaybookRig.PROXY
import static dev.swarmops.playbook.PlaybookRig.SECRETS
import static dev.swarmops.playbook.PlaybookRig.SERVICES
import static dev.swarmops.playbook.PlaybookRig.named
import static dev.swarmops.playbook.PlaybookRig.snapshot

/**
 * install-manager.groovy --apply on the rig's manager, from nothing, against a master that
 * behaves like the real one at its borders (the rig's stand-in: the same `platform master
 * proxy|broker --config` entry, YAML + PLATFORM_* loading, exits when the database refuses its
 * URL or a *_file is unreadable, /health, an admin route gated by the token file) and a
 * PostgreSQL honouring the official image's contract. Only image names and host paths differ
 * from the stock settings. In order: each feature starts where the last ended.
 */
@Stepwise
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class InstallManagerApplySpec extends Specification {

    static final Path MANAGER_LOG = Path.of('/var/lib/swarmops-rig/manager.log')
    /** The restored master database: the stand-in master's own tables, with rows. */
    static final String PLATFORM_DUMP = '''\
        CREATE TABLE public.alembic_version (version_num varchar(32) PRIMARY KEY);
        CREATE TABLE public.challenges (slug text PRIMARY KEY, name text NOT NULL, status text NOT NULL DEFAULT 'active');
        INSERT INTO public.alembic_version VALUES ('0001');
        INSERT INTO public.challenges VALUES ('agent-challenge', 'Agent Challenge', 'active'), ('prism', 'PRISM', 'active');
        '''.stripIndent()

    @Shared
    Path root
    @Shared
    Path config
    @Shared
    Engine engine
    @Shared
    PlaybookRig.PlatformLock lock
    @Shared
    String prefix = 'canary-' + UUID.randomUUID()
    @Shared
    Map<String, String> env

    def setupSpec() {
        lock = new PlaybookRig.PlatformLock()
        PlaybookRig.removePlatformObjects()   // e.g. left by a manual run: start from nothing
        root = Files.createTempDirectory('swarmops-pb-apply')
        config = PlaybookRig.config(root)
        engine = PlaybookRig.engine()
        env = PlaybookRig.secretEnv(prefix)
        Path backup = Files.createDirectories(root.resolve('backup'))
        backup.resolve('platform.sql').text = PLATFORM_DUMP
        backup.resolve('rowcounts-platform.txt').text = 'public.alembic_version 1\npublic.challenges 2\n'
        backup.resolve('agent-challenge.sql').text = 'CREATE TABLE public.submissions (id int PRIMARY KEY);\n' +
                'INSERT INTO public.submissions SELECT generate_series(1, 3);\n'
        backup.resolve('rowcounts-agent-challenge.txt').text = 'public.submissions 3\n'
        backup.resolve('prism.sql').text = ''   // upstream: prism.sql may be empty
        backup.resolve('rowcounts-prism.txt').text = ''
    }

    def cleanupSpec() {
        try {
            engine?.close()
            PlaybookRig.removePlatformObjects()
        } finally {
            PlaybookRig.deleteTree(root)
            lock?.close()
        }
    }

    List<String> args(String... extra) {
        ['--config', config.toString(), '--advertise-addr', ADDR, '--restore', '--static-challenges', '--install-supervisor'] + extra.toList()
    }

    /** The container of a service's running task on the manager. */
    static String container(String service) {
        String id = PlaybookRig.docker('ps', '-q', '--filter', "label=com.docker.swarm.service.name=$service").out.trim()
        assert id ==~ /[0-9a-f]+/: "no running container of $service"
        id
    }

    /** A GET with headers: status and body. */
    static List get(String url, Map<String, String> headers) {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection()
        headers.each { k, v -> c.setRequestProperty(k, v) }
        int code = c.responseCode
        String body = (code < 400 ? c.inputStream : c.errorStream)?.getText('UTF-8')
        c.disconnect()
        [code, body]
    }

    /**
     * psql in the PostgreSQL task to its own service name, so over the overlay where the password
     * is checked (loopback is trusted, as in the official image); the password on standard input.
     */
    static PlaybookRig.Cmd psql(String service, String user, String db, String password, String sql) {
        Process p = new ProcessBuilder(['docker', '-H', MANAGER, 'exec', '-i', container(service), 'sh', '-c',
                                        "PGPASSWORD=\$(cat) psql -h $service -U $user -d $db -XAtc \"$sql\"".toString()])
                .redirectErrorStream(true).start()
        p.outputStream.withCloseable { it.write(password.getBytes('UTF-8')) }
        String out = p.inputStream.getText('UTF-8')
        new PlaybookRig.Cmd(code: p.waitFor(), out: out)
    }

    def "--apply --restore converges the platform from nothing, and no secret value is printed, planned, logged or on a command line"() {
        given: "thirteen secret values nobody could guess (all starting with one prefix), and a watch on every command line"
        Path planJson = root.resolve('plan.json')
        long logFrom = Files.exists(MANAGER_LOG) ? Files.size(MANAGER_LOG) : -1
        CmdlineSampler sampler = new CmdlineSampler(prefix)

        when:
        PlaybookProcess p = PlaybookProcess.start(['--host', MANAGER, 'run', PLAYBOOK.toString()]
                + args('--apply', '--plan-json', planJson.toString()), env)
        sampler.watched = p.pid()
        int code = p.waitFor()
        sampler.close()

        then: "it applied everything, restored and verified the databases, checked health itself, and said so"
        code == 0
        p.errLines() == []
        p.lines.contains('  = swarm active, this node is a manager (10.231.0.1)')
        p.lines.contains('  endpoint mode dnsrr: auto: the kernel has no IPVS (CONFIG_IP_VS is not set in /proc/config.gz), so a virtual IP would never answer')
        p.lines.contains('  restored platform-master-postgres: public.alembic_version 1, public.challenges 2')
        p.lines.count { it == '  row counts match the baseline (2 tables)' } == 1
        p.lines.contains('  restored challenge-agent-challenge-postgres: public.submissions 3')
        p.lines.contains('  restored challenge-prism-postgres: no tables')
        p.lines.contains('  platform-master-proxy: GET http://127.0.0.1:18080/health -> 200')
        p.lines.contains('  platform-master-broker: GET http://127.0.0.1:18082/health -> 200')
        p.lines.find { it.startsWith('Applied: ') } ==~ /Applied: \d+ created, 0 changed, 0 destroyed, 5 tasks run, \d+ unchanged, 2 skipped \(flag not given\)\./

        and: "no secret value in any output, the plan file, the engine's log, or any command line"
        !p.out.contains(prefix)
        !p.err.contains(prefix)
        !planJson.toFile().text.contains(prefix)
        logFrom < 0 || !new String(Files.readAllBytes(MANAGER_LOG), 'UTF-8').substring((int) logFrom).contains(prefix)
        sampler.hits == []
        sampler.sawWatched > 0

        and: "the plan file records every mutation as applied"
        List plan = PlaybookRig.JSON.readValue(planJson.toFile(), List)
        plan.every { it.applied == true }
        plan.count { it.kind == 'secret.create' } == 13
    }

    def "every platform service converged on the rig's stand-in images"() {
        expect:
        SERVICES.every { named(engine, 'services', it).size() == 1 }
        SERVICES.every { PlaybookRig.list(engine, "tasks?filters=%7B%22service%22%3A%5B%22$it%22%5D%2C%22desired-state%22%3A%5B%22running%22%5D%7D")
                .any { t -> t.Status.State == 'running' } }
    }

    def "/health answers 200 on both published host ports; the admin route takes the stored token and refuses others"() {
        expect:
        get('http://127.0.0.1:18080/health', [:]) == [200, '{"status":"ok"}']
        get('http://127.0.0.1:18082/health', [:]) == [200, '{"status":"ok"}']
        get('http://127.0.0.1:18080/admin/challenges', headers)[0] == code

        where:
        headers                                                       || code
        ['X-Admin-Token': PlaybookRig.secretEnv(prefix).PLATFORM_ADMIN_TOKEN]          || 200
        [Authorization: 'Bearer ' + PlaybookRig.secretEnv(prefix).PLATFORM_ADMIN_TOKEN] || 200
        [:]                                                           || 401
        ['X-Admin-Token': 'not-the-token']                            || 401
        [Authorization: 'Bearer ' + PlaybookRig.secretEnv(prefix).PLATFORM_ADMIN_TOKEN + 'x'] || 401
    }

    def "the master serves the restored database, reached with the stored password"() {
        when:
        List admin = get('http://127.0.0.1:18080/admin/challenges', ['X-Admin-Token': env.PLATFORM_ADMIN_TOKEN])

        then: "the restored rows, read by the master from PostgreSQL"
        admin[0] == 200
        PlaybookRig.JSON.readValue(admin[1] as String, List)*.slug == ['agent-challenge', 'prism']

        and: "the database takes the stored password and refuses another"
        psql(MASTER_PG, 'platform', 'platform', env.MASTER_PG_PASSWORD, 'select count(*) from challenges').out.trim() == '2'
        psql(MASTER_PG, 'platform', 'platform', 'wrong-' + prefix, 'select 1').out.contains('password authentication failed')
        psql('challenge-agent-challenge-postgres', 'challenge', 'challenge', env.AGENT_CHALLENGE_PG_PASSWORD,
                'select count(*) from submissions').out.trim() == '3'
    }

    def "the database URL is in the #service process's environment only: not in its container's or service's spec"() {
        given:
        String c = container(service)

        expect: "pid 1 (platform master, exec'd by the wrapper) has it"
        PlaybookRig.docker('exec', c, 'sh', '-c', 'tr "\\0" "\\n" </proc/1/environ').out.readLines()
                .contains('PLATFORM_DATABASE__URL=' + env.MASTER_DATABASE_URL)
        PlaybookRig.docker('exec', c, 'cat', '/proc/1/cmdline').out.replace('\u0000', ' ').trim()
                .endsWith("platform master $role --config /etc/platform/master.yaml".toString())

        and: "what the engine shows of the container and the service does not"
        !PlaybookRig.docker('inspect', c).out.contains(prefix)
        !PlaybookRig.docker('service', 'inspect', service).out.contains(prefix)

        where:
        service | role
        PROXY   | 'proxy'
        BROKER  | 'broker'
    }

    def "no secret value in any service, config, secret or container the engine shows"() {
        given:
        List<String> configs = PlaybookRig.list(engine, 'configs')*.ID
        List<String> containers = PlaybookRig.list(engine, 'containers/json?all=1')*.Id

        expect:
        !PlaybookRig.docker('service', 'inspect', *SERVICES).out.contains(prefix)
        !PlaybookRig.docker('config', 'inspect', *configs).out.contains(prefix)
        !PlaybookRig.docker('secret', 'inspect', *SECRETS).out.contains(prefix)
        !PlaybookRig.docker('inspect', *containers).out.contains(prefix)
    }

    def "the secrets volume holds each challenge's bearer token for uid 1000, mode 600 (#slug)"() {
        given:
        Map vol = PlaybookRig.read(engine, '/volumes/vol_platform_secrets') as Map
        Path file = Path.of(vol.Mountpoint as String, "${slug}_challenge_token")

        expect:
        file.text == env[var]
        Files.getAttribute(file, 'unix:uid', LinkOption.NOFOLLOW_LINKS) == 1000
        Files.getAttribute(file, 'unix:gid', LinkOption.NOFOLLOW_LINKS) == 1000
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) == 'rw-------'

        and: "the proxy (uid 1000) reads it where the master's docker.secret_dir says"
        PlaybookRig.docker('exec', container(PROXY), 'cat', "/var/lib/platform/secrets/${slug}_challenge_token").out == env[var]

        where:
        slug              | var
        'agent-challenge' | 'AGENT_CHALLENGE_CHALLENGE_TOKEN'
        'prism'           | 'PRISM_CHALLENGE_TOKEN'
    }

    def "master.yaml on the host is what the published config holds; each restore is recorded with its counts"() {
        given:
        List<Map> configs = PlaybookRig.list(engine, 'configs').findAll { it.Spec.Name.startsWith(PlaybookRig.CONFIG_PREFIX) }
        Path masterYaml = root.resolve('etc/platform/master.yaml')
        Map restored = PlaybookRig.list(engine, 'configs').findAll { it.Spec.Name.startsWith(PlaybookRig.RESTORED_PREFIX) }
                .collectEntries { [(it.Spec.Labels.'swarmops.restored'): new String(Base64.decoder.decode(it.Spec.Data as String), 'UTF-8')] }

        expect:
        configs.size() == 1
        new String(Base64.decoder.decode(configs[0].Spec.Data as String), 'UTF-8') == masterYaml.text
        restored == [(MASTER_PG): 'public.alembic_version 1, public.challenges 2',
                     'challenge-agent-challenge-postgres': 'public.submissions 3', 'challenge-prism-postgres': 'no tables']
        root.resolve('etc/systemd/system/platform-supervisor.service').text.contains("--config $masterYaml")
    }

    def "a second --apply with the same flags performs no mutation, and nothing on the engine or host moves"() {
        given:
        Map before = snapshot(engine)
        Map<String, String> hostBefore = PlaybookRig.tree(root)

        when:
        PlaybookRig.Run r = PlaybookRig.run(MANAGER, env, args('--apply'))

        then:
        r.result.exitCode() == 0
        r.result.outcomes() == []
        r.summary() ==~ /Applied: 0 created, 0 changed, 0 destroyed, \d+ unchanged, 2 skipped \(flag not given\)\./
        r.lines.contains("  = service $PROXY matches".toString())
        r.lines.any { it.startsWith('  = database platform on platform-master-postgres was restored from ') }
        r.lines.contains('  = volume vol_platform_secrets has prism_challenge_token (the value of $PRISM_CHALLENGE_TOKEN, owner 1000:1000, mode 0600)')

        and: "every version index the same, and the host tree too"
        snapshot(engine) == before
        PlaybookRig.tree(root) == hostBefore
    }

    def "drift: another proxy port shows as field diffs in a --detailed-exitcode dry-run (exit 2), and changes nothing"() {
        given:
        Map before = snapshot(engine)

        when:
        PlaybookRig.Run r = PlaybookRig.run(MANAGER, env + [MASTER_PROXY_PORT: '18090'], args('--detailed-exitcode'))

        then:
        r.result.exitCode() == 2
        r.planned().findAll { !it.startsWith('config.create') } == ["file.write ${root.resolve('etc/platform/master.yaml')}".toString(),
                                                                    "service.update $BROKER".toString(), "service.update $PROXY".toString()]
        with(r.result.outcomes().find { it.mutation().target() == PROXY }.mutation()) {
            diff().contains('publish: mode=host,target=18080,published=18080,protocol=tcp → mode=host,target=18090,published=18090,protocol=tcp')
            diff().any { it.startsWith('config: source=platform_master-') }
        }
        r.lines*.trim().containsAll(['-   proxy_port: 18080', '+   proxy_port: 18090'])

        and: "still a dry-run"
        snapshot(engine) == before
    }

    def "a run killed with -9 after its network step is finished by the next run, without duplicates"() {
        given: "nothing of the platform on the engine"
        PlaybookRig.removePlatformObjects()
        Path root2 = Files.createTempDirectory('swarmops-pb-killed')
        Path cfg = PlaybookRig.config(root2)
        List<String> plain = ['--config', cfg.toString(), '--advertise-addr', ADDR, '--apply']

        when: "an --apply is killed as soon as it has moved past the networks"
        PlaybookProcess p = PlaybookProcess.start(['--host', MANAGER, 'run', PLAYBOOK.toString()] + plain, env)
        boolean reached = p.awaitLine { it ==~ /STEP \d+\/\d+ secrets/ }
        p.kill9()
        int killed = p.waitFor()

        then: "it died half-way, the networks made, the run not finished"
        reached
        killed == 137
        !p.lines.any { it.startsWith('Applied: ') }
        NETWORKS.every { named(engine, 'networks', it).size() == 1 }

        when: "run again"
        PlaybookRig.Run again = PlaybookRig.run(MANAGER, env, plain)

        then: "it converges, keeping what the killed run made"
        again.result.exitCode() == 0
        NETWORKS.every { again.lines.contains("  = network $it exists, matches".toString()) }
        again.lines.contains('  platform-master-proxy: GET http://127.0.0.1:18080/health -> 200')

        and: "one of each object, by name"
        oneOfEach(engine)

        cleanup:
        PlaybookRig.deleteTree(root2)
    }
    /** Each platform object exists once by name: a re-run after an interrupted one made no duplicates. */
    static boolean oneOfEach(Engine e) {
        NETWORKS.every { named(e, 'networks', it).size() == 1 } &&
                SECRETS.every { named(e, 'secrets', it).size() == 1 } &&
                PlaybookRig.list(e, 'configs').count { it.Spec.Name.startsWith(PlaybookRig.CONFIG_PREFIX) } == 1 &&
                (PlaybookRig.POSTGRES + [PROXY, BROKER]).every { named(e, 'services', it).size() == 1 }
    }

    /** The rig's manager engine is ours to restart only when the rig started it (not an engine it found running). */
    static boolean managerIsTheRigs() {
        Path mode = Path.of('/var/lib/swarmops-rig/manager.mode')
        Files.exists(mode) && Files.readString(mode).trim() == 'started'
    }

    /** Stop the manager's dockerd as a service manager would (SIGTERM, wait for it), and start it again with the rig's script. */
    static void restartManagerEngine() {
        String pid = Files.readString(Path.of('/run/swarmops-rig/manager.pid')).trim()
        assert new ProcessBuilder('kill', '-TERM', pid).start().waitFor() == 0
        long deadline = System.nanoTime() + 120_000_000_000L
        while (Files.exists(Path.of('/proc', pid)) && System.nanoTime() < deadline) {
            Thread.sleep(100)
        }
        Process up = new ProcessBuilder('scripts/rig/up.sh').redirectErrorStream(true).start()
        String out = up.inputStream.text
        assert up.waitFor() == 0: out
    }

    @Requires({ InstallManagerApplySpec.managerIsTheRigs() })
    def "the manager's engine restarted mid-apply: the run stops with one line, and the next run converges without duplicates"() {
        given: "nothing of the platform on the engine"
        PlaybookRig.removePlatformObjects()
        Path root3 = Files.createTempDirectory('swarmops-pb-restarted')
        List<String> plain = ['--config', PlaybookRig.config(root3).toString(), '--advertise-addr', ADDR, '--apply']

        when: "the engine restarts while the run creates the PostgreSQL services"
        PlaybookProcess p = PlaybookProcess.start(['--host', MANAGER, 'run', PLAYBOOK.toString()] + plain, env)
        boolean reached = p.awaitLine { it ==~ /STEP \d+\/\d+ postgres/ }
        restartManagerEngine()
        int stopped = p.waitFor()

        then: "it did not finish, and said why in one line naming the engine, or finished against the restarted engine"
        reached
        stopped == 0 || (stopped in [1, 3] && p.errLines().size() == 1 && p.errLines()[0].startsWith('swarmops: '))

        when: "run again"
        PlaybookRig.Run again = PlaybookRig.run(MANAGER, env, plain)
        Engine fresh = new Engine(dev.swarmops.engine.Endpoint.resolve(MANAGER, [:]))

        then: "it converges"
        again.result.exitCode() == 0
        again.lines.contains('  platform-master-proxy: GET http://127.0.0.1:18080/health -> 200')

        and: "one of each object, by name"
        oneOfEach(fresh)

        cleanup:
        fresh?.close()
        PlaybookRig.deleteTree(root3)
    }
}
