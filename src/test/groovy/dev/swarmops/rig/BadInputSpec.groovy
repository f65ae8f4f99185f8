package dev.swarmops.rig

import dev.swarmops.gate.Sensitive
import dev.swarmops.ops.BadInputException
import dev.swarmops.ops.NetworkSpec
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.ServiceSpec
import dev.swarmops.ops.SwarmOps
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.Rig
import dev.swarmops.testkit.RigWorker
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/**
 * Bad input against the real rig: the documented exit code, a one-line error, and the engine
 * exactly as before (nodes, services, networks, secrets and the swarm itself).
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class BadInputSpec extends Specification {

    static final String W = RigWorker.NAME

    @Shared
    RigWorker worker

    def setupSpec() {
        worker = RigWorker.shared().ensureJoined()
    }

    def "#what: exit #code, one line on stderr, and the engine unchanged"() {
        given:
        Map before = Rig.snapshot()

        when:
        CliRun run = Cli.run(*args)

        then:
        run.code == code
        run.errLine().startsWith('swarmops: ')
        run.errLine().contains(says)

        and:
        Rig.snapshot() == before

        where:
        what                                     | args                                                                           || code | says
        'an unknown node to label'               | ['worker', 'label', 'spec-nosuch', '--workload', 'gpu']                        || 2    | "no node 'spec-nosuch'; nodes are: "
        'an unknown node to drain'               | ['worker', 'drain', 'spec-nosuch']                                             || 2    | "no node 'spec-nosuch'; nodes are: "
        'an unknown node to remove, even forced' | ['worker', 'rm', 'spec-nosuch', '--force']                                     || 2    | "no node 'spec-nosuch'; nodes are: "
        'a workload other than cpu or gpu'       | ['worker', 'label', W, '--workload', 'tpu']                                    || 2    | "expected one of [cpu, gpu] (case-sensitive) but was 'tpu'"
        'a rotation with a malformed address'    | ['worker', 'token', '--cpu', '--rotate', '--manager-addr', Rig.MANAGER_ADDR]   || 2    | "--manager-addr: '${Rig.MANAGER_ADDR}' is not HOST:PORT"
        'a malformed engine address'             | ['--host', 'ftp://127.0.0.1', 'worker', 'rm', W]                               || 2    | "unsupported scheme 'ftp'"
        'an engine socket that is not there'     | ['--host', 'unix:///nonexistent/spec.sock', 'worker', 'drain', W]              || 3    | 'cannot reach the Docker engine at unix:///nonexistent/spec.sock'
        'an engine port nothing listens on'      | ['--host', 'tcp://127.0.0.1:1', 'worker', 'label', W, '--workload', 'gpu']     || 3    | 'cannot reach the Docker engine at tcp://127.0.0.1:1'
    }

    def "an unknown node's error lists every node of the swarm as a candidate"() {
        when:
        CliRun run = Cli.run('worker', 'inspect', 'spec-nosuch')
        List<NodeInfo> nodes = Rig.dryRun().nodes().list()

        then:
        run.code == 2
        run.errLine() == "swarmops: no node 'spec-nosuch'; nodes are: " + nodes.collect { "${it.hostname()} (${it.shortId()})" }.join(', ')
        nodes*.hostname().containsAll([Rig.manager().hostname(), W])
    }

    def "a hostname two nodes share is ambiguous: exit 2, both listed, nothing changed; an id still works"() {
        given: "the worker left and joined again, so the manager holds its old entry too"
        String stale = worker.leaveSwarm(true)
        worker.ensureJoined()
        String current = worker.nodeId()
        Map before = Rig.snapshot()

        when:
        CliRun run = Cli.run('worker', 'label', W, '--workload', 'gpu')

        then:
        run.code == 2
        run.errLine().startsWith("swarmops: node '$W' is ambiguous: 2 nodes have that hostname: ")
        run.errLine().contains("$W (${stale.take(12)})")
        run.errLine().contains("$W (${current.take(12)})")
        run.errLine().endsWith('(use an id)')
        Rig.snapshot() == before

        when: "the old entry is removed by its id"
        CliRun rm = Cli.run('worker', 'rm', stale, '--force')

        then:
        rm.code == 0
        rm.out.readLines()[0].startsWith('running:')
        rm.out.readLines()[0].endsWith(" docker node rm --force $W")
        !Rig.dryRun().nodes().list().any { it.id() == stale }
        worker.node().status() == 'ready'

        cleanup:
        if (stale && Rig.dryRun().nodes().list().any { it.id() == stale }) {
            Rig.apply().nodes().remove(stale, true)
        }
    }

    def "malformed input to the primitives is refused before anything reaches the gate: #what"() {
        given:
        Map before = Rig.snapshot()
        SwarmOps ops = Rig.apply()

        when:
        build(ops)

        then:
        Exception e = thrown()
        e instanceof IllegalArgumentException
        e.message.startsWith(field)

        and: "nothing passed the gate, and the engine is as it was"
        ops.gate().outcomes().isEmpty()
        Rig.snapshot() == before

        where:
        what                         | field           | build
        "memory '4gb?'"              | 'limit-memory:' | { SwarmOps o -> o.services().create(new ServiceSpec('spec-bad').image(Rig.IMAGE).limitMemory('4gb?')) }
        "memory '-1'"                | 'limit-memory:' | { SwarmOps o -> o.services().create(new ServiceSpec('spec-bad').image(Rig.IMAGE).limitMemory('-1')) }
        "CPUs '0x10'"                | 'limit-cpu:'    | { SwarmOps o -> o.services().create(new ServiceSpec('spec-bad').image(Rig.IMAGE).limitCpu('0x10')) }
        "an update to memory '0'"    | 'limit-memory:' | { SwarmOps o -> o.services().update(new ServiceSpec('spec-bad').limitMemory('0')) }
        'a service without an image' | 'service spec-bad:' | { SwarmOps o -> o.services().create(new ServiceSpec('spec-bad')) }
        'an MTU of 100'              | 'network spec-bad mtu:' | { SwarmOps o -> o.networks().create(new NetworkSpec('spec-bad', false, false, false, 100, [:])) }
        'a secret from an unset var' | 'environment variable SPEC_UNSET' | { SwarmOps o -> o.secrets().create('spec-bad', Sensitive.fromEnv('SPEC_UNSET', [:], Sensitive.Encoding.BASE64), [:]) }
        'an unknown node to label'   | "no node 'spec-nosuch'" | { SwarmOps o -> o.nodes().label('spec-nosuch', NodeInfo.WORKLOAD_LABEL, 'cpu') }
        'an availability of "off"'   | 'availability:' | { SwarmOps o -> o.nodes().availability(W, 'off') }
    }
}
