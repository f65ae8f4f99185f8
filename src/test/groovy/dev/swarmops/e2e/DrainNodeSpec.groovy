package dev.swarmops.e2e

import dev.swarmops.engine.Engine
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.ServiceSpec
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static dev.swarmops.e2e.E2eRig.IMAGE
import static dev.swarmops.e2e.E2eRig.MANAGER
import static dev.swarmops.e2e.E2eRig.Proc

/**
 * Issue 11 §5 on the rig: the stock drain-node.groovy pauses a worker, lets the job running there
 * finish, drains it and says where its service went; a job that outlives --jobs-timeout stops the
 * run with the node back as it was and the job untouched; --stop-jobs drains anyway; a manager is
 * refused without --allow-manager.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class DrainNodeSpec extends Specification {

    static final String W1 = 'e2e-drain-1'
    static final String W2 = 'e2e-drain-2'
    static final String SVC = 'e2e-drain-svc'
    static final String PLAYBOOK = 'playbooks/drain-node.groovy'

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    Engine manager
    @Shared
    Map<String, String> paused = [:]
    @Shared
    boolean createdNetwork

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('DrainNodeSpec')
        manager = E2eRig.engine(MANAGER)
        E2eRig.sweep(manager, [W1, W2], 'e2e-drain-')
        paused = E2eRig.pauseOtherSpecWorkers(manager, [W1, W2])
        [W1, W2].each { String name ->
            Proc add = E2eRig.sh([E2eRig.WORKER_SH.toString(), 'add', name, '--join', 'cpu'])
            assert add.code == 0: add
        }
        createdNetwork = E2eRig.ensureJobsNetwork(manager)
    }

    def cleanupSpec() {
        try {
            E2eRig.sweep(manager, [W1, W2], 'e2e-drain-')
            E2eRig.restoreAvailability(manager, paused)
            if (createdNetwork) {
                E2eRig.removeJobsNetwork(manager)
            }
            manager?.close()
        } finally {
            rigLock?.close()
        }
    }

    NodeInfo node(String name) {
        E2eRig.reads(manager).nodes().get(name)
    }

    void availability(String name, String value) {
        E2eRig.apply(manager).nodes().availability(name, value)
    }

    Proc drain(List<String> args) {
        E2eRig.swarmops(['run', PLAYBOOK, '--node', W1] + args)
    }

    /** A job running on W1 (W2 paused while it is placed). */
    E2eRig.Running jobOnW1(int seconds) {
        availability(W1, 'active')
        availability(W2, 'pause')
        E2eRig.Running job = E2eRig.startSwarmops(['job', 'run', '--timeout', '3m', IMAGE, '--', 'sleep', seconds.toString()])
        E2eRig.waitFor('the job to run on ' + W1) { job.result.errLines().any { it ==~ /job-\S+: running.* on $W1/ } }
        availability(W2, 'active')
        job
    }

    def "the job on the worker finishes before the drain; its service moves and the run says where"() {
        given: "a service on W1, and a job running there"
        availability(W2, 'pause')
        E2eRig.apply(manager).services().create(new ServiceSpec(SVC).image(IMAGE).args(['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'])
                .replicas(1).constraint('node.labels.platform.workload==cpu'))
        E2eRig.waitFor("$SVC to run on $W1") { E2eRig.reads(manager).services().tasks(SVC).any { it.state() == 'running' && it.nodeId() == node(W1).id() } }
        E2eRig.Running job = jobOnW1(6)

        when:
        Proc run = drain(['--apply', '--jobs-timeout', '120'])
        Proc jobEnd = job.await()

        then: "the job ran to its end (complete, exit 0), then the node was drained and the service moved to W2"
        run.code == 0
        run.out.contains("1 job(s) running on $W1")
        run.out.contains("no job running on $W1")
        run.out.contains("moved: $SVC → $W2")
        jobEnd.code == 0
        jobEnd.summary() ==~ /job-\S+ complete on $W1, exit 0(: .*)?/
        node(W1).availability() == 'drain'
    }

    def "a job that outlives --jobs-timeout stops the run; the node is back as it was and the job untouched"() {
        given:
        E2eRig.Running job = jobOnW1(120)
        String before = node(W1).availability()

        when:
        Proc run = drain(['--apply', '--jobs-timeout', '2'])

        then:
        run.code == 1
        run.errLines().size() == 1
        run.errLines()[0] ==~ /swarmops: 1 job\(s\) still running after 2s \(job-\S+\); the node is back to active\. Wait longer \(--jobs-timeout\), or pass --stop-jobs to stop them and drain/
        before == 'active'
        node(W1).availability() == 'active'
        job.process.alive
        E2eRig.jobs(manager).values().any { it.node() == W1 && it.state() == 'running' }

        when: "--stop-jobs drains anyway"
        Proc forced = drain(['--apply', '--jobs-timeout', '2', '--stop-jobs'])
        Proc jobEnd = job.await()

        then: "the job stopped (its service removed, as the plan line shows), its run saying so; then drained"
        forced.code == 0
        forced.out.contains('docker service rm job-')
        node(W1).availability() == 'drain'
        jobEnd.code == 1
        jobEnd.summary() ==~ /job-\S+ removed, exit 1: its service was removed while it ran \(not by this command\)/
        !E2eRig.jobs(manager).values().any { it.node() == W1 }
    }

    def "a manager is refused without --allow-manager: exit 2, one line, nothing changed"() {
        given:
        NodeInfo self = E2eRig.reads(manager).nodes().self()

        when:
        Proc run = E2eRig.swarmops(['run', PLAYBOOK, '--node', self.hostname(), '--apply'])

        then:
        run.code == 2
        run.errLines() == ["swarmops: ${self.hostname()} is a manager: draining it moves or stops the control plane; pass --allow-manager to do it anyway".toString()]
        E2eRig.reads(manager).nodes().self().availability() == self.availability()
    }
}
