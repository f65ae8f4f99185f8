package dev.swarmops.cli

import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.FakeEngine
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Exit codes and one-line errors, against a stand-in engine: 0 ok, 1 the engine refused,
 * 2 bad usage or input, 3 engine unreachable. The real-engine versions are in the rig specs.
 */
class ExitCodesSpec extends Specification {

    static final String NOWHERE = 'unix:///nonexistent/swarmops-spec.sock'

    @Shared
    @AutoCleanup
    FakeEngine fake = new FakeEngine().manager([
            ['mgr000aaa111bbb222ccc333d', 'manager-1'],
            ['abc111aaa111bbb222ccc333d', 'gpu-1'],
            ['abc222aaa111bbb222ccc333d', 'cpu-1'],
    ])

    def setup() {
        fake.requests.clear()
        fake.onMutation = { FakeEngine.Request r -> [500, [message: 'fake engine: no mutation expected here']] }
    }

    CliRun swarmops(String... args) {
        Cli.run(['--host', fake.endpoint()] + args.toList() as String[])
    }

    def "a healthy read exits 0 and prints to stdout only"() {
        when:
        CliRun run = swarmops('worker', 'list')

        then:
        run.code == 0
        run.err == ''
        run.out.readLines()[0].startsWith('HOSTNAME')
        run.out.readLines()*.split(/\s+/)*.getAt(0) == ['HOSTNAME', 'manager-1', 'cpu-1', 'gpu-1']
        fake.mutations() == []
    }

    def "bad usage exits 2 with one line on stderr, before the engine is asked anything: #args"() {
        when:
        CliRun run = swarmops(*args)

        then:
        run.code == 2
        run.errLine().startsWith('swarmops: ')
        run.errLine().contains(says)
        run.out == ''

        and: "no request reached the engine"
        fake.requests == []

        where:
        args                                                         | says
        ['worker', 'label', 'gpu-1', '--workload', 'tpu']            | "Invalid value for option '--workload': expected one of [cpu, gpu] (case-sensitive) but was 'tpu'"
        ['worker', 'label', 'gpu-1']                                 | "Missing required option: '--workload=cpu|gpu'"
        ['worker', 'token']                                          | 'Missing required argument'
        ['worker', 'token', '--cpu', '--gpu']                        | 'mutually exclusive'
        ['worker', 'token', '--cpu', '--manager-addr', 'no port']    | "--manager-addr: 'no port' is not HOST:PORT"
        ['worker', 'drain']                                          | "Missing required parameter: 'NODE'"
        ['worker', 'frobnicate']                                     | "Unmatched argument at index"
        ['--bogus']                                                  | "Unknown option: '--bogus'"
    }

    def "a node name that fits no node or several exits 2 and lists the candidates: #ref"() {
        when:
        CliRun run = swarmops('worker', verb, ref, *extra)

        then:
        run.code == 2
        run.errLine() == "swarmops: $message"

        and: "nothing was sent to change the engine"
        fake.mutations() == []

        where:
        verb      | ref     | extra                   || message
        'label'   | 'abc'   | ['--workload', 'gpu']   || "node 'abc' is ambiguous: it prefixes cpu-1 (abc222aaa111), gpu-1 (abc111aaa111) (type more of the id)"
        'drain'   | 'abc'   | []                      || "node 'abc' is ambiguous: it prefixes cpu-1 (abc222aaa111), gpu-1 (abc111aaa111) (type more of the id)"
        'rm'      | 'gpu-9' | []                      || "no node 'gpu-9'; nodes are: manager-1 (mgr000aaa111), cpu-1 (abc222aaa111), gpu-1 (abc111aaa111)"
        'inspect' | 'gpu-9' | []                      || "no node 'gpu-9'; nodes are: manager-1 (mgr000aaa111), cpu-1 (abc222aaa111), gpu-1 (abc111aaa111)"
    }

    def "an engine refusal exits 1 and shows the engine's own message"() {
        given: "an engine that refuses the node update"
        fake.onMutation = { FakeEngine.Request r -> [400, [message: 'node abc111aaa111bbb222ccc333d is not down and can\'t be removed']] }

        when:
        CliRun run = swarmops('worker', 'rm', 'gpu-1')

        then:
        run.code == 1
        run.errLine() == "swarmops: the engine refused: node abc111aaa111bbb222ccc333d is not down and can't be removed"

        and: "the one request it refused was the removal of the node gpu-1 resolved to"
        fake.mutations()*.toString() == ['DELETE /v1.45/nodes/abc111aaa111bbb222ccc333d ']
    }

    def "an engine that is not there exits 3, names the endpoint and says how to point elsewhere: #host"() {
        when:
        CliRun run = Cli.run('--host', host, 'worker', 'list')

        then:
        run.code == 3
        run.errLine().startsWith("swarmops: cannot reach the Docker engine at $host (")
        run.errLine().endsWith('); start it, or point elsewhere with --host or DOCKER_HOST')
        run.out == ''

        where:
        host << [NOWHERE, 'tcp://127.0.0.1:1']
    }

    def "an endpoint in a form swarmops cannot use is bad input, exit 2"() {
        when:
        CliRun run = Cli.run('--host', 'ftp://10.0.0.5:21', 'worker', 'list')

        then:
        run.code == 2
        run.errLine() == "swarmops: engine host 'ftp://10.0.0.5:21' has unsupported scheme 'ftp' (use unix:// or tcp://)"
    }

    def "help and version exit 0 on every level"() {
        when:
        CliRun run = Cli.run(*args)

        then:
        run.code == 0
        run.out.contains(says)
        run.err == ''

        where:
        args                            | says
        ['--help']                      | 'Exit codes:'
        ['--version']                   | 'swarmops '
        ['worker', '--help']            | 'Usage: swarmops worker'
        ['worker', 'label', '--help']   | '--workload=cpu|gpu'
        ['worker', 'token', '--help']   | '--rotate'
    }

    def "--dry-run previews a change through the gate and sends nothing"() {
        when:
        CliRun run = swarmops('--dry-run', 'worker', 'label', 'gpu-1', '--workload', 'gpu')

        then:
        run.code == 0
        run.out.readLines()[0].startsWith('would run:')
        run.out.readLines()[0].endsWith(' docker node update --label-add platform.workload=gpu gpu-1')
        run.out.readLines()[1].trim() == 'label platform.workload: (none) → gpu'
        fake.mutations() == []
    }

    def "--json --dry-run prints the plan as JSON and nothing else"() {
        when:
        CliRun run = swarmops('--json', '--dry-run', 'worker', 'drain', 'gpu-1')
        def plan = FakeEngine.JSON.readTree(run.out)

        then:
        run.code == 0
        plan.size() == 1
        plan[0].path('kind').asText() == 'node.availability'
        plan[0].path('target').asText() == 'gpu-1'
        plan[0].path('cli').asText() == 'docker node update --availability drain gpu-1'
        plan[0].path('api').path('method').asText() == 'POST'
        plan[0].path('api').path('path').asText() == '/nodes/abc111aaa111bbb222ccc333d/update?version=11'
        plan[0].path('api').path('body').path('Availability').asText() == 'drain'
        plan[0].path('applied').asBoolean() == false
        fake.mutations() == []
    }
}
