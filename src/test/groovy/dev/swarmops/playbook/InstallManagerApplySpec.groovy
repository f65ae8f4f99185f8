package dev.swarmops.playbook

import dev.swarmops.engine.Engine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

import static dev.swarmops.playbook.PlaybookRig.ADDR
import static dev.swarmops.playbook.PlaybookRig.BROKER
import static dev.swarmops.playbook.PlaybookRig.MANAGER
import static dev.swarmops.playbook.PlaybookRig.NETWORKS
import static dev.swarmops.playbook.PlaybookRig.PLAYBOOK
import static dev.swarmops.playbook.PlaybookRig.PROXY
import static dev.swarmops.playbook.PlaybookRig.SECRETS
import static dev.swarmops.playbook.PlaybookRig.named
import static dev.swarmops.playbook.PlaybookRig.snapshot

/**
 * install-manager.groovy --apply on the rig's manager, from nothing: it converges, a second run
 * changes nothing, a changed setting is exactly one service update, and a run killed half-way
 * is finished by the next without duplicates. In order: each feature starts where the last ended.
 */
@Stepwise
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class InstallManagerApplySpec extends Specification {

    static final long MiB = 1024L * 1024L
    static final Path MANAGER_LOG = Path.of('/var/lib/swarmops-rig/manager.log')

    @Shared
    Path root
    @Shared
    Path config
    @Shared
    Engine engine
    @Shared
    PlaybookRig.PlatformLock lock

    def setupSpec() {
        lock = new PlaybookRig.PlatformLock()
        PlaybookRig.removePlatformObjects()   // e.g. left by a manual run: start from nothing
        root = Files.createTempDirectory('swarmops-pb-apply')
        config = PlaybookRig.config(root)
        engine = PlaybookRig.engine()
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

    List<String> args(Path cfg = config, String... extra) {
        ['--config', cfg.toString(), '--advertise-addr', ADDR] + extra.toList()
    }

    PlaybookRig.Run apply(Path cfg = config) {
        PlaybookRig.run(MANAGER, PlaybookRig.secretEnv(), args(cfg, '--apply'))
    }

    Map network(String name) {
        List<Map> found = named(engine, 'networks', name)
        assert found.size() == 1: "expected one network $name, found ${found.size()}"
        PlaybookRig.read(engine, '/networks/' + found[0].Id) as Map
    }

    def "--apply converges the manager from nothing, and the canary secret is never printed, planned or on a command line"() {
        given: "a secret value nobody could guess, and a watch on every process's command line"
        String canary = 'canary-' + UUID.randomUUID()
        Path planJson = root.resolve('plan.json')
        long logFrom = Files.exists(MANAGER_LOG) ? Files.size(MANAGER_LOG) : -1
        CmdlineSampler sampler = new CmdlineSampler(canary)

        when:
        PlaybookProcess p = PlaybookProcess.start(['--host', MANAGER, 'run', PLAYBOOK.toString()]
                + args(config, '--apply', '--plan-json', planJson.toString()),
                [PLATFORM_ADMIN_TOKEN: canary, PLATFORM_BROKER_TOKEN: canary + '-broker'])
        sampler.watched = p.pid()
        int code = p.waitFor()
        sampler.close()

        then: "it applied everything, checked health itself, and said so"
        code == 0
        p.errLines() == []
        p.lines.contains('  = swarm active, this node is a manager (10.231.0.1)')
        p.lines.contains('  platform-master-proxy: GET http://127.0.0.1:18080/health -> 200')
        p.lines.contains('  platform-master-broker: GET http://127.0.0.1:18082/health -> 200')
        p.lines.contains('Applied: 9 created, 0 changed, 0 destroyed, 1 unchanged, 3 skipped (flag not given).')

        and: "the canary is in no output, not in the plan file, not in the engine's log, on no command line"
        !p.out.contains(canary)
        !p.err.contains(canary)
        !planJson.toFile().text.contains(canary)
        logFrom < 0 || !new String(Files.readAllBytes(MANAGER_LOG), 'UTF-8').substring((int) logFrom).contains(canary)
        sampler.hits == []
        sampler.sawWatched > 0

        and: "the plan file records the nine mutations as applied"
        List plan = PlaybookRig.JSON.readValue(planJson.toFile(), List)
        plan.size() == 9
        plan.every { it.applied == true }

        and: "yet the secret holds exactly the canary (read from inside the proxy's task)"
        secretSeenByProxy('platform_admin_token') == canary
    }

    String secretSeenByProxy(String secret) {
        String container = PlaybookRig.docker('ps', '-q', '--filter', "label=com.docker.swarm.service.name=$PROXY").out.trim()
        assert container ==~ /[0-9a-f]+/
        PlaybookRig.docker('exec', container, 'cat', '/run/secrets/' + secret).out
    }

    def "both overlays are encrypted, attachable, MTU 1450 overlays; the jobs one is internal"() {
        given:
        Map challenges = network('platform_challenges')
        Map jobs = network('platform_jobs_internal')

        expect:
        [challenges, jobs].every { it.Driver == 'overlay' && it.Scope == 'swarm' && it.Attachable == true }
        [challenges, jobs].every { it.Options.containsKey('encrypted') && it.Options['com.docker.network.driver.mtu'] == '1450' }
        jobs.Internal == true
        challenges.Internal == false
    }

    def "the #name service carries its constraint, host port, limits, update order, config, secrets and mounts"() {
        given:
        Map spec = PlaybookRig.service(engine, name).Spec as Map
        Map task = spec.TaskTemplate as Map
        Map container = task.ContainerSpec as Map
        Map config = PlaybookRig.list(engine, 'configs').find { it.Spec.Name.startsWith(PlaybookRig.CONFIG_PREFIX) }

        expect:
        container.Image == 'swarmops/busybox:rig'
        spec.Mode == [Replicated: [Replicas: 1]]
        task.Placement.Constraints == ['node.role==manager']
        spec.EndpointSpec.Ports == [[Protocol: 'tcp', TargetPort: target, PublishedPort: published, PublishMode: 'host']]
        task.Resources.Limits == [NanoCPUs: 1_000_000_000, MemoryBytes: memory, Pids: pids]
        spec.UpdateConfig.Order == 'stop-first'
        task.RestartPolicy.Condition == 'any'
        container.Hostname == name
        task.Networks*.Target == [network('platform_challenges').Id]
        container.Configs.collect { [it.ConfigName, it.ConfigID, it.File.Name] } == [[config.Spec.Name, config.ID, '/etc/platform/master.yaml']]
        container.Secrets.collect { [it.SecretName, it.File.Name] }.sort { it[0] } == SECRETS.sort(false).collect { [it, it] }
        (container.Mounts ?: []).collect { [it.Type, it.Source, it.Target] } == mounts
        spec.Labels == ['platform.role': role]

        where:
        name   | role     | target | published | memory       | pids || mounts
        PROXY  | 'proxy'  | 8080   | 18080     | 512 * MiB    | 512  || []
        BROKER | 'broker' | 8082   | 18082     | 1024 * MiB   | 1024 || [['bind', '/var/run/docker.sock', '/var/run/docker.sock']]
    }

    def "the secrets exist, and master.yaml on the host is what the published config holds"() {
        given:
        List<Map> configs = PlaybookRig.list(engine, 'configs').findAll { it.Spec.Name.startsWith(PlaybookRig.CONFIG_PREFIX) }
        Path masterYaml = root.resolve('etc/platform/master.yaml')

        expect:
        SECRETS.every { named(engine, 'secrets', it).size() == 1 }
        configs.size() == 1
        new String(Base64.decoder.decode(PlaybookRig.read(engine, '/configs/' + configs[0].ID).Spec.Data as String), 'UTF-8') == masterYaml.toFile().text
        PosixFilePermissions.toString(Files.getPosixFilePermissions(masterYaml)) == 'rw-r-----'
        masterYaml.toFile().text.contains('proxy_port: 18080')
        masterYaml.toFile().text.contains('jobs_network: platform_jobs_internal')
    }

    def "/health answers 200 on both published host ports"() {
        expect:
        PlaybookRig.httpGet('http://127.0.0.1:18080/health') == 200
        PlaybookRig.httpGet('http://127.0.0.1:18082/health') == 200
    }

    def "a second --apply performs no mutation and its summary says so"() {
        given:
        Map before = snapshot(engine)
        Map<String, String> hostBefore = PlaybookRig.tree(root)

        when:
        PlaybookRig.Run r = apply()

        then:
        r.result.exitCode() == 0
        r.result.outcomes() == []
        r.summary() == 'Applied: 0 created, 0 changed, 0 destroyed, 10 unchanged, 3 skipped (flag not given).'
        NETWORKS.every { r.lines.contains("  = network $it exists, matches".toString()) }
        r.lines.contains("  = service $PROXY matches".toString())

        and: "no object on the engine moved (every version index the same), nothing on the host either"
        snapshot(engine) == before
        PlaybookRig.tree(root) == hostBefore
    }

    def "with --restart-dockerd an --apply merges daemon.json, runs the restart command, waits for the engine, and then leaves it be"() {
        given: "an operator's daemon.json, with live-restore"
        Path daemonJson = root.resolve('etc/docker/daemon.json')
        Files.createDirectories(daemonJson.parent)
        daemonJson.toFile().text = '{"debug": true, "live-restore": true}\n'

        when:
        PlaybookRig.Run r = PlaybookRig.run(MANAGER, PlaybookRig.secretEnv(), args(config, '--apply', '--restart-dockerd'))

        then: "the file is merged and written, then the restart command (`true` on the rig) runs; nothing else changes"
        r.result.exitCode() == 0
        r.planned() == ["file.write $daemonJson".toString(), 'command.run true']
        r.result.outcomes().every { it.applied() }
        PlaybookRig.JSON.readValue(daemonJson.toFile(), Map) == [debug: true, 'log-driver': 'json-file',
                                                                   'log-opts': ['max-size': '50m', 'max-file': '5'], 'no-new-privileges': true]
        r.summary() == 'Applied: 0 created, 2 changed, 0 destroyed, 10 unchanged, 2 skipped (flag not given).'

        when: "run again"
        PlaybookRig.Run again = PlaybookRig.run(MANAGER, PlaybookRig.secretEnv(), args(config, '--apply', '--restart-dockerd'))

        then: "the file matches: no write, no restart"
        again.result.exitCode() == 0
        again.result.outcomes() == []
        again.lines.contains("  = $daemonJson matches".toString())

        cleanup: "back to no daemon.json, as the next features expect"
        Files.deleteIfExists(daemonJson)
    }

    def "a --detailed-exitcode dry-run with the proxy's memory limit at #memory exits #code and plans #planned"() {
        given:
        Map before = snapshot(engine)
        Path cfg = PlaybookRig.config(root, memory, "config-${memory}.yaml")

        when:
        PlaybookRig.Run r = PlaybookRig.run(MANAGER, PlaybookRig.secretEnv(), args(cfg, '--detailed-exitcode'))

        then:
        r.result.exitCode() == code
        r.planned() == planned
        r.result.outcomes()*.mutation()*.diff() == diffs
        r.summary() == summary

        and: "the change is shown as the update command and a field-level diff"
        diffs.flatten().every { r.lines.contains('      ' + it) }
        planned.isEmpty() || r.lines.contains("  ~ docker service update --limit-memory $memory --no-resolve-image $PROXY".toString())

        and: "still a dry-run"
        snapshot(engine) == before

        where:
        memory | code || planned                                | diffs                              | summary
        '512m' | 0    || []                                     | []                                 | 'Plan: 0 to create, 0 to change, 0 to destroy, 10 unchanged, 3 skipped (flag not given).'
        '768m' | 2    || ["service.update $PROXY".toString()]   | [['limit-memory: 512m → 768m']]    | 'Plan: 0 to create, 1 to change, 0 to destroy, 9 unchanged, 3 skipped (flag not given).'
    }

    def "applying the changed setting performs exactly one service update, and nothing else moves"() {
        given:
        Map before = snapshot(engine)

        when:
        PlaybookRig.Run r = apply(root.resolve('config-768m.yaml'))

        then:
        r.result.exitCode() == 0
        r.result.outcomes().size() == 1
        with(r.result.outcomes()[0]) {
            applied()
            mutation().kind() == 'service.update'
            mutation().target() == PROXY
            mutation().diff() == ['limit-memory: 512m → 768m']
        }
        r.summary() == 'Applied: 0 created, 1 changed, 0 destroyed, 9 unchanged, 3 skipped (flag not given).'

        and: "the proxy now has the new limit; the broker and everything else are untouched"
        Map after = snapshot(engine)
        PlaybookRig.service(engine, PROXY).Spec.TaskTemplate.Resources.Limits.MemoryBytes == 768 * MiB
        after.services.find { it.name == BROKER } == before.services.find { it.name == BROKER }
        after.findAll { it.key != 'services' } == before.findAll { it.key != 'services' }
        after.services.find { it.name == PROXY }.version > before.services.find { it.name == PROXY }.version
    }

    def "a run killed with -9 after its network step is finished by the next run, without duplicates"() {
        given: "nothing of the platform on the engine"
        PlaybookRig.removePlatformObjects()
        Path root2 = Files.createTempDirectory('swarmops-pb-killed')
        Path cfg = PlaybookRig.config(root2)
        Map<String, String> env = PlaybookRig.secretEnv()

        when: "an --apply is killed as soon as it has moved past the networks"
        PlaybookProcess p = PlaybookProcess.start(['--host', MANAGER, 'run', PLAYBOOK.toString()] + args(cfg, '--apply'), env)
        boolean reached = p.awaitLine { it ==~ /STEP \d+\/\d+ secrets/ }
        p.kill9()
        int killed = p.waitFor()

        then: "it died half-way, the networks made, the run not finished"
        reached
        killed == 137
        !p.lines.any { it.startsWith('Applied: ') }
        p.lines.count { it.startsWith('  + docker network create') } == 2
        NETWORKS.every { named(engine, 'networks', it).size() == 1 }

        when: "run again"
        PlaybookRig.Run again = PlaybookRig.run(MANAGER, env, args(cfg, '--apply'))

        then: "it converges, keeping what the killed run made"
        again.result.exitCode() == 0
        NETWORKS.every { again.lines.contains("  = network $it exists, matches".toString()) }
        again.lines.any { it.endsWith('-> 200') }

        and: "one of each object, by name"
        NETWORKS.collect { named(engine, 'networks', it).size() } == [1, 1]
        SECRETS.collect { named(engine, 'secrets', it).size() } == [1, 1]
        PlaybookRig.list(engine, 'configs').count { it.Spec.Name.startsWith(PlaybookRig.CONFIG_PREFIX) } == 1
        [PROXY, BROKER].collect { named(engine, 'services', it).size() } == [1, 1]
        PlaybookRig.httpGet('http://127.0.0.1:18080/health') == 200

        cleanup:
        PlaybookRig.deleteTree(root2)
    }
}
