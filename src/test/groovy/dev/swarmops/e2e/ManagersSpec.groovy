package dev.swarmops.e2e

import dev.swarmops.engine.Engine
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.Quorum
import dev.swarmops.ops.ServiceSpec
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.e2e.E2eRig.IMAGE
import static dev.swarmops.e2e.E2eRig.MANAGER
import static dev.swarmops.e2e.E2eRig.MANAGER_ADDR
import static dev.swarmops.e2e.E2eRig.Proc

/**
 * Issue 11 §1 on the rig: the rig's manager grows from one manager to three with the stock
 * add-manager.groovy (run against each new node's own engine), one manager's engine is killed
 * and the swarm still answers reads and writes, remove-manager.groovy takes the dead one out,
 * a third node brings the count back to odd, and the rig ends with its one manager again. Every
 * refusal is one line, exit 2, with nothing changed; no token is ever printed.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class ManagersSpec extends Specification {

    static final List<String> NEW = ['e2e-mgr-1', 'e2e-mgr-2', 'e2e-mgr-3']
    static final String ADD = 'playbooks/add-manager.groovy'
    static final String REMOVE = 'playbooks/remove-manager.groovy'
    /** The rig manager's node: this machine's engine. */
    static final String HOST = Files.readString(Path.of('/proc/sys/kernel/hostname')).trim()

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    Engine manager
    @Shared
    String managerToken
    @Shared
    String workerToken

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('ManagersSpec')
        manager = E2eRig.engine(MANAGER)
        retire()
        NEW.each { String name -> assert E2eRig.sh([E2eRig.WORKER_SH.toString(), 'add', name, '--join', 'none']).code == 0 }
        managerToken = manager.get('/swarm').path('JoinTokens').path('Manager').asText()
        workerToken = manager.get('/swarm').path('JoinTokens').path('Worker').asText()
        assert quorum() == new Quorum(1, 1): 'the rig starts with its one manager'
    }

    def cleanupSpec() {
        try {
            retire()
            manager?.close()
        } finally {
            rigLock?.close()
        }
    }

    /**
     * Demote any of our nodes still a manager, the unreachable first (demoting a reachable one
     * while another is unreachable would lose the majority), then delete them.
     */
    void retire() {
        E2eRig.nodes(manager).findAll { it.hostname() in NEW && it.role() == 'manager' }.sort { it.managerStatus() == 'reachable' }.each { NodeInfo n ->
            E2eRig.apply(manager).nodes().role(n.id(), 'worker')
            E2eRig.waitFor("${n.hostname()} out of the managers", 60) { E2eRig.nodes(manager).find { it.id() == n.id() }.managerStatus().isEmpty() }
        }
        E2eRig.sweep(manager, NEW, 'e2e-mgr-')
    }

    Quorum quorum() {
        Quorum.of(E2eRig.nodes(manager))
    }

    Proc add(String name, List<String> extra, String token) {
        E2eRig.swarmops(['--host', E2eRig.workerSock(name), 'run', ADD, '--manager-addr', MANAGER_ADDR, '--manager-host', MANAGER,
                         '--advertise-addr', E2eRig.workerIp(name)] + extra, token == null ? [:] : [JOIN_TOKEN: token])
    }

    Proc remove(List<String> args) {
        E2eRig.swarmops(['run', REMOVE] + args)
    }

    /** What a refused run must leave alone: every node's role and manager status, and the new nodes' swarm state. */
    Map state() {
        [nodes: E2eRig.nodes(manager).collect { "$it.hostname:$it.role:$it.managerStatus:$it.availability".toString() }.sort(),
         engines: NEW.collect { String name -> E2eRig.dockerdPid(name) && E2eRig.sh(['kill', '-0', E2eRig.dockerdPid(name)]).code == 0
                 ? E2eRig.engine(E2eRig.workerSock(name)).withCloseable { Engine e -> e.get('/info').path('Swarm').path('LocalNodeState').asText() } : 'down' }]
    }

    boolean leaks(Proc run) {
        [managerToken, workerToken].any { run.all.contains(it) || run.all.contains(it.split('-').last()) }
    }

    def "add-manager: #what: exit 2, one line naming the problem, nothing changed"() {
        given:
        Map before = state()

        when:
        Proc run = add(NEW[0], ['--apply'] + extra, token == 'worker' ? workerToken : token == 'manager' ? managerToken : token)

        then:
        run.code == 2
        run.errLines() == [says]
        state() == before
        !leaks(run)

        where:
        what                         | token                                              | extra || says
        'no token'                   | null                                               | []    || 'swarmops: no join token: set $JOIN_TOKEN or pass --token-file (never the token itself on the command line)'
        'the worker token'           | 'worker'                                           | []    || 'swarmops: the token from $JOIN_TOKEN is the worker join token; a manager joins with the manager token (on a manager: docker swarm join-token -q manager)'
        "another swarm's token"      | 'SWMTKN-1-' + '1' * 50 + '-' + 'a' * 25            | []    || "swarmops: the token from \$JOIN_TOKEN is not a current join token of the swarm at $MANAGER (rotated since it was read?)"
        '1 -> 2 without --allow-even' | 'manager'                                         | []    || 'swarmops: joining would make 2 managers, an even count: it tolerates no more failures than 1 and needs one more to answer; add two (--allow-even for the first), or none'
    }

    def "a dry-run plans the join, prints no token and changes nothing"() {
        given:
        Map before = state()

        when:
        Proc run = add(NEW[0], ['--allow-even'], managerToken)

        then:
        run.code == 0
        run.out.contains('managers now: 1 manager, 1 reachable (majority 1, tolerates 0 failures)')
        run.out.contains('managers after the join: 2 managers, 2 reachable (majority 2, tolerates 0 failures)')
        run.out.contains("docker swarm join --token '<token from \$JOIN_TOKEN>' --advertise-addr ${E2eRig.workerIp(NEW[0])} $MANAGER_ADDR")
        state() == before
        !leaks(run)
    }

    def "1 -> 3 managers: the first join needs --allow-even, the second brings an odd count"() {
        when:
        Proc first = add(NEW[0], ['--allow-even', '--apply'], managerToken)

        then:
        first.code == 0
        first.out.contains('! 2 managers is an even count (--allow-even)')
        quorum() == new Quorum(2, 2)

        when:
        Proc second = add(NEW[1], ['--apply'], managerToken)

        then:
        second.code == 0
        second.out.contains('managers after the join: 3 managers, 3 reachable (majority 2, tolerates 1 failure)')
        quorum() == new Quorum(3, 3)
        E2eRig.nodes(manager).findAll { it.hostname() in NEW[0..1] }*.role() == ['manager', 'manager']
        [first, second].every { !leaks(it) }
    }

    def "a re-run on a node that is already a manager is a no-op"() {
        when:
        Proc run = add(NEW[0], ['--apply'], managerToken)

        then:
        run.code == 0
        run.out.contains('= already a manager of that swarm')
        run.out.contains('Applied: 0 created, 0 changed, 0 destroyed, 1 unchanged')
        quorum() == new Quorum(3, 3)
    }

    def "backup on a follower needs no flag: its engine stops for the copy, the others keep the majority, it comes back"() {
        given: "settings: this node's engine commands, an archive directory, no databases (none runs on it)"
        String node = NEW[0]
        Path dir = Files.createTempDirectory('e2e-mgr-backup-')
        Path config = dir.resolve('settings.yaml')
        config.text = """\
            commands:
              stop_engine: [${E2eRig.WORKER_SH}, stop, $node]
              start_engine: [${E2eRig.WORKER_SH}, start, $node]
            backup:
              dir: ${dir.resolve('out')}
            postgres: []
            """.stripIndent()
        String pid = E2eRig.dockerdPid(node)

        when: "run on that machine: in its network namespace, against its engine"
        Proc run = E2eRig.start(['nsenter', "--net=/var/run/netns/$node".toString(), '--'] + E2eRig.launcher()
                + ['--host', E2eRig.workerSock(node), 'run', 'playbooks/backup.groovy', '--config', config.toString(), '--apply'], E2eRig.env([:])).await()
        List<Path> archives = Files.list(dir.resolve('out')).withCloseable { it.toList() }

        then:
        run.code == 0
        run.out.contains('its engine stops for the copy; the other managers keep the majority')
        run.out.contains('a working manager again; managers: 3 managers, 3 reachable')
        E2eRig.dockerdPid(node) != pid
        archives.size() == 1
        E2eRig.sh(['tar', '-tzf', archives[0].toString()]).out.readLines().containsAll(['./manifest.yaml', './swarm/raft/'])
        E2eRig.sh(['tar', '-xzOf', archives[0].toString(), './manifest.yaml']).out.contains('raft: engine stopped on a follower')
        E2eRig.waitFor('all three managers reachable again', 60) { quorum() == new Quorum(3, 3) }

        cleanup:
        dir?.toFile()?.deleteDir()
    }

    def "one manager's engine killed: the swarm still answers reads and writes"() {
        when:
        assert E2eRig.sh(['kill', '-KILL', E2eRig.dockerdPid(NEW[1])]).code == 0
        E2eRig.waitFor("${NEW[1]} unreachable and down", 90) {
            NodeInfo n = E2eRig.nodesNamed(manager, NEW[1])[0]
            n.managerStatus() == 'unreachable' && n.status() == 'down'
        }

        then:
        quorum() == new Quorum(3, 2)
        Proc list = E2eRig.swarmops(['worker', 'list'])
        list.code == 0
        list.out.contains(NEW[1])

        and: "a write commits: a service is created and removed"
        E2eRig.apply(manager).services().create(new ServiceSpec('e2e-mgr-write').image(IMAGE).replicas(0))
        E2eRig.reads(manager).services().find('e2e-mgr-write').isPresent()
        E2eRig.apply(manager).services().remove('e2e-mgr-write')
    }

    def "remove-manager: #what: exit 2, one line naming the problem, nothing changed"() {
        given:
        Map before = state()

        when:
        Proc run = remove(args + ['--apply'])

        then:
        run.code == 2
        run.errLines().size() == 1
        run.errLines()[0].startsWith(says)
        state() == before

        where:
        what                                | args                                              || says
        'the dead one, leaving an even count' | ['--node', 'e2e-mgr-2']                         || 'swarmops: removing e2e-mgr-2 would leave 2 managers, an even count; pass --allow-even and add or remove another manager next'
        'the manager it runs against'       | ['--node', HOST]                 || "swarmops: ${HOST} is the manager this runs against; run it against another manager (--host)"
        'no such node'                      | ['--node', 'e2e-mgr-nosuch']                      || "swarmops: no node 'e2e-mgr-nosuch'"
    }

    def "the dead manager is demoted and removed; the swarm keeps its majority"() {
        when:
        Proc run = remove(['--node', NEW[1], '--allow-even', '--apply'])

        then:
        run.code == 0
        run.out.contains('managers after the removal: 2 managers, 2 reachable (majority 2, tolerates 0 failures)')
        run.out.contains("docker node demote ${NEW[1]}")
        run.out.contains("docker node rm ${NEW[1]}")
        E2eRig.nodesNamed(manager, NEW[1]).isEmpty()
        quorum() == new Quorum(2, 2)
    }

    def "a third node joins: back to an odd count"() {
        when:
        Proc run = add(NEW[2], ['--apply'], managerToken)

        then:
        run.code == 0
        quorum() == new Quorum(3, 3)
    }

    def "a live manager is demoted and left to leave by itself; --force-remove forces the last one out"() {
        when: "3 -> 2: demoted, still up, so it stays a worker and the run says how to finish"
        Proc live = remove(['--node', NEW[2], '--allow-even', '--apply'])

        then:
        live.code == 0
        live.out.contains("${NEW[2]} is still up (ready): on it run `docker swarm leave`")
        E2eRig.nodesNamed(manager, NEW[2])*.role() == ['worker']
        quorum() == new Quorum(2, 2)

        when: "2 -> 1: an odd count, no flag for that; still up, forced out"
        Proc forced = remove(['--node', NEW[0], '--force-remove', '--apply'])

        then:
        forced.code == 0
        E2eRig.nodesNamed(manager, NEW[0]).isEmpty()
        quorum() == new Quorum(1, 1)
    }
}
