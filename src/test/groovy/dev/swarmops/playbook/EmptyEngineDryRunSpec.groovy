package dev.swarmops.playbook

import dev.swarmops.engine.Engine
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.playbook.PlaybookRig.ADDR
import static dev.swarmops.playbook.PlaybookRig.NOWHERE
import static dev.swarmops.playbook.PlaybookRig.PLAYBOOK

/**
 * A newcomer's first run: install-manager.groovy as a dry-run against a fresh engine that is in
 * no swarm (a rig worker that never joined) plans the whole bring-up and changes nothing, on the
 * engine or on the host; with no engine at all it says so and still shows the whole plan.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class EmptyEngineDryRunSpec extends Specification {

    static final String WORKER = 'spec-pbempty'

    @Shared
    String sock
    @Shared
    Path root
    @Shared
    Path config
    @Shared
    Path planDir

    def setupSpec() {
        root = Files.createTempDirectory('swarmops-pb-empty')
        planDir = Files.createTempDirectory('swarmops-pb-empty-plan')
        config = PlaybookRig.config(root)
        // an operator's daemon.json is already there: a dry-run must leave it exactly as it is
        Files.createDirectories(root.resolve('etc/docker'))
        root.resolve('etc/docker/daemon.json').toFile().text = '{"debug": true, "live-restore": true}\n'
        sock = PlaybookRig.addLoneWorker(WORKER)
    }

    def cleanupSpec() {
        if (sock != null) {
            PlaybookRig.removeWorker(WORKER)
        }
        PlaybookRig.deleteTree(root)
        PlaybookRig.deleteTree(planDir)
    }

    List<String> args(String... extra) {
        ['--config', config.toString(), '--advertise-addr', ADDR] + extra.toList()
    }

    /**
     * The whole bring-up on an engine outside any swarm, in order (the config name carries a
     * content hash); the restore, challenges and supervisor unit wait for their flags.
     */
    List<String> wholeBringUp() {
        ['swarm.init 10.231.0.1',
         'network.create platform_challenges',
         'network.create platform_jobs_internal'] +
                PlaybookRig.SECRETS.collect { "secret.create $it".toString() } +
                PlaybookRig.POSTGRES.collect { "service.create $it".toString() } +
                ['config.create platform_master-HASH',
                 "file.write $root/etc/platform/master.yaml".toString(),
                 'task.run seed-vol_platform_secrets-agent-challenge_challenge_token',
                 'task.run seed-vol_platform_secrets-prism_challenge_token',
                 "dir.create $root/broker-workspace".toString(),
                 'service.create platform-master-broker',
                 'service.create platform-master-proxy']
    }

    static List<String> hashless(List<String> planned) {
        planned.collect { it.replaceFirst(/platform_master-[0-9a-f]{12}$/, 'platform_master-HASH') }
    }

    /** The seed tasks are pinned to this node by hostname, which only a reachable engine can tell. */
    static List<String> unpinned(List<String> clis) {
        clis.collect { it.replaceAll(/node\.hostname==\S+/, 'node.hostname==NODE') }
    }

    /** Every STEP header, numbered 1..N of N in order. */
    static boolean stepsNumberedInOrder(List<String> lines) {
        List<List<Integer>> numbers = lines.findAll { it.startsWith('STEP ') }.collect {
            def m = it =~ /^STEP (\d+)\/(\d+) /
            [m[0][1] as int, m[0][2] as int]
        }
        numbers.size() > 0 && numbers == (1..numbers.size()).collect { [it, numbers.size()] }
    }

    def "a dry-run on an engine in no swarm plans the whole bring-up and changes nothing on the engine or the host"() {
        given:
        Engine engine = PlaybookRig.engine(sock)
        Map before = PlaybookRig.snapshot(engine, true)
        Map<String, String> hostBefore = PlaybookRig.tree(root)
        Path planJson = planDir.resolve('plan.json')
        String canary = 'canary-' + UUID.randomUUID()

        expect: "really an engine outside any swarm, whose swarm endpoints answer 503"
        before.swarm.state == 'inactive'
        before.nodes == 'none' && before.secrets == 'none' && before.configs == 'none' && before.services == 'none'

        when:
        PlaybookRig.Run r = PlaybookRig.run(sock, PlaybookRig.secretEnv(canary), args('--plan-json', planJson.toString()))

        then: "every step, and in them the whole bring-up, as a plan"
        r.result.exitCode() == 0
        stepsNumberedInOrder(r.lines)
        hashless(r.planned()) == wholeBringUp()
        r.result.outcomes().every { !it.applied() }
        r.lines.contains('  + docker swarm init --advertise-addr 10.231.0.1')
        r.lines.contains('  + docker network create --driver overlay --attachable --internal --opt encrypted'
                + ' --opt com.docker.network.driver.mtu=1450 platform_jobs_internal')
        r.summary() == 'Plan: 24 to create, 0 to change, 0 to destroy, 2 tasks to run, 0 unchanged, 5 skipped (flag not given).'
        r.lines.last() == 'Nothing was changed. Run again with --apply to make these changes.'

        and: "the plan file lists the same mutations, none applied"
        List plan = PlaybookRig.JSON.readValue(planJson.toFile(), List)
        hashless(plan.collect { "${it.kind} ${it.target}".toString() }) == wholeBringUp()
        plan.every { it.applied == false }

        and: "no secret value in the output or the plan file"
        !r.out.contains(canary)
        !planJson.toFile().text.contains(canary)

        and: "the engine is exactly as it was: swarm state, nodes, networks, secrets, configs, services, volumes, containers"
        PlaybookRig.snapshot(engine, true) == before

        and: "so is every host path the playbook touches"
        PlaybookRig.tree(root) == hostBefore

        cleanup:
        engine?.close()
    }

    def "with no engine reachable a dry-run warns once and still prints the whole plan, the same as against an empty engine"() {
        given:
        Map<String, String> hostBefore = PlaybookRig.tree(root)
        Map<String, String> env = PlaybookRig.secretEnv()
        String workerHostname = PlaybookRig.engine(sock).withCloseable { (PlaybookRig.read(it, '/info') as Map).Name }

        when:
        PlaybookRig.Run empty = PlaybookRig.run(sock, env, args())
        PlaybookRig.Run nowhere = PlaybookRig.run(NOWHERE, env, args())

        then: "a warning line first, saying what it does instead"
        nowhere.result.exitCode() == 0
        nowhere.lines[0] == "warning: cannot reach the Docker engine at $NOWHERE (No such file or directory);" +
                ' planning as if against an empty engine (--apply needs a running one)'
        nowhere.lines.count { it.startsWith('warning:') } == 1

        and: "then the same steps and the same mutations, command for command, but for the node the seed tasks are pinned to"
        nowhere.lines.findAll { it.startsWith('STEP ') } == empty.lines.findAll { it.startsWith('STEP ') }
        unpinned(nowhere.result.outcomes()*.mutation()*.cli()) == unpinned(empty.result.outcomes()*.mutation()*.cli())
        empty.result.outcomes()*.mutation()*.cli().findAll { it.contains('node.hostname==') }.collect { it.find(/node\.hostname==\S+/) } ==
                ["node.hostname==$workerHostname".toString()] * 2
        hashless(nowhere.planned()) == wholeBringUp()
        nowhere.summary() == empty.summary()

        and:
        PlaybookRig.tree(root) == hostBefore
    }

    def "--apply with no engine reachable refuses with exit 3 before doing anything"() {
        given:
        Map<String, String> hostBefore = PlaybookRig.tree(root)

        when:
        CliRun run = Cli.run(['--host', NOWHERE, 'run', PLAYBOOK.toString()] + args('--apply') as String[])

        then:
        run.code == 3
        run.errLine() == "swarmops: cannot reach the Docker engine at $NOWHERE (No such file or directory);" +
                ' start it, or point elsewhere with --host or DOCKER_HOST'
        run.out == ''
        PlaybookRig.tree(root) == hostBefore
    }
}
