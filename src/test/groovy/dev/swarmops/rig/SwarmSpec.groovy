package dev.swarmops.rig

import dev.swarmops.gate.Outcome
import dev.swarmops.ops.Swarm
import dev.swarmops.ops.SwarmOps
import dev.swarmops.ops.SwarmState
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.Rig
import dev.swarmops.testkit.RigWorker
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/** Swarm membership primitives on the rig: state, manager address, tokens, init, join, leave. */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class SwarmSpec extends Specification {

    @Shared
    RigWorker worker

    def setupSpec() {
        worker = RigWorker.shared()
    }

    def "the manager reports an active swarm, the address workers join, and a token per role"() {
        when:
        SwarmOps ops = Rig.dryRun()
        SwarmState st = ops.swarm().state()
        def tokens = Rig.engine().get('/swarm').path('JoinTokens')

        then:
        st.active()
        st.manager()
        st.nodeAddr() == Rig.MANAGER_ADDR
        ops.swarm().managerAddress() == "${Rig.MANAGER_ADDR}:2377"
        ops.swarm().requireManager() == st

        and: "the tokens are the swarm's own, one per role"
        ops.swarm().joinToken(Swarm.Role.WORKER) == tokens.path('Worker').asText()
        ops.swarm().joinToken(Swarm.Role.MANAGER) == tokens.path('Manager').asText()
        ops.swarm().joinToken(Swarm.Role.WORKER) != ops.swarm().joinToken(Swarm.Role.MANAGER)
    }

    def "a dry-run rotation plans the docker command and leaves the token as it was"() {
        given:
        String before = Rig.dryRun().swarm().joinToken(Swarm.Role.MANAGER)

        when:
        Outcome o = Rig.dryRun().swarm().rotateToken(Swarm.Role.MANAGER)

        then:
        !o.applied()
        o.mutation().cli() == 'docker swarm join-token --rotate -q manager'
        Rig.dryRun().swarm().joinToken(Swarm.Role.MANAGER) == before
    }

    def "a standalone engine initialises a swarm of its own, and leaves it"() {
        given: "the worker's engine outside any swarm"
        worker.leaveSwarm()

        when:
        Outcome init = worker.ops().swarm().init(worker.ip, "${worker.ip}:2377")
        SwarmState own = worker.state()

        then: "it is the manager of a new, separate swarm"
        init.applied()
        init.mutation().cli() == "docker swarm init --advertise-addr ${worker.ip} --listen-addr ${worker.ip}:2377"
        own.active()
        own.manager()
        own.clusterId() != Rig.dryRun().swarm().state().clusterId()
        worker.ops().swarm().managerAddress() == "${worker.ip}:2377"

        when:
        Outcome leave = worker.ops().swarm().leave(true)

        then:
        leave.applied()
        leave.mutation().cli() == 'docker swarm leave --force'
        worker.state().localState() == 'inactive'

        cleanup:
        if (worker.state().localState() != 'inactive') {
            worker.ops().swarm().leave(true)
        }
    }

    def "an engine outside any swarm refuses manager-only commands with exit 1 and says why"() {
        given:
        worker.leaveSwarm()

        when:
        CliRun run = Cli.run('--host', worker.sock, 'worker', 'token', '--cpu')

        then:
        run.code == 1
        run.errLine() == 'swarmops: this engine is not in a swarm (state: inactive); run on the manager, or initialise one with install-manager'
        run.out == ''

        when:
        worker.ops().swarm().requireManager()

        then:
        thrown(Swarm.NotInSwarmException)
    }

    def "a worker joins through the gate with the token as a placeholder, and leaves again"() {
        given:
        worker.leaveSwarm()
        String token = Rig.dryRun().swarm().joinToken(Swarm.Role.WORKER)

        when:
        Outcome join = worker.join(token, '$WORKER_TOKEN')

        then: "the join shows as the docker command with the token's placeholder"
        join.applied()
        join.mutation().cli() == "docker swarm join --token '<token from \$WORKER_TOKEN>' --advertise-addr ${worker.ip} ${Rig.MANAGER_ADDR}:2377"
        !join.mutation().cli().contains(token)
        worker.inRigSwarm()

        when:
        String id = worker.nodeId()
        worker.ops().swarm().leave(false)

        then: "the worker is out, and the manager keeps its entry until it is removed"
        worker.state().localState() == 'inactive'
        worker.state().nodeId() == ''
        Rig.dryRun().nodes().list().any { it.id() == id }

        cleanup:
        worker.leaveSwarm()
        if (id && Rig.dryRun().nodes().list().any { it.id() == id }) {
            Rig.apply().nodes().remove(id, true)
        }
    }
}
