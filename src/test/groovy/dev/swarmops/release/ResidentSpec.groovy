package dev.swarmops.release

import dev.swarmops.e2e.E2eRig
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The resident JVM (SWARMOPS_RESIDENT), through the installed launcher, against the rig's manager:
 * a run it serves prints and exits as a fresh JVM's does; it is keyed by the environment; it only
 * serves `run`; a signal ends the run and the JVM; it goes when idle or when its socket goes; bad
 * settings and an unsafe directory are refused. Runs as this user (root on the rig): the engine's
 * socket is root's.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class ResidentSpec extends UnpackedRelease {

    static final Path DEMO_ENV = Release.PROJECT.resolve('playbooks/demo.env')

    @Shared
    Path work
    @Shared
    Path runtime
    @Shared
    Map<String, String> secrets

    def setupSpec() {
        work = Files.createDirectories(tmp.resolve('work'))
        runtime = Files.createDirectories(tmp.resolve('runtime'))
        secrets = DEMO_ENV.readLines().findAll { it ==~ /[A-Z_]+=.*/ }.collectEntries { it.split('=', 2) as List }
    }

    def cleanup() {
        stopAll()
    }

    /** The dry-run of the stock install playbook against the manager: the command the resident JVM is for. */
    List<String> plan(String... more) {
        ['--host', E2eRig.MANAGER, 'run', root.resolve('playbooks/install-manager.groovy').toString(), *more]
    }

    Map<String, String> env(Map<String, String> extra = [:]) {
        [JAVA_HOME: Release.JAVA_HOME, PATH: '/usr/bin:/bin:/usr/sbin:/sbin', HOME: tmp.toString(), NO_COLOR: '1', LANG: 'C.UTF-8',
         XDG_CACHE_HOME: tmp.resolve('cache').toString(), XDG_RUNTIME_DIR: runtime.toString()] + secrets + extra
    }

    Process start(Map<String, String> env, List<String> args, String stdin = '') {
        ProcessBuilder pb = new ProcessBuilder([root.resolve('bin/swarmops').toString(), *args]).directory(work.toFile())
        pb.environment().clear()
        pb.environment().putAll(env)
        Process p = pb.start()
        p.outputStream.withCloseable { it.write(stdin.getBytes('UTF-8')) }
        p
    }

    Release.Run run(Map<String, String> env, List<String> args, String stdin = '') {
        Process p = start(env, args, stdin)
        StringBuilder err = new StringBuilder()
        Thread t = Thread.start { err << p.errorStream.getText('UTF-8') }
        String out = p.inputStream.getText('UTF-8')
        assert p.waitFor(120, TimeUnit.SECONDS), "swarmops ${args.join(' ')} still running after 120 s"
        t.join()
        new Release.Run(p.exitValue(), out, err.toString())
    }

    Path socketDir() {
        runtime.resolve("swarmops-${'id -u'.execute().text.trim()}")
    }

    /** Resident JVMs serving from this spec's directory, by pid. */
    List<Long> residents() {
        ProcessHandle.allProcesses().filter { ph ->
            List<String> argv = ph.info().arguments().map { it as List }.orElse([])
            argv.contains('--serve') && argv.any { it.startsWith(socketDir().toString()) }
        }.map { it.pid() }.sorted().toList()
    }

    /** Removing a socket is how one is stopped. */
    void stopAll() {
        if (Files.isDirectory(socketDir())) {
            Files.list(socketDir()).withCloseable { s -> s.toList().each { Files.deleteIfExists(it) } }
        }
        E2eRig.waitFor('the resident JVMs to go', 10) { residents().isEmpty() ?: null }
    }

    def "a run it serves prints and exits as a fresh JVM's does; the JVM stays for the next run"() {
        when:
        Release.Run cold = run(env(), plan())
        Release.Run first = run(env(SWARMOPS_RESIDENT: '5m'), plan())
        List<Long> after1 = residents()
        Release.Run served = run(env(SWARMOPS_RESIDENT: '5m'), plan())
        List<Long> after2 = residents()

        then:
        cold.code == 0
        cold.out.contains('STEP 1/14 preflight')
        cold.out.contains('Nothing was changed.')
        [first, served].every { it.code == cold.code && it.out == cold.out && it.err == cold.err }
        after1.size() == 1
        after2 == after1

        and: "its socket sits in a directory only this user can enter"
        Files.getPosixFilePermissions(socketDir()).collect { it.toString() }.sort() == ['OWNER_EXECUTE', 'OWNER_READ', 'OWNER_WRITE']

        and: "no secret value is on its command line"
        String argv = ProcessHandle.of(after1[0]).get().info().arguments().map { it.join(' ') }.orElse('')
        argv.contains('--serve')
        secrets.values().every { !argv.contains(it) }
    }

    def "bad input gets the same line and exit code from it as from a fresh JVM"() {
        when:
        Release.Run cold = run(env(), plan('--advertise-addr', 'not-an-ip'))
        Release.Run served = run(env(SWARMOPS_RESIDENT: '5m'), plan('--advertise-addr', 'not-an-ip'))

        then:
        cold.code == 2
        cold.err.contains("--advertise-addr: 'not-an-ip' is not an IP address")
        served.code == cold.code
        served.out == cold.out
        served.err == cold.err
    }

    def "another environment gets another JVM; commands other than run start none"() {
        when:
        run(env(SWARMOPS_RESIDENT: '5m'), plan())
        run(env(SWARMOPS_RESIDENT: '5m', EXTRA: 'x'), plan())
        List<Long> two = residents()
        Release.Run version = run(env(SWARMOPS_RESIDENT: '5m', OTHER: 'y'), ['--version'])
        Release.Run list = run(env(SWARMOPS_RESIDENT: '5m', OTHER: 'y'), ['--host', E2eRig.MANAGER, 'worker', 'list'])

        then:
        two.size() == 2
        version.code == 0
        version.out == "swarmops ${Release.VERSION}\n"
        list.code == 0
        list.out.contains('HOSTNAME')
        residents() == two
    }

    def "a file only the client can open keeps the run in the client: --env-file /dev/stdin"() {
        given:
        Map<String, String> bare = env(SWARMOPS_RESIDENT: '5m').findAll { k, v -> !secrets.containsKey(k) }

        when:
        Release.Run r = run(bare, plan('--env-file', '/dev/stdin'), DEMO_ENV.text)

        then:
        r.code == 0
        r.out.contains('Nothing was changed.')
    }

    def "a run while it is busy runs in a fresh JVM; SIGINT ends a served run and its JVM, the client exits 130"() {
        given:
        Map<String, String> e = env(SWARMOPS_RESIDENT: '5m')
        List<String> args = ['--host', E2eRig.MANAGER, 'run', Release.PROJECT.resolve('src/test/resources/playbooks/waits.groovy').toString()]
        Process p = start(e, args)
        BufferedReader out = p.inputReader()
        String line
        while ((line = out.readLine()) != null && !line.contains('waiting')) {
        }
        List<Long> serving = residents()

        when: "another run while that one waits"
        Release.Run meanwhile = run(e, plan())

        then:
        meanwhile.code == 0
        meanwhile.out.contains('Nothing was changed.')
        residents() == serving

        when:
        Release.sh('kill', '-INT', p.pid().toString())
        boolean ended = p.waitFor(15, TimeUnit.SECONDS)

        then:
        line?.contains('waiting')
        serving.size() == 1
        ended
        p.exitValue() == 130
        E2eRig.waitFor('the interrupted JVM to go', 10) { !ProcessHandle.of(serving[0]).map { it.alive }.orElse(false) ?: null }
    }

    def "it goes when idle for SWARMOPS_RESIDENT, and at once when its socket is removed; a dead one's socket is replaced"() {
        when: "idle for 2 s"
        run(env(SWARMOPS_RESIDENT: '2s'), plan())
        List<Long> idle = residents()

        then:
        idle.size() == 1
        E2eRig.waitFor('the idle JVM to go', 15) { residents().isEmpty() ?: null }

        when: "killed, its socket left behind"
        run(env(SWARMOPS_RESIDENT: '5m'), plan())
        Release.sh('kill', '-KILL', residents()[0].toString())
        E2eRig.waitFor('the killed JVM to go', 10) { residents().isEmpty() ?: null }
        Release.Run again = run(env(SWARMOPS_RESIDENT: '5m'), plan())

        then:
        again.code == 0
        again.out.contains('Nothing was changed.')
        residents().size() == 1
    }

    def "bad settings are refused: a value that is no duration (exit 2, one line), a directory others can enter (one warning, run as without)"() {
        when:
        Release.Run bad = run(env(SWARMOPS_RESIDENT: 'soon'), plan())

        then:
        bad.code == 2
        bad.out == ''
        bad.err == 'swarmops: SWARMOPS_RESIDENT=soon is not a duration (10m, 90s, 1h; off to disable)\n'
        residents().isEmpty()

        when:
        Path open = Files.createDirectories(tmp.resolve('open'))
        Path dir = Files.createDirectories(open.resolve("swarmops-${'id -u'.execute().text.trim()}"))
        Release.sh('chmod', '0777', dir.toString())
        Release.Run unsafe = run(env(SWARMOPS_RESIDENT: '5m', XDG_RUNTIME_DIR: open.toString()), plan())
        Release.Run cold = run(env(), plan())

        then:
        unsafe.code == 0
        unsafe.out == cold.out
        unsafe.err.readLines() == ["swarmops: $dir is not a directory of this user's alone; running without the resident JVM".toString()] + cold.err.readLines()
        Files.list(dir).withCloseable { it.count() } == 0
    }
}
