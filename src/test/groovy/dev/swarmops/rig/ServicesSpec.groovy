package dev.swarmops.rig

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.gate.Outcome
import dev.swarmops.gate.Sensitive
import dev.swarmops.ops.NetworkSpec
import dev.swarmops.ops.ServiceSpec
import dev.swarmops.ops.SwarmOps
import dev.swarmops.ops.TaskInfo
import dev.swarmops.testkit.Rig
import dev.swarmops.testkit.RigWorker
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * Services through the gate, verified by reading the engine's objects back: create with every
 * field, update by diff, tasks with state and error, a replicated job with a GPU reservation and
 * a pids limit on the worker, removal.
 */
@Stepwise
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class ServicesSpec extends Specification {

    static final String SVC = 'spec-svc'
    static final List<String> NAMES = [SVC, 'spec-svc-starved', 'spec-svc-gpujob', 'spec-svc-dry', 'spec-svc-net', 'spec-svc-secret',
                                       'spec-svc-config']
    /** Exits within a second of SIGTERM (a plain `sleep` as pid 1 would ignore it for the whole grace period). */
    static final List<String> IDLE = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done']

    @Shared
    SwarmOps ops = Rig.apply()

    def setupSpec() {
        ops.networks().create(new NetworkSpec('spec-svc-net', false, true, false, null, Rig.LABELS))
        ops.secrets().create('spec-svc-secret', Sensitive.of('spec', 'not-a-real-secret', Sensitive.Encoding.BASE64), Rig.LABELS)
        ops.configs().create('spec-svc-config', Sensitive.of('spec', 'mode=test\n', Sensitive.Encoding.BASE64), Rig.LABELS)
    }

    def cleanupSpec() {
        Rig.remove(NAMES)
    }

    static JsonNode spec(String name) {
        Rig.engine().get("/services/$name").path('Spec')
    }

    def "a service is created through the gate, and the engine stores every field the spec names"() {
        given:
        ServiceSpec want = new ServiceSpec(SVC).image(Rig.IMAGE).args(IDLE).replicas(1).restartCondition('any')
                .constraint('node.role==manager').limitCpu('0.5').limitMemory('2g').limitPids(64)
                .network('spec-svc-net').publishHost(80, 38080).mount('tmpfs', null, '/scratch', false)
                .secret('spec-svc-secret', 'token').config('spec-svc-config', '/etc/spec.conf')
                .env('MODE', 'test').label(Rig.LABEL, Rig.RUN).hostname('spec-host').user('nobody')
                .updateOrder('stop-first').readOnly(true).capDrop('net_raw')

        when:
        Outcome o = ops.services().create(want)
        JsonNode s = spec(SVC)
        JsonNode c = s.path('TaskTemplate').path('ContainerSpec')
        JsonNode limits = s.path('TaskTemplate').path('Resources').path('Limits')

        then: "the plan was one docker command that does not resolve the image"
        o.applied()
        o.mutation().cli().startsWith("docker service create --name $SVC --replicas 1 --restart-condition any")
        o.mutation().cli().contains('--no-resolve-image swarmops/busybox:rig sh -c ')

        and: "the engine's spec has each field"
        s.path('Mode').path('Replicated').path('Replicas').asInt() == 1
        s.path('TaskTemplate').path('RestartPolicy').path('Condition').asText() == 'any'
        s.path('TaskTemplate').path('Placement').path('Constraints')*.asText() == ['node.role==manager']
        limits.path('NanoCPUs').asLong() == 500_000_000L
        limits.path('MemoryBytes').asLong() == 2L * 1024 * 1024 * 1024
        limits.path('Pids').asLong() == 64L
        s.path('TaskTemplate').path('Networks')[0].path('Target').asText() == Rig.engine().get('/networks/spec-svc-net').path('Id').asText()
        s.path('EndpointSpec').path('Ports')[0].path('PublishMode').asText() == 'host'
        s.path('EndpointSpec').path('Ports')[0].path('PublishedPort').asInt() == 38080
        c.path('Image').asText() == Rig.IMAGE
        c.path('Args')*.asText() == IDLE
        c.path('Mounts')[0].path('Type').asText() == 'tmpfs'
        c.path('Mounts')[0].path('Target').asText() == '/scratch'
        c.path('Secrets')[0].path('SecretName').asText() == 'spec-svc-secret'
        c.path('Secrets')[0].path('File').path('Name').asText() == 'token'
        c.path('Configs')[0].path('ConfigName').asText() == 'spec-svc-config'
        c.path('Configs')[0].path('File').path('Name').asText() == '/etc/spec.conf'
        c.path('Env')*.asText() == ['MODE=test']
        s.path('Labels').path(Rig.LABEL).asText() == Rig.RUN
        c.path('Hostname').asText() == 'spec-host'
        c.path('User').asText() == 'nobody'
        s.path('UpdateConfig').path('Order').asText() == 'stop-first'
        c.path('ReadOnly').asBoolean()
        c.path('CapabilityDrop')*.asText() == ['NET_RAW']

        and: "read back, the live service already matches the spec: nothing to update"
        !ops.services().update(want).present
    }

    def "its task runs, and the task list shows the state"() {
        when:
        TaskInfo task = Rig.await('the service task to run') { ops.services().tasks(SVC).find { it.state() == 'running' } }

        then:
        task.desiredState() == 'running'
        task.error() == ''
        !task.terminal()
        task.nodeId() == Rig.dryRun().swarm().state().nodeId()
    }

    def "an update changes only the field it mentions: one diff line, one flag"() {
        given:
        long version = Rig.engine().get("/services/$SVC").path('Version').path('Index').asLong()

        when:
        Outcome o = ops.services().update(new ServiceSpec(SVC).limitMemory('4g')).get()
        JsonNode s = spec(SVC)

        then: "the plan names exactly the change"
        o.applied()
        o.mutation().diff() == ['limit-memory: 2g → 4g']
        o.mutation().cli() == "docker service update --limit-memory 4g --no-resolve-image $SVC"

        and: "the engine has the new limit and everything else as it was"
        s.path('TaskTemplate').path('Resources').path('Limits').path('MemoryBytes').asLong() == 4L * 1024 * 1024 * 1024
        s.path('TaskTemplate').path('Resources').path('Limits').path('Pids').asLong() == 64L
        s.path('TaskTemplate').path('ContainerSpec').path('Env')*.asText() == ['MODE=test']
        s.path('TaskTemplate').path('ContainerSpec').path('User').asText() == 'nobody'
        Rig.engine().get("/services/$SVC").path('Version').path('Index').asLong() > version

        and: "the same update again sends nothing"
        !ops.services().update(new ServiceSpec(SVC).limitMemory('4g')).present
    }

    def "a task nothing can run stays pending, and the task list says why"() {
        when:
        ops.services().create(new ServiceSpec('spec-svc-starved').image(Rig.IMAGE).args(IDLE).label(Rig.LABEL, Rig.RUN)
                .genericResource('NVIDIA-GPU', 99))
        TaskInfo task = Rig.await('the scheduler to give up on the task') {
            ops.services().tasks('spec-svc-starved').find { it.state() == 'pending' && it.problem().contains('insufficient resources') }
        }

        then:
        task.problem().startsWith('no suitable node')
        !task.terminal()
        task.nodeId() == ''
    }

    def "a replicated job reserving a GPU each runs to completion on the worker that advertises them, under its pids limit"() {
        given:
        RigWorker worker = RigWorker.shared().ensureJoined()
        // the engine passes the GPU as DOCKER_RESOURCE_NVIDIA-GPU; sh drops such names from its children, so read pid 1's own
        String script = 'tr "\\0" "\\n" </proc/1/environ | grep "^DOCKER_RESOURCE_NVIDIA-GPU="; ' +
                'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max'

        when:
        Outcome o = ops.services().create(new ServiceSpec('spec-svc-gpujob').image(Rig.IMAGE).mode(ServiceSpec.Mode.REPLICATED_JOB)
                .replicas(2).restartCondition('none').genericResource('NVIDIA-GPU', 1).limitPids(32)
                .constraint("node.hostname==${worker.name}").label(Rig.LABEL, Rig.RUN).args(['sh', '-c', script]))
        List<TaskInfo> tasks = Rig.await('both job tasks to finish') {
            List<TaskInfo> t = ops.services().tasks('spec-svc-gpujob')
            t.size() == 2 && t.every { it.terminal() } ? t : null
        }
        String logs = Rig.await('the job output') {
            String l = ops.services().logs('spec-svc-gpujob')
            l.readLines().count { it.startsWith('DOCKER_RESOURCE_NVIDIA-GPU=') } == 2 ? l : null
        }
        JsonNode s = spec('spec-svc-gpujob')

        then: "the engine stores a job of two completions, run at once, each reserving one GPU, with a pids limit"
        o.mutation().cli().contains('--mode replicated-job --replicas 2 --max-concurrent 2')
        s.path('Mode').path('ReplicatedJob').path('TotalCompletions').asInt() == 2
        s.path('Mode').path('ReplicatedJob').path('MaxConcurrent').asInt() == 2
        s.path('TaskTemplate').path('Resources').path('Reservations').path('GenericResources')[0]
                .path('DiscreteResourceSpec').path('Kind').asText() == 'NVIDIA-GPU'
        s.path('TaskTemplate').path('Resources').path('Limits').path('Pids').asLong() == 32L

        and: "both tasks completed on the worker"
        tasks*.state() == ['complete', 'complete']
        tasks*.exitCode() == [0, 0]
        tasks*.nodeId().unique() == [worker.nodeId()]

        and: "each was handed a different one of the worker's GPUs, and ran with the pids limit"
        logs.readLines().findAll { it.startsWith('DOCKER_RESOURCE_NVIDIA-GPU=') }*.split('=', 2)*.getAt(1).sort() == RigWorker.GPUS
        logs.readLines().count { it.trim() == '32' } == 2
    }

    def "a dry-run create plans the command and creates nothing"() {
        given:
        Map before = Rig.snapshot()

        when:
        Outcome o = Rig.dryRun().services().create(new ServiceSpec('spec-svc-dry').image(Rig.IMAGE).limitPids(8).network('spec-svc-net'))

        then:
        !o.applied()
        o.mutation().cli() == 'docker service create --name spec-svc-dry --limit-pids 8 --network spec-svc-net --no-resolve-image swarmops/busybox:rig'
        !Rig.dryRun().services().find('spec-svc-dry').present
        Rig.snapshot() == before
    }

    def "removing the services through the gate leaves none of them"() {
        when:
        List<Outcome> removed = [SVC, 'spec-svc-starved', 'spec-svc-gpujob'].collect { ops.services().remove(it) }

        then:
        removed*.mutation()*.cli() == ["docker service rm $SVC", 'docker service rm spec-svc-starved', 'docker service rm spec-svc-gpujob']*.toString()
        [SVC, 'spec-svc-starved', 'spec-svc-gpujob'].every { !Rig.dryRun().services().find(it).present }
        Rig.dryRun().services().list(Rig.LABEL).every { !(it.path('Spec').path('Name').asText() in [SVC, 'spec-svc-starved', 'spec-svc-gpujob']) }
    }
}
