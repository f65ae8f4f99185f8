package dev.swarmops.e2e

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.Engine
import dev.swarmops.host.DaemonJson
import dev.swarmops.host.NvidiaConfig
import dev.swarmops.ops.JobRequest
import dev.swarmops.ops.NodeInfo
import dev.swarmops.testkit.ProcSampler
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
import static dev.swarmops.e2e.E2eRig.WorkerFiles
import static dev.swarmops.e2e.E2eRig.swarmops

/**
 * Issue 3 §3, items 1–6, on the real rig: the manager engine plus a CPU worker and a GPU worker
 * (two fake GPUs) that this spec starts and enrolls with the stock playbooks, then broker jobs
 * on them, drain, idempotent re-enrollment, job ls/reap, and leave + `worker rm`.
 * Everything runs through the swarmops CLI as a separate process, as an operator runs it.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class WorkerEnrollmentAndJobsSpec extends Specification {

    static final String CPU = 'e2e-cpu'
    static final String GPU = 'e2e-gpu'
    static final List<String> UUIDS = ['GPU-e2e0aaaa-1111-2222-3333-444444444444', 'GPU-e2e0bbbb-1111-2222-3333-444444444444']
    static final String ENV_LINE = 'DOCKER_RESOURCE_NVIDIA-GPU='
    /** A job prints its initial environment (busybox sh drops names with '-', /proc/1/environ keeps them). */
    static final String PRINT_ENV = "tr '\\0' '\\n' </proc/1/environ"
    static final String LEFTOVER_PREFIX = 'e2e-leftover-'
    /** Another address of the manager, as a manager with two interfaces has. */
    static final String OTHER_ADDR = '10.231.0.254:2377'
    /** A job must never hang the spec: a stuck one ends as exit 124. */
    static final List<String> JOB_TIMEOUT = ['--timeout', '3m']

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    Path tmp
    @Shared
    Engine manager
    @Shared
    Map<String, Engine> workerEngine = [:]
    @Shared
    Map<String, String> sock = [:]
    @Shared
    Map<String, WorkerFiles> files = [:]
    @Shared
    boolean createdNetwork
    /** Other specs' workers paused while this spec runs: node id → availability to restore. */
    @Shared
    Map<String, String> paused = [:]
    @Shared
    String token
    /** Measured numbers, printed at the end (never asserted). */
    @Shared
    List<String> measured = []

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('WorkerEnrollmentAndJobsSpec')
        manager = E2eRig.engine(MANAGER)
        E2eRig.sweep(manager, [CPU, GPU], LEFTOVER_PREFIX)
        paused = E2eRig.pauseOtherSpecWorkers(manager, [CPU, GPU])
        List<String> foreign = E2eRig.foreignPool(manager, [CPU, GPU])
        assert foreign.isEmpty(): E2eRig.foreignPoolMessage(foreign)
        tmp = Files.createTempDirectory('swarmops-e2e-')
        // operator files: an operator key to keep, and live-restore on the GPU worker, which must go
        files[CPU] = WorkerFiles.create(tmp, CPU, '{\n  "debug": false\n}\n', [])
        files[GPU] = WorkerFiles.create(tmp, GPU, '{\n  "debug": false,\n  "live-restore": true\n}\n', UUIDS)
        [CPU, GPU].each { String name ->
            sock[name] = E2eRig.addWorker(name, files[name].daemonJson)
            workerEngine[name] = E2eRig.engine(sock[name])
        }
        createdNetwork = E2eRig.ensureJobsNetwork(manager)
    }

    def cleanupSpec() {
        List<String> problems = []
        Closure attempt = { String what, Closure action ->
            try {
                action()
            } catch (Throwable t) {
                problems << "$what: $t".toString()
            }
        }
        workerEngine.values().each { Engine e -> attempt('close a worker engine client') { e.close() } }
        [CPU, GPU].each { String name -> attempt("remove worker $name") { E2eRig.removeWorker(manager, name) } }
        if (manager != null) {
            attempt('remove leftover job services') { E2eRig.sweep(manager, [], LEFTOVER_PREFIX) }
            attempt('restore the availability of paused spec workers') { E2eRig.restoreAvailability(manager, paused) }
            if (createdNetwork) {
                attempt("remove ${JobRequest.DEFAULT_NETWORK}") { E2eRig.removeJobsNetwork(manager) }
            }
            attempt('close the manager engine client') { manager.close() }
        }
        attempt('delete temp files') { E2eRig.deleteTree(tmp) }
        attempt('release the e2e rig lock') { rigLock?.close() }
        if (measured) {
            System.err.println('e2e measured (not asserted):\n  ' + measured.join('\n  '))
        }
        if (problems) {
            System.err.println('e2e clean-up problems:\n  ' + problems.join('\n  '))
        }
    }

    def setup() {
        // other specs (install-manager's) remove platform_jobs_internal when they finish: have it for every job
        createdNetwork |= E2eRig.ensureJobsNetwork(manager)
    }

    // ---- helpers ----

    private void poolIsOurs() {
        List<String> foreign = E2eRig.foreignPool(manager, [CPU, GPU])
        assert foreign.isEmpty(): E2eRig.foreignPoolMessage(foreign)
    }

    private NodeInfo node(String name) {
        E2eRig.nodeOf(manager, workerEngine[name])
    }

    private Proc job(List<String> args) {
        swarmops(['job', 'run'] + JOB_TIMEOUT + args)
    }

    /** The job's service name, from its summary line. */
    private static String jobName(Proc p) {
        p.summary().split(' ')[0]
    }

    /** The summary line says the job ended in this state on this node with this exit code: {@code job-… complete on e2e-cpu, exit 0: finished}. */
    private static boolean ranOn(Proc p, String node, String state, int exit) {
        p.summary() ==~ /job-[0-9a-z]+-[0-9a-z]+ ${state} on ${node}, exit ${exit}(: .*)?/
    }

    private static String uuidSeen(Proc p) {
        List<String> lines = p.out.readLines().findAll { it.startsWith(ENV_LINE) }
        assert lines.size() == 1: "expected one $ENV_LINE line in the job's output:\n$p"
        lines[0].substring(ENV_LINE.length())
    }

    private Proc enroll(String workload, String name, List<String> extra = []) {
        E2eRig.startEnroll(workload, sock[name], files[name], token,
                ['--manager-addr', MANAGER_ADDR, '--manager-host', MANAGER, '--restart-dockerd', '--apply'] + extra).await()
    }

    // ---- 1. tokens ----

    def "the manager prints the worker join token for a CPU and for a GPU worker, and only that"() {
        when:
        Proc cpu = swarmops(['worker', 'token', '--cpu', '--quiet'])
        Proc gpu = swarmops(['worker', 'token', '--gpu', '--quiet'])
        token = gpu.out.trim()

        then: "stdout is exactly the swarm's worker token, for either class"
        cpu.code == 0
        gpu.code == 0
        cpu.out.readLines() == [manager.get('/swarm').path('JoinTokens').path('Worker').asText()]
        gpu.out == cpu.out
        token ==~ /SWMTKN-1-[0-9a-z]+-[0-9a-z]+/

        and: "nothing else is printed"
        cpu.err == ''
        gpu.err == ''
    }

    // ---- 2. enrollment ----

    def "enroll-cpu configures, restarts, joins and labels the CPU worker; the token is never on argv nor printed"() {
        given:
        WorkerFiles f = files[CPU]
        String pidBefore = E2eRig.dockerdPid(CPU)
        ProcSampler sampler = new ProcSampler([token])

        when:
        E2eRig.Running running = E2eRig.startEnroll('cpu', sock[CPU], f, token,
                ['--manager-addr', MANAGER_ADDR, '--manager-host', MANAGER, '--restart-dockerd', '--apply'])
        Proc run = running.await()
        long sweeps = sampler.sweeps()
        sampler.close()

        then: "it ran to the end and applied"
        run.code == 0
        run.out.readLines().any { it.startsWith('Applied: ') }
        run.out.contains('STEP 4/4 label platform.workload=cpu')

        and: "the token shows only as its placeholder: not in the output, not in the plan file, not in any process's argv"
        !run.all.contains(token)
        run.out.contains('<token from $JOIN_TOKEN>')
        !E2eRig.read(f.planJson).contains(token)
        E2eRig.read(f.planJson).contains('<token from $JOIN_TOKEN>')
        sweeps > 0
        sampler.hits(token).isEmpty()

        and: "the engine was restarted on the merged daemon.json: operator key kept, CPU variant added, no GPU keys"
        E2eRig.dockerdPid(CPU) != pidBefore
        Map dj = f.daemonJsonMap()
        dj.debug == false
        dj['log-driver'] == 'json-file'
        dj['log-opts'] == ['max-size': '50m', 'max-file': '5']
        dj['no-new-privileges'] == true
        !dj.containsKey('node-generic-resources')
        !dj.containsKey('default-runtime')
        !dj.containsKey('live-restore')

        and: "the worker is a worker of the rig's swarm, labelled cpu on the manager"
        E2eRig.reads(workerEngine[CPU]).swarm().state().with { it.active() && !it.manager() && it.remoteManagers().contains(MANAGER_ADDR) }
        E2eRig.waitFor("$CPU to be ready") { node(CPU)?.status() == 'ready' }
        node(CPU).hostname() == CPU
        node(CPU).role() == 'worker'
        node(CPU).workload() == 'cpu'
        node(CPU).genericResources() == [:]

        cleanup:
        sampler?.close()
    }

    def "enroll-gpu finds both GPUs, merges the GPU daemon.json without live-restore, fixes config.toml, joins and labels gpu"() {
        given:
        WorkerFiles f = files[GPU]
        String pidBefore = E2eRig.dockerdPid(GPU)
        ProcSampler sampler = new ProcSampler([token])

        when:
        E2eRig.Running running = E2eRig.startEnroll('gpu', sock[GPU], f, token,
                ['--manager-addr', MANAGER_ADDR, '--manager-host', MANAGER, '--restart-dockerd', '--apply'])
        Proc run = running.await()
        long sweeps = sampler.sweeps()
        sampler.close()

        then:
        run.code == 0
        run.out.readLines().any { it.startsWith('Applied: ') }
        run.out.contains("GPUs: ${UUIDS.join(', ')}")

        and: "live-restore was removed, and the run says why"
        run.out.contains(DaemonJson.LIVE_RESTORE_REASON)

        and: "the token never showed"
        !run.all.contains(token)
        run.out.contains('<token from $JOIN_TOKEN>')
        !E2eRig.read(f.planJson).contains(token)
        sweeps > 0
        sampler.hits(token).isEmpty()

        and: "daemon.json: the operator's key kept, live-restore gone, the GPUs advertised, nvidia the default runtime"
        E2eRig.dockerdPid(GPU) != pidBefore
        Map dj = f.daemonJsonMap()
        dj.debug == false
        !dj.containsKey('live-restore')
        dj['node-generic-resources'] == UUIDS.collect { 'NVIDIA-GPU=' + it }
        dj.runtimes == [nvidia: [path: f.runtime.toString(), runtimeArgs: []]]
        dj['default-runtime'] == 'nvidia'
        dj['no-new-privileges'] == true
        dj['log-opts'] == ['max-size': '50m', 'max-file': '5']

        and: "config.toml: the swarm-resource line set, every other line as it was"
        E2eRig.read(f.nvidiaConfig) == E2eRig.NVIDIA_CONFIG.replace('#swarm-resource = "DOCKER_RESOURCE_GPU"', NvidiaConfig.LINE)

        and: "the restarted engine runs nvidia by default and advertises both UUIDs"
        JsonNode info = workerEngine[GPU].get('/info')
        info.path('DefaultRuntime').asText() == 'nvidia'
        info.path('Runtimes').has('nvidia')
        E2eRig.advertisedGpus(info.path('GenericResources')) == UUIDS.sort()

        and: "the manager sees a ready worker labelled gpu with both GPUs"
        E2eRig.waitFor("$GPU to be ready") { node(GPU)?.status() == 'ready' }
        node(GPU).role() == 'worker'
        node(GPU).workload() == 'gpu'
        E2eRig.advertisedGpus(node(GPU).raw().path('Description').path('Resources').path('GenericResources')) == UUIDS.sort()

        cleanup:
        sampler?.close()
    }

    // ---- 3. worker list ----

    def "`worker list` shows both workers with their labels, and NVIDIA-GPU×2 on the GPU worker"() {
        when:
        Proc table = swarmops(['worker', 'list'])
        Proc json = swarmops(['--json', 'worker', 'list'])
        Map<String, List<String>> rows = table.out.readLines().drop(1).collectEntries { [(it.split(/\s+/)[0]): it.split(/\s{2,}/).toList()] }
        Map<String, JsonNode> listed = E2eRig.JSON.readTree(json.out).collectEntries { [(it.path('hostname').asText()): it] }

        then:
        table.code == 0
        table.out.readLines()[0].split(/\s+/).toList() == ['HOSTNAME', 'ID', 'ROLE', 'AVAILABILITY', 'STATUS', 'ENGINE', 'WORKLOAD', 'RESOURCES']
        rows[CPU] == [CPU, node(CPU).shortId(), 'worker', 'active', 'ready', node(CPU).engineVersion(), 'cpu', '-']
        rows[GPU] == [GPU, node(GPU).shortId(), 'worker', 'active', 'ready', node(GPU).engineVersion(), 'gpu', 'NVIDIA-GPU×2']

        and:
        json.code == 0
        listed[CPU].path('workload').asText() == 'cpu'
        listed[GPU].path('workload').asText() == 'gpu'
        listed[GPU].path('resources').path('NVIDIA-GPU').asInt() == 2
        listed[CPU].path('resources').size() == 0
    }

    // ---- 4. jobs ----

    def "a CPU job lands on the CPU worker: its output on stdout, the node in the summary, its exit code as ours"() {
        given:
        poolIsOurs()

        when:
        Proc ok = job([IMAGE, '--', 'sh', '-c', 'echo hello from a cpu job'])
        Proc failing = job([IMAGE, '--', 'sh', '-c', 'echo about to fail; exit 7'])

        then: "stdout is the job's output, stderr ends with a summary naming the node"
        ok.code == 0
        ok.out == 'hello from a cpu job\n'
        ranOn(ok, CPU, 'complete', 0)

        and: "a failing job's exit code is the command's"
        failing.code == 7
        failing.out == 'about to fail\n'
        ranOn(failing, CPU, 'failed', 7)

        and: "both job services were removed"
        !E2eRig.jobs(manager).containsKey(jobName(ok))
        !E2eRig.jobs(manager).containsKey(jobName(failing))

        cleanup:
        if (ok) measured << "CPU job round trip (CLI process, incl. JVM start): ${String.format('%.2f', ok.seconds)}s"
    }

    def "trivial CPU job round trip, measured (create → complete → logs → removed)"() {
        given:
        poolIsOurs()

        when: "five trivial jobs in a row through the CLI process, and the JVM start of a command that does no engine work"
        List<Proc> runs = (1..5).collect { job([IMAGE, '--', 'true']) }
        List<Proc> starts = (1..3).collect { swarmops(['--version']) }

        then:
        runs.every { it.code == 0 && ranOn(it, CPU, 'complete', 0) }
        starts.every { it.code == 0 }

        cleanup:
        if (runs && starts) {
            double median = runs*.seconds.sort()[2]
            double jvm = starts*.seconds.sort()[1]
            measured << "trivial CPU job via CLI process: median of 5 ${String.format('%.2f', median)}s " +
                    "(all: ${runs*.seconds.collect { String.format('%.2f', it) }.join(', ')}); CLI start alone (--version) " +
                    "median ${String.format('%.2f', jvm)}s → job overhead ≈ ${String.format('%.2f', median - jvm)}s"
        }
    }

    def "a GPU job lands on the GPU worker, on platform_jobs_internal, through the nvidia runtime, and sees one of the UUIDs"() {
        given:
        poolIsOurs()
        String subnet = manager.get('/networks/' + JobRequest.DEFAULT_NETWORK).path('IPAM').path('Config').path(0).path('Subnet').asText()
        long runtimeCalls = E2eRig.read(files[GPU].runtimeLog).readLines().size()

        when:
        Proc gpu = job(['--gpu', '1', IMAGE, '--', 'sh', '-c', PRINT_ENV + '; ip -o -4 addr show'])
        List<String> addrs = gpu.out.readLines().findAll { it.contains(' inet ') }.collect { (it =~ /inet (\d+\.\d+\.\d+\.\d+)/)[0][1] }

        then:
        gpu.code == 0
        ranOn(gpu, GPU, 'complete', 0)

        and: "Swarm handed it one of the worker's GPUs under the NVIDIA-GPU kind's variable"
        uuidSeen(gpu) in UUIDS

        and: "it was attached to the jobs network (an address in its subnet)"
        subnet
        addrs.any { E2eRig.inSubnet(it, subnet) }

        and: "the container was started by the default runtime, nvidia (the fake one, which logs each call)"
        E2eRig.read(files[GPU].runtimeLog).readLines().size() > runtimeCalls
        E2eRig.read(files[GPU].runtimeLog).readLines().drop(runtimeCalls as int).any { it.contains('create') }

        cleanup:
        if (gpu) measured << "GPU job round trip (CLI process): ${String.format('%.2f', gpu.seconds)}s"
    }

    def "two concurrent --gpu 1 jobs run at the same time on the GPU worker and get different UUIDs"() {
        given:
        poolIsOurs()
        Set<String> before = E2eRig.jobs(manager).keySet()
        List<String> cmd = ['--gpu', '1', IMAGE, '--', 'sh', '-c', PRINT_ENV + " | grep '^$ENV_LINE'; sleep 5"]

        when: "both are started at once, and the manager's job list is watched while they run"
        List<E2eRig.Running> started = (1..2).collect { E2eRig.startSwarmops(['job', 'run'] + JOB_TIMEOUT + cmd) }
        int mostRunning = 0
        while (started.any { it.process.alive }) {
            int running = E2eRig.jobs(manager).values().count { !(it.name() in before) && it.workload() == 'gpu' && it.state() == 'running' } as int
            mostRunning = Math.max(mostRunning, running)
            Thread.sleep(100)
        }
        List<Proc> jobs = started*.await()

        then:
        jobs.every { it.code == 0 && ranOn(it, GPU, 'complete', 0) }

        and: "they overlapped, so each held a GPU while the other ran"
        mostRunning == 2

        and: "they saw different UUIDs, both of the worker's"
        jobs.collect { uuidSeen(it) } as Set == UUIDS as Set
    }

    // ---- 5. no eligible node ----

    def "--gpu 3 is reported as never placeable, not waited for: exit 125 with 'no node satisfies'"() {
        given:
        poolIsOurs()

        when:
        Proc three = job(['--gpu', '3', IMAGE, '--', 'true'])

        then:
        three.code == 125
        three.out == ''
        three.summary().contains('not placed, exit 125')
        three.summary().contains('no suitable node')
        three.summary().contains('no node satisfies NVIDIA-GPU=3 (most on one node: 2)')

        and: "its service is gone"
        !E2eRig.jobs(manager).containsKey(jobName(three))

        cleanup:
        if (three) measured << "--gpu 3: first 'no suitable node' on stderr after ${String.format('%.2f', three.firstErr('no suitable node') ?: -1d)}s, " +
                "exit 125 after ${String.format('%.2f', three.seconds)}s (CLI process)"
    }

    def "a drained GPU worker leaves GPU jobs no eligible node; made active, GPU jobs run there again"() {
        given:
        poolIsOurs()

        when:
        Proc drain = swarmops(['worker', 'drain', GPU])
        Proc refused = job(['--gpu', '1', IMAGE, '--', 'true'])

        then: "drained, a GPU job fails fast saying why"
        drain.code == 0
        node(GPU).availability() == 'drain'
        refused.code == 125
        refused.summary().contains('no node satisfies platform.workload==gpu and is active and ready (')
        refused.summary().contains("$GPU is drain/ready")
        !E2eRig.jobs(manager).containsKey(jobName(refused))

        when:
        Proc active = swarmops(['worker', 'drain', GPU, '--active'])
        Proc again = job(['--gpu', '1', IMAGE, '--', 'env'])

        then:
        active.code == 0
        node(GPU).availability() == 'active'
        again.code == 0
        ranOn(again, GPU, 'complete', 0)
        uuidSeen(again) in UUIDS

        cleanup:
        if (refused) measured << "drained GPU worker: 'no node satisfies' exit 125 after ${String.format('%.2f', refused.seconds)}s (CLI process)"
        if (node(GPU)?.availability() == 'drain') {
            E2eRig.apply(manager).nodes().availability(node(GPU).id(), 'active')
        }
    }

    // ---- 6. idempotence, job ls / reap, leave + rm ----

    /** What a no-op enrollment must leave as it was: the workers' files, their engines' pids, their nodes' versions. */
    private Map enrollmentState() {
        [files   : files[CPU].files() + files[GPU].files(),
         pids    : [(CPU): E2eRig.dockerdPid(CPU), (GPU): E2eRig.dockerdPid(GPU)],
         versions: [(CPU): node(CPU).version(), (GPU): node(GPU).version()]]
    }

    private static boolean appliedNothing(Proc p) {
        p.code == 0 && p.out.readLines().find { it.startsWith('Applied: ') }.startsWith('Applied: 0 created, 0 changed, 0 destroyed, ')
    }

    def "re-running both enroll playbooks with --apply changes nothing"() {
        given: "a fresh token, and everything enrollment touches as it is now"
        token = swarmops(['worker', 'token', '--gpu', '--quiet']).out.trim()
        Map before = enrollmentState()

        when:
        Proc cpu = enroll('cpu', CPU)
        Proc gpu = enroll('gpu', GPU)

        then: "both summaries report no mutation, and the plan files are empty"
        appliedNothing(cpu)
        appliedNothing(gpu)
        E2eRig.JSON.readTree(files[CPU].planJson.toFile()).size() == 0
        E2eRig.JSON.readTree(files[GPU].planJson.toFile()).size() == 0

        and: "no file rewritten, no engine restarted, no node updated"
        enrollmentState() == before
        !cpu.all.contains(token)
        !gpu.all.contains(token)
    }

    def "re-running enroll-cpu through another address of the manager changes nothing (#how)"() {
        given: "the manager reachable also as ${OTHER_ADDR} (its second interface; a DNAT rule here), while the worker lists only ${MANAGER_ADDR}"
        List<String> rule = ['OUTPUT', '-t', 'nat', '-p', 'tcp', '-d', OTHER_ADDR.split(':')[0] + '/32', '--dport', '2377',
                             '-j', 'DNAT', '--to-destination', MANAGER_ADDR]
        assert E2eRig.sh(['iptables', '-I'] + rule).code == 0
        assert E2eRig.reads(workerEngine[CPU]).swarm().state().remoteManagers() == [MANAGER_ADDR]
        Map before = enrollmentState()

        when:
        Proc run = E2eRig.startEnroll('cpu', sock[CPU], files[CPU], token,
                ['--manager-addr', OTHER_ADDR, '--restart-dockerd', '--apply'] + extra).await()

        then: "the swarm is recognised by its CA (and the node by the manager): nothing applied, nothing changed"
        appliedNothing(run)
        run.out.contains('= in the swarm of the join token')
        enrollmentState() == before
        !run.all.contains(token)

        cleanup:
        E2eRig.sh(['iptables', '-D'] + rule)

        where:
        how                                         | extra
        'the CA under its data root'                | []
        "with --manager-host: the node's ID there" | ['--manager-host', MANAGER]
    }

    def "`job run` stopped with #signal while its job runs removes the job's service before it exits"() {
        given:
        poolIsOurs()
        E2eRig.Running running = E2eRig.startSwarmops(['job', 'run'] + JOB_TIMEOUT + [IMAGE, '--', 'sleep', '120'])
        String name = E2eRig.waitFor('the job to run') {
            running.result.errLines().find { it ==~ /job-\S+: running.*/ }?.split(':')?.getAt(0)
        }

        when:
        new ProcessBuilder('kill', '-' + signal, running.result.pid.toString()).start().waitFor()
        Proc stopped = running.await()

        then: "it said so, and the service is gone"
        stopped.code == code
        stopped.errLines().contains("$name: interrupted; job service removed".toString())
        !E2eRig.jobs(manager).containsKey(name)

        where:
        signal | code
        'INT'  | 130
        'TERM' | 143
    }

    def "`job run` killed with SIGKILL leaves its job behind, which `job reap` finds and removes once it ended"() {
        given:
        poolIsOurs()
        E2eRig.Running running = E2eRig.startSwarmops(['job', 'run'] + JOB_TIMEOUT + [IMAGE, '--', 'sleep', '3'])
        String name = E2eRig.waitFor('the job to run') {
            running.result.errLines().find { it ==~ /job-\S+: running.*/ }?.split(':')?.getAt(0)
        }

        when:
        new ProcessBuilder('kill', '-KILL', running.result.pid.toString()).start().waitFor()
        Proc killed = running.await()

        then: "nothing could remove it"
        killed.code == 137
        E2eRig.jobs(manager).containsKey(name)

        when: "it ended, and the operator reaps"
        E2eRig.waitFor("$name to finish") { E2eRig.jobs(manager)[name]?.finished() }
        Proc reap = swarmops(['job', 'reap'])

        then:
        reap.code == 0
        reap.out.contains("docker service rm $name")
        !E2eRig.jobs(manager).containsKey(name)
    }

    def "a worker's engine killed mid-job: the job is reported failed, naming the node, and its service removed"() {
        given: "a job running on the CPU worker"
        poolIsOurs()
        E2eRig.Running running = E2eRig.startSwarmops(['job', 'run'] + JOB_TIMEOUT + [IMAGE, '--', 'sleep', '300'])
        String name = E2eRig.waitFor('the job to run') {
            running.result.errLines().find { it ==~ /job-\S+: running.* on $CPU/ }?.split(':')?.getAt(0)
        }

        when: "the worker's engine dies (kill -9)"
        long killed = System.nanoTime()
        new ProcessBuilder('kill', '-9', E2eRig.dockerdPid(CPU)).start().waitFor()
        Proc ended = running.await()
        measured << "worker engine killed mid-job: job reported failed ${String.format('%.1f', (System.nanoTime() - killed) / 1e9d)}s after the kill"

        then: "failed, the node named, no garbled log line; the service gone"
        ended.code == 1
        ended.errLines().last().contains("node $CPU went down while the job was running")
        !ended.err.contains('Error grabbing logs')
        !E2eRig.jobs(manager).containsKey(name)

        cleanup: "the engine back, ready again, as the features after this expect"
        E2eRig.sh([E2eRig.WORKER_SH.toString(), 'restart', CPU])
        E2eRig.waitFor("$CPU to be ready again", 120) { E2eRig.reads(manager).nodes().get(CPU).status() == 'ready' }
    }

    def "`job ls` shows a finished job left behind, and `job reap` removes it"() {
        given: "a job that finished and was never removed (submitted with the primitive, not run by the CLI)"
        String name = LEFTOVER_PREFIX + Long.toString(System.currentTimeMillis(), 36)
        E2eRig.apply(manager).jobs().submit(name,
                new JobRequest(IMAGE, ['echo', 'left behind'], 0, null, null, null, null, null))
        E2eRig.waitFor("$name to complete") { E2eRig.jobs(manager)[name]?.finished() }

        when:
        Proc ls = swarmops(['job', 'ls'])
        Proc lsJson = swarmops(['--json', 'job', 'ls'])
        List<String> row = ls.out.readLines().find { it.startsWith(name + ' ') }?.split(/\s{2,}/)?.toList()
        JsonNode listed = E2eRig.JSON.readTree(lsJson.out).find { it.path('name').asText() == name }

        then:
        ls.code == 0
        ls.out.readLines()[0].split(/\s+/).toList() == ['NAME', 'WORKLOAD', 'NODE', 'STATE', 'AGE', 'EXIT']
        row[0..3] == [name, 'cpu', CPU, 'complete']
        row[5] == '0'
        lsJson.code == 0
        listed.path('finished').asBoolean()
        listed.path('node').asText() == CPU

        when: "reaped with an age it does not have yet"
        Proc young = swarmops(['job', 'reap', '--older-than', '1h'])

        then: "it stays"
        young.code == 0
        young.out.contains('= 0 finished job(s) removed')
        E2eRig.jobs(manager).containsKey(name)

        when:
        Proc reap = swarmops(['job', 'reap'])

        then: "it is removed, and listed no more"
        reap.code == 0
        reap.out.contains("docker service rm $name")
        reap.out.readLines().last() ==~ /= [1-9]\d* finished job\(s\) removed/
        !E2eRig.jobs(manager).containsKey(name)
        !swarmops(['job', 'ls']).out.contains(name)
    }

    def "after #name leaves the swarm (our leave primitive on its engine), `worker rm` removes its node"() {
        given:
        String id = node(name).id()

        when: "the worker leaves through the gate on its own engine"
        E2eRig.apply(workerEngine[name]).swarm().leave(false)

        then:
        E2eRig.reads(workerEngine[name]).swarm().state().localState() == 'inactive'

        when: "the manager has seen it go down, and the operator removes it there"
        E2eRig.waitFor("the manager to see $name down") { E2eRig.nodes(manager).find { it.id() == id }?.status() == 'down' }
        Proc rm = swarmops(['worker', 'rm', name])

        then:
        rm.code == 0
        rm.out.contains("docker node rm $name")
        E2eRig.nodes(manager).every { it.id() != id }
        E2eRig.nodesNamed(manager, name).isEmpty()

        where:
        name << [GPU, CPU]
    }
}
