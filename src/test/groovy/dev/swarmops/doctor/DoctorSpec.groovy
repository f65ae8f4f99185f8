package dev.swarmops.doctor

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.ops.SwarmOps
import dev.swarmops.ops.SwarmState
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.FakeEngine
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * The doctor command end to end against a stand-in engine and fake /proc, /sys and daemon.json:
 * exit codes, output forms, skipped checks, the default role, and that nothing is ever mutated.
 */
class DoctorSpec extends Specification {

    static final String NOWHERE = 'unix:///nonexistent/swarmops-doctor-spec.sock'

    @TempDir
    Path tmp

    @AutoCleanup
    FakeEngine fake = new FakeEngine().manager([['mgr000aaa111bbb222ccc333d', 'manager-1'], ['abc111aaa111bbb222ccc333d', 'gpu-1'],
                                                ['abc222aaa111bbb222ccc333d', 'cpu-1']])

    Path daemonJson

    def setup() {
        // the fake swarm as the platform wants it: labelled workers, GPUs on the gpu node, both networks right
        fake.reads['/nodes'][1].Spec.Labels = ['platform.workload': 'gpu']
        fake.reads['/nodes'][1].Description.Resources = [GenericResources: [[NamedResourceSpec: [Kind: 'NVIDIA-GPU', Value: 'GPU-1']]]]
        fake.reads['/nodes'][2].Spec.Labels = ['platform.workload': 'cpu']
        fake.reads['/nodes'][0].ManagerStatus = [Leader: true, Reachability: 'reachable']
        fake.reads['/info'].Swarm.NodeAddr = '10.231.0.1'
        fake.reads['/info'].Swarm.Cluster = [ID: 'cluster1', DataPathPort: 4789]
        fake.reads['/info'].SecurityOptions = ['name=no-new-privileges']
        fake.reads['/networks/platform_challenges'] = network('platform_challenges', false)
        fake.reads['/networks/platform_jobs_internal'] = network('platform_jobs_internal', true)
        fake.reads['/services'] = []
        daemonJson = tmp.resolve('daemon.json')
        Files.writeString(daemonJson, '{"no-new-privileges": true, "log-opts": {"max-size": "50m", "max-file": "5"}}')
    }

    static Map network(String name, boolean internal) {
        [Name: name, Id: "id-$name", Driver: 'overlay', Scope: 'swarm', Attachable: true, Internal: internal,
         Options: [encrypted: '', 'com.docker.network.driver.mtu': '1450']]
    }

    CliRun doctor(String host = fake.endpoint(), String... args) {
        Path proc = Fixtures.fakeProc(tmp.resolve("run-${UUID.randomUUID()}"), kernelConfig: 'config-esp')
        Path sys = Fixtures.fakeSys(tmp.resolve("sys-${UUID.randomUUID()}"), 'swrig0', 9000)
        Cli.run((['--host', host, 'doctor', '--proc-root', proc.toString(), '--sys-root', sys.toString(),
                  '--daemon-json', daemonJson.toString()] + args.toList()) as String[])
    }

    static List<Map> findings(CliRun run) {
        Engine.JSON.readValue(run.out, List) as List<Map>
    }

    def "a healthy manager: every check ok, exit 0, one line each, and not one mutating request"() {
        when:
        CliRun run = doctor()

        then:
        run.code == 0
        run.err == ''
        List<String> lines = run.out.readLines()
        lines[0] == "swarmops doctor: endpoint ${fake.endpoint()} (from --host), as manager (this engine is a swarm manager)"
        lines[1] == "ok   engine reachable: 26.1.5 (API 1.45) at ${fake.endpoint()} (from --host)"
        lines[1..-2].every { it.startsWith('ok   ') }
        lines[1..-2]*.replaceFirst(/^ok   ([^:]+):.*$/, '$1') == ['engine reachable', 'engine API', 'moby#44378 GPU jobs on a network',
                'moby#52652 finished jobs hold capacity', 'swarm state', 'node role', 'managers', 'nodes down', 'port 2377/tcp',
                'port 7946/tcp+udp', 'port 4789/udp', 'kernel ESP', 'overlay MTU', 'daemon.json', 'live-restore', 'no-new-privileges',
                'log rotation', 'workload labels', 'GPU labels', 'network platform_challenges', 'network platform_jobs_internal', 'finished jobs',
                'endpoint mode']
        lines[-1] == '= 23 ok, 0 warn, 0 failed'

        and:
        fake.mutations() == []
    }

    def "one failing check makes exit 1 and prints its fix under it; warnings alone do not"() {
        given:
        fake.reads.remove('/networks/platform_jobs_internal')
        fake.reads['/nodes'][2].Status.State = 'down'

        when:
        CliRun run = doctor()

        then:
        run.code == 1
        run.out.contains('''FAIL network platform_jobs_internal: platform_jobs_internal does not exist
     fix: swarmops run playbooks/install-manager.groovy --apply creates it''')
        run.out.contains('''warn nodes down: 1 of 3 node(s) not ready: cpu-1 (down, abc222aaa111)
     fix: start the engine there (systemctl start docker), or remove a node that is gone: swarmops worker rm cpu-1''')
        run.out.readLines()[-1] == '= 21 ok, 1 warn, 1 failed'

        when: "the network is back, only the warning is left"
        fake.reads['/networks/platform_jobs_internal'] = network('platform_jobs_internal', true)
        CliRun again = doctor()

        then:
        again.code == 0
        again.out.readLines()[-1] == '= 22 ok, 1 warn, 0 failed'
        fake.mutations() == []
    }

    def "--json: an array of findings, check/status/saw/fix, and the same exit code"() {
        given:
        Files.writeString(daemonJson, '{"live-restore": true}')

        when:
        CliRun run = doctor(fake.endpoint(), '--json')
        List<Map> all = findings(run)

        then:
        run.code == 1
        all.size() == 23
        all.every { it.keySet() == ['check', 'status', 'saw', 'fix'] as Set }
        all.every { (it.fix == '') == (it.status == 'ok') }
        all.find { it.check == 'no-new-privileges' }.saw == 'the running engine has no-new-privileges (flag)'
        all.find { it.check == 'live-restore' } == [check : 'live-restore', status: 'fail',
                                                    saw   : 'daemon.json sets "live-restore": true, which is incompatible with swarm mode: after a restart the engine will not start its cluster component',
                                                    fix   : 'remove "live-restore" from daemon.json (and --live-restore from the engine\'s command line) and restart the engine; swarmops worker daemon-json / the enroll playbooks never write it']
        all.findAll { it.status != 'ok' }*.check == ['live-restore', 'log rotation']
    }

    def "an unreachable engine is a failed check with the endpoint: exit 1; host checks still run, engine checks are skipped"() {
        when:
        CliRun run = doctor(NOWHERE)

        then:
        run.code == 1
        run.err == ''
        List<String> lines = run.out.readLines()
        lines[0] == "swarmops doctor: endpoint $NOWHERE (from --host), as cpu-worker (the engine cannot be asked; pass --role to choose)"
        lines[1] == "FAIL engine reachable: cannot reach the Docker engine at $NOWHERE (No such file or directory); endpoint from --host"
        lines[2] == '     fix: start the engine (systemctl start docker), or point doctor at it with --host URL, --context NAME or DOCKER_HOST'
        lines.findAll { !it.startsWith(' ') }*.replaceFirst(/^\S+\s+([^:]+):.*$/, '$1')[1..-2] ==
                ['engine reachable', 'kernel ESP', 'daemon.json', 'live-restore', 'no-new-privileges', 'log rotation']
        lines[-1] == '= 5 ok, 0 warn, 1 failed; 6 skipped (the engine is unreachable)'
    }

    def "a role that is not one of the three is bad usage: exit 2, before the engine is asked"() {
        when:
        CliRun run = doctor(fake.endpoint(), '--role', 'tpu-worker')

        then:
        run.code == 2
        run.errLine() == "swarmops: Invalid value for option '--role': expected one of manager, cpu-worker, gpu-worker but was 'tpu-worker' (see 'swarmops doctor --help')"
        run.out == ''
        fake.requests == []
    }

    def "--role overrides: a manager checked as cpu-worker warns about it and runs no manager-only check"() {
        when:
        List<Map> all = findings(doctor(fake.endpoint(), '--role', 'cpu-worker', '--json'))

        then:
        all.find { it.check == 'node role' }.status == 'warn'
        all*.check.intersect(['managers', 'nodes down', 'port 2377/tcp', 'workload labels', 'finished jobs', 'endpoint mode', 'GPU resources']) == []
    }

    /** Facts with a canned engine answer: unreachable (why), or this swarm state and /info. */
    static Facts canned(String down, String local, boolean manager, String info) {
        new Facts(null, new DoctorSettings()) {
            @Override
            Optional<String> unreachable() { Optional.ofNullable(down) }

            @Override
            Optional<String> unusable() { Optional.empty() }

            @Override
            SwarmState swarm() { new SwarmState(local, 'n1', '10.0.0.2', manager, '', [], '') }

            @Override
            JsonNode info() { Fixtures.json(info) }
        }
    }

    def "the default role: #what → #role"() {
        given:
        Facts f = canned(down, local, manager, info)

        expect:
        Doctor.defaultRole(f) == new Doctor.RoleChoice(role, reason)

        where:
        what                | down   | local      | manager | info                                                                                   || role            | reason
        'a manager'         | null   | 'active'   | true    | '{}'                                                                                   || Role.MANAGER    | 'this engine is a swarm manager'
        'GPUs advertised'   | null   | 'active'   | false   | '{"GenericResources": [{"NamedResourceSpec": {"Kind": "NVIDIA-GPU", "Value": "GPU-1"}}]}' || Role.GPU_WORKER | 'this engine advertises NVIDIA-GPU'
        'GPUs, not joined'  | null   | 'inactive' | false   | '{"GenericResources": [{"DiscreteResourceSpec": {"Kind": "NVIDIA-GPU", "Value": 2}}]}'  || Role.GPU_WORKER | 'this engine advertises NVIDIA-GPU'
        'a plain worker'    | null   | 'active'   | false   | '{"GenericResources": [{"DiscreteResourceSpec": {"Kind": "FPGA", "Value": 1}}]}'        || Role.CPU_WORKER | 'this engine is no swarm manager and advertises no NVIDIA-GPU'
        'no engine'         | 'gone' | 'active'   | true    | '{}'                                                                                   || Role.CPU_WORKER | 'the engine cannot be asked; pass --role to choose'
    }

    def "a check that throws is a failed finding saying why; a Skip is counted, not printed"() {
        given:
        Doctor d = new Doctor([
                new Rule('boom', Rule.ALL, Needs.NOTHING, false, { f -> throw new IllegalStateException('cannot read /x') }),
                new Rule('skipped', Rule.ALL, Needs.NOTHING, false, { f -> throw new Skip('daemon.json does not parse') }),
                new Rule('fine', Rule.ALL, Needs.NOTHING, false, { f -> Finding.ok('all good') }),
                new Rule('manager only', Rule.MANAGER, Needs.NOTHING, false, { f -> Finding.fail('never run', 'n/a') })])

        when:
        Doctor.Report r = d.run(new Facts(null, new DoctorSettings()), new Doctor.RoleChoice(Role.CPU_WORKER, 'test'))

        then:
        r.findings() == [new Finding(Status.FAIL, 'boom', 'could not check: cannot read /x', 'fix what stops the read (see the failures above), then run doctor again'),
                         new Finding(Status.OK, 'fine', 'all good', '')]
        r.skipped() == ['daemon.json does not parse': ['skipped']]
        r.failed()
    }

    def "a finding other than ok must carry a fix"() {
        when:
        Finding.warn('something odd', ' ')

        then:
        thrown(IllegalArgumentException)
    }

    def "the primitives doctor reads through refuse every mutation, so a check cannot change anything"() {
        given:
        Engine engine = new Engine(Endpoint.resolve(fake.endpoint(), [:]))
        SwarmOps ops = new SwarmOps(engine, new ReadOnlyGate())

        when:
        ops.nodes().label('cpu-1', 'platform.workload', 'gpu')

        then:
        IllegalStateException e = thrown()
        e.message == 'doctor is read-only; refused node.label cpu-1'
        fake.mutations() == []

        cleanup:
        engine.close()
    }
}
