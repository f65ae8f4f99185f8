package dev.swarmops.e2e

import dev.swarmops.engine.Engine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.e2e.E2eRig.IMAGE
import static dev.swarmops.e2e.E2eRig.MANAGER
import static dev.swarmops.e2e.E2eRig.MANAGER_ADDR
import static dev.swarmops.e2e.E2eRig.Proc
import static dev.swarmops.e2e.E2eRig.WorkerFiles
import static dev.swarmops.e2e.E2eRig.swarmops

/**
 * Issue 3 §3, bad input, on the real rig: a wrong join token, an unreachable manager, malformed
 * GPU lists, a missing token, and `job run --gpu` with no GPU count. Each is refused clearly and
 * leaves the worker (its files, its engine, its swarm membership) and the manager as they were.
 * The worker is a fresh rig engine outside any swarm, with the GPU enrollment files of the
 * main e2e spec (an operator's daemon.json, a stock config.toml, fake nvidia-smi).
 */
@Requires({ E2eRig.rig() })
class EnrollAndJobBadInputSpec extends Specification {

    static final String W = 'e2e-bad'
    static final List<String> UUIDS = ['GPU-e2e0cccc-1111-2222-3333-444444444444', 'GPU-e2e0dddd-1111-2222-3333-444444444444']
    static final String UNREACHABLE = '10.231.0.254:2377'

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    Path tmp
    @Shared
    Engine manager
    @Shared
    Engine worker
    static final String NOT_A_TOKEN = 'swarmops: the join token from $JOIN_TOKEN is not a swarm join token (SWMTKN-1-, then 50 and 25 base-36 digits)'

    @Shared
    String sock
    @Shared
    WorkerFiles files

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('EnrollAndJobBadInputSpec')
        manager = E2eRig.engine(MANAGER)
        E2eRig.sweep(manager, [W])
        tmp = Files.createTempDirectory('swarmops-e2e-bad-')
        // no live-restore here: with it, the engine refuses any join for that reason before it looks at the token
        files = WorkerFiles.create(tmp, W, '{\n  "debug": false\n}\n', UUIDS)
        sock = E2eRig.addWorker(W, files.daemonJson)
        worker = E2eRig.engine(sock)
    }

    def cleanupSpec() {
        try {
            worker?.close()
            if (manager != null) {
                E2eRig.removeWorker(manager, W)
                manager.close()
            }
        } finally {
            E2eRig.deleteTree(tmp)
            rigLock?.close()
        }
    }

    def setup() {
        files.fakeNvidiaSmi(UUIDS.collect { it + '\n' }.join(''), 0)
        Files.deleteIfExists(files.planJson)
    }

    // ---- helpers ----

    /** The worker's swarm token as the manager has it. */
    String token() {
        manager.get('/swarm').path('JoinTokens').path('Worker').asText()
    }

    /** Everything a refused enrollment must leave alone, on the worker and on the manager. */
    Map state() {
        [files         : files.files(),
         dockerd       : E2eRig.dockerdPid(W),
         swarm         : E2eRig.reads(worker).swarm().state().localState(),
         nodesNamedW   : E2eRig.nodesNamed(manager, W)*.id(),
         // the swarm's spec, not its version or tokens: other specs rotate tokens concurrently
         managerSwarm  : manager.get('/swarm').path('Spec').toString(),
         // node specs, not versions (a node's version also moves with its status reports); other
         // specs' workers (spec-…) come and go on their own
         managerNodes  : E2eRig.nodes(manager).findAll { !it.hostname().startsWith('spec-') }
                 .collect { it.id() + ' ' + it.raw().path('Spec') }.sort(),
         runtimeCalls  : E2eRig.read(files.runtimeLog)]
    }

    /** Every service but other specs' (spec-…), with its version. */
    List<String> services() {
        manager.get('/services').findAll { !it.path('Spec').path('Name').asText().startsWith('spec-') }
                .collect { it.path('ID').asText() + ' v' + it.path('Version').path('Index').asText() }.sort()
    }

    Proc enroll(String workload, String token, List<String> args) {
        E2eRig.startEnroll(workload, sock, files, token, args).await()
    }

    // ---- enrollment ----

    def "a wrong join token: the engine's refusal is shown, and nothing else changed on the worker"() {
        given: "a token of the right shape and cluster, with a secret part that is not the swarm's"
        String real = token()
        String wrong = real.substring(0, real.lastIndexOf('-') + 1) + 'e2ewrongjointoken00000000'
        assert wrong.length() == real.length() && wrong != real
        Map before = state()

        when: "enroll-cpu applies (daemon.json is not rewritten without --restart-dockerd)"
        Proc run = enroll('cpu', wrong, ['--manager-addr', MANAGER_ADDR, '--manager-host', MANAGER, '--apply'])

        then: "the join was the step that failed, with the engine's own reason on one line"
        run.code == 1
        run.out.contains('STEP 3/4 join the swarm')
        !run.out.contains('STEP 4/4')
        run.errLines().size() == 1
        run.errLines()[0].startsWith('swarmops: the engine refused: ')
        run.errLines()[0].contains('valid join token is necessary')

        and: "neither token appears anywhere"
        !run.all.contains(wrong)
        !run.all.contains(real)

        and: "the worker is still outside any swarm, its files and engine untouched, the manager unchanged"
        state() == before
        before.swarm == 'inactive'
    }

    def "an unreachable manager stops the run in preflight, before any change, even with --apply --restart-dockerd"() {
        given:
        Map before = state()

        when:
        Proc run = enroll('gpu', token(), ['--manager-addr', UNREACHABLE, '--manager-host', MANAGER, '--restart-dockerd', '--apply'])

        then: "stopped in the first step, saying which address and port to check"
        run.code != 0
        run.out.contains('STEP 1/6 preflight')
        !run.out.contains('STEP 2/6')
        run.errLines().size() == 1
        run.errLines()[0].contains("manager $UNREACHABLE is not reachable over TCP")
        run.errLines()[0].contains('2377/tcp')

        and: "engine not restarted, still outside any swarm; the plan file, written however the run ended, records nothing"
        state() == before
        before.swarm == 'inactive'
        E2eRig.JSON.readValue(files.planJson.toFile(), List) == []
    }

    def "#what: exit 2 with a clear one-line error, nothing changed"() {
        given:
        if (smi != null) {
            files.fakeNvidiaSmi(smi[0] as String, smi[1] as int)
        }
        Map before = state()

        when:
        Proc run = enroll('gpu', token(), ['--manager-addr', MANAGER_ADDR, '--manager-host', MANAGER, '--restart-dockerd', '--apply'] + args)

        then:
        run.code == 2
        run.errLines().size() == 1
        run.errLines()[0].startsWith('swarmops: ')
        run.errLines()[0].contains(says)
        !run.out.contains('STEP 3/6')

        and:
        state() == before
        before.swarm == 'inactive'

        where:
        what                                        | args                                                          | smi                                              || says
        'a GPU UUID too short'                      | ['--gpu-uuids', 'GPU-1234']                                   | null                                             || "--gpu-uuids: 'GPU-1234' is not a GPU UUID"
        'a GPU index among UUIDs'                   | ['--gpu-uuids', "${UUIDS[0]},0".toString()]                   | null                                             || "--gpu-uuids: '0' is not a GPU UUID"
        'an empty GPU list'                         | ['--gpu-uuids', ' , ']                                        | null                                             || '--gpu-uuids: no GPU found'
        'nvidia-smi finding no GPU'                 | []                                                            | ['No devices were found\n', 6]                   || 'no GPUs found: '
        "nvidia-smi answering in another format"    | []                                                            | ["GPU 0: Tesla T4 (UUID: ${UUIDS[0]})\n", 0]     || "nvidia-smi: 'GPU 0: Tesla T4 (UUID: ${UUIDS[0]})' is not a GPU UUID"
    }

    def "an engine already in another swarm is refused in preflight, naming both CAs (#how); nothing changed"() {
        given: "the worker's engine manages a swarm of its own"
        E2eRig.apply(worker).swarm().init(null, null)
        Map before = state()

        when:
        Proc run = enroll('cpu', token(), ['--manager-addr', MANAGER_ADDR, '--restart-dockerd', '--apply'] + extra)

        then: "stopped in the first step with one line"
        run.code == 1
        run.out.contains('STEP 1/4 preflight')
        !run.out.contains('STEP 2/4')
        run.errLines().size() == 1
        run.errLines()[0] ==~ says
        !run.all.contains(token())

        and: "still in its own swarm; files, engine and the manager unchanged"
        state() == before
        before.swarm == 'active'

        cleanup:
        E2eRig.apply(worker).swarm().leave(true)

        where:
        how                       | extra                          || says
        'its CA under its data root' | []                          || /swarmops: this engine is already in another swarm \(CA [0-9a-f]{12}…, the join token's is [0-9a-f]{12}…\); leave it first \(docker swarm leave\)/
        'the manager does not know it' | ['--manager-host', MANAGER] || /swarmops: this engine is in a swarm as node \w+, which the manager at \S+ does not know \(another swarm, CA [0-9a-f]{12}…\); leave it first \(docker swarm leave\)/
    }

    def "#what: exit 2 before any change, the way to give one, the value never shown"() {
        given:
        Map before = state()

        when:
        Proc run = enroll('cpu', value, ['--manager-addr', MANAGER_ADDR, '--manager-host', MANAGER, '--restart-dockerd', '--apply'])

        then:
        run.code == 2
        run.errLines() == [says]
        !run.out.contains('STEP 2/4')
        value == null || !run.all.contains(value)
        state() == before

        where:
        what                                   | value                                     || says
        'no join token in the environment'     | null                                      || 'swarmops: no join token: set $JOIN_TOKEN or pass --token-file (never the token itself on the command line)'
        'a docker password as the join token'  | 'dckr_pat_e2eNotAJoinTokenAtAll0000'      || NOT_A_TOKEN
        'a join token cut short'               | 'SWMTKN-1-e2e0cutshort-abc'               || NOT_A_TOKEN
        'a join token of version 2'            | 'SWMTKN-2-' + '0' * 50 + '-' + 'a' * 25   || NOT_A_TOKEN
    }

    // ---- jobs ----

    def "`job run --gpu #gpu`: exit 2, one line on stderr, no service created"() {
        given:
        List<String> servicesBefore = services()

        when:
        Proc run = swarmops(['job', 'run', '--gpu', gpu, '--timeout', '1m', IMAGE, '--', 'true'])

        then:
        run.code == 2
        run.out == ''
        run.errLines().size() == 1
        run.errLines()[0].startsWith('swarmops: ')
        run.errLines()[0].contains(says)

        and:
        services() == servicesBefore

        where:
        gpu   || says
        '0'   || '--gpu: 0 is not a GPU count; give at least 1, or leave --gpu out for a CPU job'
        '-1'  || '--gpu: -1 is not a GPU count; give at least 1, or leave --gpu out for a CPU job'
        'two' || "Invalid value for option '--gpu': 'two' is not an int"
    }
}
