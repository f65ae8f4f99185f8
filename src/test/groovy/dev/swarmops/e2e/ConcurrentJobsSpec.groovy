package dev.swarmops.e2e

import dev.swarmops.engine.Engine
import dev.swarmops.ops.JobRequest
import dev.swarmops.ops.Jobs
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.e2e.E2eRig.IMAGE
import static dev.swarmops.e2e.E2eRig.MANAGER
import static dev.swarmops.e2e.E2eRig.Proc

/**
 * Issue 10 §3 and §4 on the rig: two CPU workers and a worker with two (fake) GPUs; thirty jobs
 * at once through one JVM (the jobs DSL's runAll) and through thirty `job run` processes. Every
 * job runs exactly once, GPU jobs never share a GPU while they run, nothing is left behind.
 * The same loads by the docker CLI and the single-job round trip are measured beside them; the
 * figures are printed (docs/benchmarks.md, bench/jobs.sh), never asserted.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class ConcurrentJobsSpec extends Specification {

    static final List<String> CPUS = ['e2e-load-c1', 'e2e-load-c2']
    static final String GPU = 'e2e-load-g'
    static final List<String> UUIDS = ['GPU-10ad0aaa-1111-2222-3333-444444444444', 'GPU-10ad0bbb-1111-2222-3333-444444444444']
    static final int JOBS = 30
    static final int GPU_JOBS = 6
    static final String ENV_LINE = 'DOCKER_RESOURCE_NVIDIA-GPU='

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    Engine manager
    @Shared
    Path tmp
    @Shared
    Map<String, Engine> workers = [:]
    @Shared
    Map<String, String> paused = [:]
    @Shared
    boolean createdNetwork
    @Shared
    List<String> measured = []

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('ConcurrentJobsSpec')
        manager = E2eRig.engine(MANAGER)
        List<String> ours = CPUS + [GPU]
        E2eRig.sweep(manager, ours)
        paused = E2eRig.pauseOtherSpecWorkers(manager, ours)
        tmp = Files.createTempDirectory('swarmops-load-')
        E2eRig.WorkerFiles gpuFiles = E2eRig.WorkerFiles.create(tmp, GPU, '{}', UUIDS)
        Path cpuJson = tmp.resolve('cpu-daemon.json')
        E2eRig.write(cpuJson, '{}\n')
        Path gpuJson = tmp.resolve('gpu-daemon.json')
        E2eRig.write(gpuJson, E2eRig.JSON.writeValueAsString(['node-generic-resources': UUIDS.collect { 'NVIDIA-GPU=' + it },
                'default-runtime': 'nvidia', runtimes: [nvidia: [path: gpuFiles.runtime.toString()]]]))
        (CPUS.collectEntries { [(it): ['cpu', cpuJson]] } + [(GPU): ['gpu', gpuJson]]).each { String name, List how ->
            Proc add = E2eRig.sh([E2eRig.WORKER_SH.toString(), 'add', name, '--daemon-json', how[1].toString(), '--join', how[0]])
            assert add.code == 0: add
            workers[name] = E2eRig.engine(E2eRig.sh([E2eRig.WORKER_SH.toString(), 'sock', name]).out.trim())
        }
        List<String> foreign = E2eRig.foreignPool(manager, ours)
        assert foreign.isEmpty(): E2eRig.foreignPoolMessage(foreign)
        createdNetwork = E2eRig.ensureJobsNetwork(manager)
    }

    def cleanupSpec() {
        try {
            workers.values()*.close()
            E2eRig.sweep(manager, [], 'e2e-load-')
            (CPUS + [GPU]).each { E2eRig.removeWorker(manager, it) }
            E2eRig.restoreAvailability(manager, paused)
            if (createdNetwork) {
                E2eRig.removeJobsNetwork(manager)
            }
            manager?.close()
            E2eRig.deleteTree(tmp)
        } finally {
            rigLock?.close()
            if (measured) {
                System.err.println('jobs measured (not asserted):\n  ' + measured.join('\n  '))
            }
        }
    }

    // ---- helpers ----

    /** Job i prints its index, the uptime (one clock for every netns) around a second of work, and a GPU job its GPU. */
    static List<String> command(int i) {
        String gpu = i < GPU_JOBS ? "tr '\\0' '\\n' </proc/1/environ | grep '^$ENV_LINE'; " : ''
        ['sh', '-c', "echo idx=$i; ${gpu}echo up0=\$(cut -d' ' -f1 /proc/uptime); sleep 1; echo up1=\$(cut -d' ' -f1 /proc/uptime)".toString()]
    }

    /** One job's output lines parsed: idx, up0, up1 and the GPU it saw. */
    static Map parse(List<String> lines) {
        Map m = [:]
        lines.each { String l ->
            if (l.startsWith(ENV_LINE)) {
                m.gpu = l.substring(ENV_LINE.length())
            } else if (l ==~ /(idx|up0|up1)=[0-9.]+/) {
                m[l.split('=')[0]] = l.split('=')[1]
            }
        }
        m
    }

    /** Every job ran once; GPU jobs each had a GPU of the worker, never one another running job held. */
    static void exactlyOnceAndGpusApart(List<Map> outputs) {
        assert outputs*.idx.collect { it as int }.sort() == (0..<JOBS).toList()
        gpusApart(outputs)
    }

    static void gpusApart(List<Map> outputs) {
        List<Map> gpuJobs = outputs.findAll { (it.idx as int) < GPU_JOBS }
        assert gpuJobs.every { it.gpu in UUIDS }
        assert outputs.findAll { (it.idx as int) >= GPU_JOBS }.every { it.gpu == null }
        gpuJobs.each { Map a ->
            gpuJobs.each { Map b ->
                boolean overlap = a.idx != b.idx && (a.up0 as BigDecimal) < (b.up1 as BigDecimal) && (b.up0 as BigDecimal) < (a.up1 as BigDecimal)
                assert !(overlap && a.gpu == b.gpu): "jobs ${a.idx} and ${b.idx} held ${a.gpu} at the same time"
            }
        }
    }

    /** No job service and no job container of this load left anywhere. */
    void nothingLeftBehind(Set<String> servicesBefore) {
        assert (E2eRig.jobs(manager).keySet() - servicesBefore).isEmpty()
        E2eRig.waitFor('the workers to remove the job containers', 60) {
            workers.values().every { Engine w ->
                w.get('/containers/json?all=1').every { !it.path('Labels').path('com.docker.swarm.service.name').asText().startsWith('job-') }
            }
        }
    }

    static double pct(List<Double> xs, double p) {
        List<Double> s = xs.sort(false)
        s[Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1)]
    }

    static String figures(String what, double total, List<Double> perJob) {
        String.format('%s: total %.2fs, per job p50 %.2fs, p95 %.2fs', what, total, pct(perJob, 0.5), pct(perJob, 0.95))
    }

    /**
     * The docker CLI's way of running one job: create (it waits for the end), logs, rm. A create
     * still waiting after 90 s prints the task's error instead of the logs.
     */
    static List<String> dockerJob(int i) {
        String name = "e2e-load-cli-$i-${System.nanoTime() % 100000}"
        String placement = i < GPU_JOBS ? "--constraint node.labels.platform.workload==gpu --generic-resource NVIDIA-GPU=1"
                : '--constraint node.labels.platform.workload==cpu'
        String cmd = command(i)[2].replace("'", "'\\''")
        ['sh', '-c', "if timeout 90 docker service create -q --detach=false --mode replicated-job --restart-condition none $placement " +
                "--network ${JobRequest.DEFAULT_NETWORK} --name $name $IMAGE sh -c '$cmd' >/dev/null 2>&1; then docker service logs --raw $name; " +
                "else docker service ps --no-trunc --format 'error: {{.Error}}' $name; fi; docker service rm $name >/dev/null".toString()]
    }

    // ---- features ----

    def "thirty jobs through one JVM (jobs.runAll): each runs once, GPUs never shared while busy, nothing left behind"() {
        given:
        Set<String> before = E2eRig.jobs(manager).keySet()
        Path playbook = tmp.resolve('thirty.groovy')
        E2eRig.write(playbook, """\
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook
description 'thirty jobs at once'
step('run') {
    def results = jobs.runAll((0..<$JOBS).collect { int i -> i < $GPU_JOBS ?
        [image: '$IMAGE', gpu: 1, cmd: ${command(0).take(2).inspect()} + [CMDS[i]], timeout: '5m'] :
        [image: '$IMAGE', cmd: ${command(0).take(2).inspect()} + [CMDS[i]], timeout: '5m'] })
    results.each { r -> say "result \${r.name()} exit \${r.exitCode()} on \${r.node()}" }
}
""".replace('CMDS', ((0..<JOBS).collect { command(it)[2] }).inspect()))

        when: "its output (stdout too) timed line by line"
        Proc run = E2eRig.start(['sh', '-c', 'exec "$@" 1>&2', 'sh'] + E2eRig.launcher() + ['run', playbook.toString(), '--apply'],
                E2eRig.env([:])).await()
        List<String> lines = run.errLines()
        Map<String, List<String>> byJob = lines.findAll { it.contains('| job-') }.groupBy { it.split('\\| ')[1].split(':')[0] }
                .collectEntries { k, v -> [(k): v.collect { it.substring(it.indexOf(': ') + 2) }] }
        List<String> results = lines.findAll { it.contains('result job-') }

        then:
        run.code == 0
        results.size() == JOBS
        results.every { it ==~ /.*result job-\S+ exit 0 on e2e-load-(c1|c2|g)/ }
        byJob.size() == JOBS
        exactlyOnceAndGpusApart(byJob.values().collect { parse(it) })
        nothingLeftBehind(before)

        cleanup:
        if (run?.code == 0) {
            List<Double> ends = byJob.keySet().collect { String n -> run.errTimed.find { (it[1] as String) ==~ /.*$n: complete.*/ }[0] as double }
            measured << figures("$JOBS jobs ($GPU_JOBS GPU) through one JVM, jobs.runAll (end = its 'complete' line)", run.seconds, ends)
        }
    }

    def "thirty `job run` processes at once: each runs once, GPUs never shared while busy, nothing left behind; the docker CLI beside them"() {
        given:
        Set<String> before = E2eRig.jobs(manager).keySet()

        when:
        long t0 = System.nanoTime()
        List<E2eRig.Running> started = (0..<JOBS).collect { int i ->
            E2eRig.startSwarmops(['job', 'run', '--timeout', '5m'] + (i < GPU_JOBS ? ['--gpu', '1'] : []) + [IMAGE, '--'] + command(i))
        }
        List<Proc> runs = started*.await()
        double total = (System.nanoTime() - t0) / 1e9d

        then:
        runs.every { it.code == 0 && it.summary() ==~ /job-\S+ complete on e2e-load-(c1|c2|g), exit 0(: .*)?/ }
        exactlyOnceAndGpusApart(runs.collect { parse(it.out.readLines()) })
        nothingLeftBehind(before)

        when: "the same load by the docker CLI: thirty create --detach=false; logs; rm sequences at once"
        long c0 = System.nanoTime()
        List<Proc> cli = (0..<JOBS).collect { int i -> E2eRig.start(dockerJob(i), E2eRig.env([:])) }*.await()
        double cliTotal = (System.nanoTime() - c0) / 1e9d
        List<Map> cliDid = cli.collect { parse(it.out.readLines()) }.findAll { it.idx != null }

        then: "each did the same work, or hung because its node turned the task away (swarmops submits such a job again)"
        cli.every { it.code == 0 && (it.out.contains('idx=') || it.out.contains(Jobs.TURNED_AWAY)) }
        gpusApart(cliDid)

        cleanup:
        if (runs && cli) {
            measured << figures("$JOBS jobs ($GPU_JOBS GPU) as $JOBS `swarmops job run` processes", total, runs*.seconds)
            measured << figures("$JOBS jobs ($GPU_JOBS GPU) as $JOBS docker CLI sequences", cliTotal, cli*.seconds) +
                    (cliDid.size() < JOBS ? " (${JOBS - cliDid.size()} hung until the 90 s limit: task turned away)" : '')
        }
    }

    def "one trivial CPU job at a time: swarmops beside the docker CLI, and how soon its end is seen"() {
        when: "ten in a row each way, alternating"
        List<Proc> ours = []
        List<Proc> theirs = []
        List<Double> lag = []
        10.times {
            E2eRig.Running r = E2eRig.startSwarmops(['job', 'run', '--timeout', '2m', IMAGE, '--', 'sleep', '1'])
            String name = E2eRig.waitFor('the job to be submitted', 60) { r.result.errLines().find { it ==~ /job-\S+: .*/ }?.split(':')?.getAt(0) }
            // the engine's answer, read every 5 ms: the moment it first says complete
            String tasks = '/tasks?filters=' + URLEncoder.encode("{\"service\":[\"$name\"]}", 'UTF-8')
            Double engineSays = null
            while (engineSays == null && r.process.alive) {
                if (manager.get(tasks).any { it.path('Status').path('State').asText() == 'complete' }) {
                    engineSays = (System.nanoTime() - r.started) / 1e9d
                }
                Thread.sleep(5)
            }
            ours << r.await()
            Double seen = ours.last().firstErr("$name: complete")
            if (seen != null && engineSays != null) {
                lag << (seen - engineSays) * 1000
            }
            theirs << E2eRig.start(['sh', '-c', "docker service create -q --detach=false --mode replicated-job --restart-condition none " +
                    "--constraint node.labels.platform.workload==cpu --network ${JobRequest.DEFAULT_NETWORK} --name e2e-load-one-$it $IMAGE sleep 1 " +
                    ">/dev/null 2>&1 && docker service logs --raw e2e-load-one-$it; docker service rm e2e-load-one-$it >/dev/null".toString()],
                    E2eRig.env([:])).await()
        }

        then:
        ours.every { it.code == 0 }
        theirs.every { it.code == 0 }

        cleanup:
        if (ours && theirs && lag) {
            double a = pct(ours*.seconds, 0.5)
            double b = pct(theirs*.seconds, 0.5)
            measured << String.format('one trivial CPU job (sleep 1), median of 10: swarmops job run %.2fs, docker CLI create+logs+rm %.2fs (%.2f×)', a, b, a / b)
            measured << String.format('its end seen after the engine first reported it: median %.0f ms, max %.0f ms (engine read every 5 ms)',
                    pct(lag, 0.5), lag.max())
        }
    }
    def "a job whose node goes down runs again on another node when asked (--rerun-on-node-loss 1), and nothing is left behind"() {
        given: "a job running on one of the CPU workers"
        Set<String> before = E2eRig.jobs(manager).keySet()
        E2eRig.Running running = E2eRig.startSwarmops(['job', 'run', '--timeout', '3m', '--rerun-on-node-loss', '1', IMAGE, '--',
                                                       'sh', '-c', 'sleep 6; echo done'])
        List<String> first = E2eRig.waitFor('the job to run') {
            String l = running.result.errLines().find { it ==~ /job-\S+: running.* on e2e-load-c\d/ }
            l ? [l.split(':')[0], l.split(' on ')[1]] : null
        }
        String other = (CPUS - first[1])[0]

        when: "that worker's engine dies (kill -9)"
        E2eRig.sh(['kill', '-9', E2eRig.dockerdPid(first[1])])
        Proc ended = running.await()

        then: "it ran again, as a new job, on the other CPU worker, and its exit is that run's"
        ended.code == 0
        ended.out.trim() == 'done'
        ended.summary() ==~ /job-\S+ complete on ${other}, exit 0(: .*)?/
        ended.errLines().any {
            it.startsWith("${first[0]}: node ${first[1]} went down while the job was running") && it.contains('; re-running it as job-') && it.endsWith('(1 of 1)')
        }
        (E2eRig.jobs(manager).keySet() - before).isEmpty()

        cleanup: "the engine back, ready again"
        if (first) {
            E2eRig.sh([E2eRig.WORKER_SH.toString(), 'restart', first[1]])
            E2eRig.waitFor("${first[1]} to be ready again", 120) { E2eRig.reads(manager).nodes().get(first[1]).status() == 'ready' }
        }
    }
}
