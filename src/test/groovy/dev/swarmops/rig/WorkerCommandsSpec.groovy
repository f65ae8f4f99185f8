package dev.swarmops.rig

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.EngineException
import dev.swarmops.gate.Outcome
import dev.swarmops.ops.NodeInfo
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.FakeEngine
import dev.swarmops.testkit.Rig
import dev.swarmops.testkit.RigWorker
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/** `swarmops worker …` on the real rig: every command against a real manager and a real worker. */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class WorkerCommandsSpec extends Specification {

    @Shared
    RigWorker worker

    def setupSpec() {
        worker = RigWorker.shared()
    }

    static String swarmToken() {
        Rig.engine().get('/swarm').path('JoinTokens').path('Worker').asText()
    }

    static NodeInfo nodeNamed(String hostname) {
        Rig.dryRun().nodes().list().find { it.hostname() == hostname }
    }

    def "a rig worker joins with the token that `worker token --cpu --quiet` prints"() {
        given: "the worker's engine is outside any swarm"
        worker.leaveSwarm()

        when: "the manager prints the token and the worker joins with it through our join primitive"
        CliRun token = Cli.run('worker', 'token', '--cpu', '--quiet')
        Outcome joined = worker.join(token.out.trim())

        then: "the token is the only thing printed, and it is the swarm's worker token"
        token.code == 0
        token.err == ''
        token.out.readLines() == [swarmToken()]
        token.out.startsWith('SWMTKN-1-')

        and: "the join went through the gate and the worker is a worker of the manager's swarm"
        joined.applied()
        worker.inRigSwarm()

        and: "the manager lists it by its own hostname, ready"
        Rig.await('the new node to be ready') { worker.node()?.status() == 'ready' }
        worker.node().hostname() == worker.name
        worker.node().role() == 'worker'
    }

    def "`worker token --gpu` prints the join command for the swarm's manager address and the GPU next steps"() {
        when:
        CliRun run = Cli.run('worker', 'token', '--gpu')

        then: "the first line is the docker CLI join command, with the manager address from the swarm itself"
        run.code == 0
        run.err == ''
        run.out.readLines()[0] == "docker swarm join --token ${swarmToken()} ${Rig.MANAGER_ADDR}:2377"

        and: "then what to do on a GPU worker, and the label to set afterwards"
        run.out.contains('Next steps for a GPU worker:')
        run.out.contains('the GPU variant: advertises each GPU as NVIDIA-GPU=<uuid>')
        run.out.readLines().last().trim() == 'swarmops worker label <worker-hostname> --workload gpu'
    }

    def "--manager-addr overrides the address in the join command, and --json hides the token"() {
        when:
        CliRun addr = Cli.run('worker', 'token', '--cpu', '--manager-addr', '192.0.2.10:2377')
        CliRun json = Cli.run('--json', 'worker', 'token', '--cpu')
        JsonNode o = FakeEngine.JSON.readTree(json.out)

        then:
        addr.code == 0
        addr.out.readLines()[0] == "docker swarm join --token ${swarmToken()} 192.0.2.10:2377"

        and:
        json.code == 0
        o.path('class').asText() == 'cpu'
        o.path('manager').asText() == "${Rig.MANAGER_ADDR}:2377"
        o.path('token').asText() == '<hidden: run without --json to print it>'
        !json.out.contains(swarmToken())
    }

    def "`token --rotate` yields a different token, and the old one no longer joins"() {
        given: "the worker is outside the swarm, and the current token is known"
        worker.leaveSwarm()
        String old = Cli.run('worker', 'token', '--cpu', '--quiet').out.trim()

        when: "the token is rotated"
        CliRun rotated = Cli.run('worker', 'token', '--cpu', '--rotate', '--quiet')
        String fresh = rotated.out.readLines().last().trim()

        then: "stdout is just the new token, the rotation is reported on stderr, and the swarm now has that token"
        rotated.code == 0
        rotated.out.readLines() == [fresh]
        rotated.err.readLines()[0].startsWith('running:')
        rotated.err.readLines()[0].endsWith(' docker swarm join-token --rotate -q worker')
        rotated.err.readLines()[-1].trim() == 'done'
        fresh.startsWith('SWMTKN-1-')
        fresh != old
        swarmToken() == fresh

        when: "the worker tries to join with the old token"
        worker.join(old)

        then: "the engine refuses it, and the worker stays outside"
        EngineException refused = thrown()
        refused.message.contains('A valid join token is necessary to join this cluster')
        !refused.message.contains(old)
        worker.state().localState() == 'inactive'

        when: "it joins with the new token"
        Outcome joined = worker.join(fresh)

        then:
        joined.applied()
        worker.inRigSwarm()
    }

    def "label, then list shows the label"() {
        given: "the worker is in the swarm and labelled cpu"
        worker.ensureJoined()
        Rig.apply().nodes().label(worker.nodeId(), NodeInfo.WORKLOAD_LABEL, 'cpu')

        when:
        CliRun label = Cli.run('worker', 'label', worker.name, '--workload', 'gpu')

        then: "the command reports the docker CLI equivalent and the change, then carries it out"
        label.code == 0
        label.err == ''
        label.out.readLines()[0].startsWith('running:')
        label.out.readLines()[0].endsWith(" docker node update --label-add platform.workload=gpu ${worker.name}")
        label.out.readLines()[1].trim() == 'label platform.workload: cpu → gpu'
        label.out.readLines()[2].trim() == 'done'

        and: "the engine's node carries the label"
        Rig.engine().get("/nodes/${worker.nodeId()}").path('Spec').path('Labels').path('platform.workload').asText() == 'gpu'

        when: "the nodes are listed, as a table and as JSON"
        CliRun list = Cli.run('worker', 'list')
        CliRun json = Cli.run('--json', 'worker', 'list')
        List<String> row = list.out.readLines().find { it.startsWith(worker.name + ' ') }?.split(/\s{2,}/)?.toList()
        JsonNode listed = FakeEngine.JSON.readTree(json.out).find { it.path('hostname').asText() == worker.name }

        then: "the worker's row shows the workload and the fake GPUs it advertises"
        list.code == 0
        list.out.readLines()[0].split(/\s+/).toList() == ['HOSTNAME', 'ID', 'ROLE', 'AVAILABILITY', 'STATUS', 'ENGINE', 'WORKLOAD', 'RESOURCES']
        row == [worker.name, worker.nodeId().take(12), 'worker', 'active', 'ready', worker.node().engineVersion(), 'gpu', 'NVIDIA-GPU×2']
        list.out.readLines().any { it.startsWith(Rig.manager().hostname() + ' ') && it.contains('manager (leader)') }

        and:
        json.code == 0
        listed.path('workload').asText() == 'gpu'
        listed.path('id').asText() == worker.nodeId()
        listed.path('resources').path('NVIDIA-GPU').asInt() == 2

        when: "the same label is set again"
        long version = worker.node().version()
        CliRun again = Cli.run('worker', 'label', worker.name, '--workload', 'gpu')

        then: "nothing is sent: the node's version is unchanged"
        again.code == 0
        again.out.trim() == "= ${worker.name} already has platform.workload=gpu"
        worker.node().version() == version
    }

    def "inspect shows a readable summary, and --json the engine's own object"() {
        given:
        worker.ensureJoined()

        when:
        CliRun text = Cli.run('worker', 'inspect', worker.nodeId().take(8))
        CliRun json = Cli.run('--json', 'worker', 'inspect', worker.name)
        Map<String, String> fields = text.out.readLines().collectEntries { it.split(/\s+/, 2).toList() }

        then: "a unique id prefix names the node as well as its hostname"
        text.code == 0
        fields.hostname == worker.name
        fields.id == worker.nodeId()
        fields.role == 'worker'
        fields.status == 'ready'
        fields.resources == 'NVIDIA-GPU×2'

        and:
        json.code == 0
        FakeEngine.JSON.readTree(json.out).path('ID').asText() == worker.nodeId()
        FakeEngine.JSON.readTree(json.out).path('Description').path('Hostname').asText() == worker.name
    }

    def "drain, then --active, round-trips the node's availability"() {
        given:
        worker.ensureJoined()

        when:
        CliRun drain = Cli.run('worker', 'drain', worker.name)

        then:
        drain.code == 0
        drain.out.readLines()[0].startsWith('running:')
        drain.out.readLines()[0].endsWith(" docker node update --availability drain ${worker.name}")
        Rig.engine().get("/nodes/${worker.nodeId()}").path('Spec').path('Availability').asText() == 'drain'
        Cli.run('worker', 'list').out.readLines().find { it.startsWith(worker.name + ' ') }.split(/\s{2,}/)[3] == 'drain'

        when: "drained again"
        CliRun twice = Cli.run('worker', 'drain', worker.name)

        then: "it says so and changes nothing"
        twice.code == 0
        twice.out.trim() == "= ${worker.name} is already drain"

        when:
        CliRun active = Cli.run('worker', 'drain', worker.name, '--active')

        then:
        active.code == 0
        active.out.readLines()[0].startsWith('running:')
        active.out.readLines()[0].endsWith(" docker node update --availability active ${worker.name}")
        Rig.engine().get("/nodes/${worker.nodeId()}").path('Spec').path('Availability').asText() == 'active'

        cleanup:
        Rig.apply().nodes().availability(worker.nodeId(), 'active')
    }

    def "`--dry-run label` shows the change and changes nothing"() {
        given:
        worker.ensureJoined()
        Rig.apply().nodes().label(worker.nodeId(), NodeInfo.WORKLOAD_LABEL, 'cpu')
        Map before = Rig.snapshot()

        when:
        CliRun run = Cli.run('--dry-run', 'worker', 'label', worker.name, '--workload', 'gpu')

        then: "the plan is the docker command and its diff"
        run.code == 0
        run.out.readLines().size() == 2
        run.out.readLines()[0].startsWith('would run:')
        run.out.readLines()[0].endsWith(" docker node update --label-add platform.workload=gpu ${worker.name}")
        run.out.readLines()[1].trim() == 'label platform.workload: cpu → gpu'

        and: "the engine is exactly as before"
        Rig.snapshot() == before
        worker.node().workload() == 'cpu'
    }

    def "`rm` of a live node without --force fails cleanly, and the node stays"() {
        given:
        worker.ensureJoined()
        Map before = Rig.snapshot()

        when:
        CliRun run = Cli.run('worker', 'rm', worker.name)

        then: "exit 1 with the engine's own reason on one line"
        run.code == 1
        run.errLine().startsWith('swarmops: the engine refused: ')
        run.errLine().contains('is not down and can\'t be removed')

        and: "the node is still there, still ready, and nothing else changed"
        worker.node().status() == 'ready'
        worker.state().active()
        Rig.snapshot() == before
    }

    def "manager commands on a worker's engine refuse with exit 1 and say where to run them"() {
        given:
        worker.ensureJoined()

        when:
        CliRun run = Cli.run('--host', worker.sock, 'worker', 'list')

        then:
        run.code == 1
        run.errLine() == 'swarmops: this engine is a swarm worker; run this on a manager (--host)'
        run.out == ''
    }
}
