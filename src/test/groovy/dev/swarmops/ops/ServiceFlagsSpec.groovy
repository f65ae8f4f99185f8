package dev.swarmops.ops

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import com.fasterxml.jackson.databind.node.TextNode
import spock.lang.Shared
import spock.lang.Specification

class ServiceFlagsSpec extends Specification {

    static final String IMAGE = 'swarmops/busybox:rig'

    /** Names ↔ ids without an engine: network "n" has id "id-n". */
    @Shared
    ServiceRefs refs = new ServiceRefs() {
        JsonNode networkId(String name) { TextNode.valueOf('id-' + name) }

        String networkName(String id) { id.replaceFirst('^id-', '') }

        JsonNode dataId(String kind, String name) { TextNode.valueOf("$kind-id-$name") }
    }

    ObjectNode live(ServiceSpec spec) {
        spec.overlay(null, refs)
    }

    def "a spec with every field reads back as the docker flags that would create it"() {
        given: "a service mentioning every field the primitives support"
        ObjectNode body = live(new ServiceSpec('spec-svc').image(IMAGE).args(['sleep', '3600']).replicas(2)
                .restartCondition('on-failure').constraint('node.role == manager').limitCpu('0.5').limitMemory('2g')
                .limitPids(64).genericResource('NVIDIA-GPU', 1).network('spec-net').publishHost(80, 18080)
                .mount('tmpfs', null, '/scratch', false).mount('volume', 'data', '/data', true)
                .secret('db_pw', 'db').config('cfg', '/etc/app.conf').env('A', '1').label('team', 'ops')
                .hostname('h1').user('nobody').updateOrder('stop-first').readOnly(true).capDrop('net_raw'))

        when:
        Map<String, List<String>> flags = ServiceFlags.read(body, refs)

        then: "each field is one flag, lists keep their order, ids are shown as names"
        flags == [
                'replicas'         : ['2'],
                'restart-condition': ['on-failure'],
                'constraint'       : ['node.role==manager'],
                'limit-cpu'        : ['0.5'],
                'limit-memory'     : ['2g'],
                'limit-pids'       : ['64'],
                'generic-resource' : ['NVIDIA-GPU=1'],
                'network'          : ['spec-net'],
                'publish'          : ['mode=host,target=80,published=18080,protocol=tcp'],
                'mount'            : ['type=tmpfs,target=/scratch', 'type=volume,source=data,target=/data,readonly'],
                'secret'           : ['source=db_pw,target=db'],
                'config'           : ['source=cfg,target=/etc/app.conf'],
                'env'              : ['A=1'],
                'label'            : ['team=ops'],
                'hostname'         : ['h1'],
                'user'             : ['nobody'],
                'update-order'     : ['stop-first'],
                'read-only'        : ['true'],
                'cap-drop'         : ['NET_RAW'],
                'image'            : [IMAGE],
                'args'             : ['sleep', '3600'],
        ]

        and: "the create command is one copy-pasteable line that never resolves the image"
        ServiceFlags.create('spec-svc', flags).build().render() ==
                'docker service create --name spec-svc --replicas 2 --restart-condition on-failure ' +
                '--constraint node.role==manager --limit-cpu 0.5 --limit-memory 2g --limit-pids 64 ' +
                '--generic-resource NVIDIA-GPU=1 --network spec-net --publish mode=host,target=80,published=18080,protocol=tcp ' +
                '--mount type=tmpfs,target=/scratch --mount type=volume,source=data,target=/data,readonly ' +
                '--secret source=db_pw,target=db --config source=cfg,target=/etc/app.conf --env A=1 --label team=ops ' +
                '--hostname h1 --user nobody --update-order stop-first --read-only --cap-drop NET_RAW ' +
                '--no-resolve-image swarmops/busybox:rig sleep 3600'
    }

    def "the body carries what the flags say: ids for names, limits in engine units"() {
        when:
        ObjectNode body = live(new ServiceSpec('spec-svc').image(IMAGE).limitCpu('1.5').limitMemory('512m').limitPids(64)
                .genericResource('NVIDIA-GPU', 2).network('spec-net').secret('db_pw', 'db'))
        JsonNode task = body.path('TaskTemplate')

        then:
        task.path('Resources').path('Limits').path('NanoCPUs').asLong() == 1_500_000_000L
        task.path('Resources').path('Limits').path('MemoryBytes').asLong() == 512L * 1024 * 1024
        task.path('Resources').path('Limits').path('Pids').asLong() == 64L
        task.path('Resources').path('Reservations').path('GenericResources').get(0).path('DiscreteResourceSpec').path('Kind').asText() == 'NVIDIA-GPU'
        task.path('Resources').path('Reservations').path('GenericResources').get(0).path('DiscreteResourceSpec').path('Value').asLong() == 2L
        task.path('Networks').get(0).path('Target').asText() == 'id-spec-net'
        task.path('ContainerSpec').path('Secrets').get(0).path('SecretID').asText() == 'secret-id-db_pw'
        task.path('ContainerSpec').path('Secrets').get(0).path('File').path('Name').asText() == 'db'
    }

    def "a replicated job renders its mode, completions and concurrency exactly as the body sends them"() {
        given:
        ObjectNode body = live(new ServiceSpec('spec-job').image(IMAGE).mode(ServiceSpec.Mode.REPLICATED_JOB).replicas(3)
                .restartCondition('none'))

        when:
        Map<String, List<String>> flags = ServiceFlags.read(body, refs)

        then: "the body is a replicated job running all completions at once"
        body.path('Mode').path('ReplicatedJob').path('TotalCompletions').asLong() == 3L
        body.path('Mode').path('ReplicatedJob').path('MaxConcurrent').asLong() == 3L
        !body.path('Mode').has('Replicated')

        and: "the command says the same (docker's own default concurrency would be 1)"
        ServiceFlags.create('spec-job', flags).build().render() ==
                'docker service create --name spec-job --mode replicated-job --replicas 3 --max-concurrent 3 ' +
                '--restart-condition none --no-resolve-image swarmops/busybox:rig'
    }

    def "changing one limit gives exactly one diff line and an update naming only that flag"() {
        given: "a live service limited to 2g, and a spec that mentions only the memory limit"
        Map<String, List<String>> before = ServiceFlags.read(live(new ServiceSpec('spec-svc').image(IMAGE).limitMemory('2g').limitPids(64)), refs)
        ObjectNode liveBody = live(new ServiceSpec('spec-svc').image(IMAGE).limitMemory('2g').limitPids(64))
        Map<String, List<String>> after = ServiceFlags.read(new ServiceSpec('spec-svc').limitMemory('4g').overlay(liveBody, refs), refs)

        expect:
        ServiceFlags.diff(before, after) == ['limit-memory: 2g → 4g']
        ServiceFlags.update('spec-svc', before, after).build().render() ==
                'docker service update --limit-memory 4g --no-resolve-image spec-svc'
    }

    def "list flags update as -rm and -add pairs keyed the way docker removes them"() {
        given:
        ObjectNode liveBody = live(new ServiceSpec('spec-svc').image(IMAGE).env('A', '1').env('B', '2')
                .constraint('node.role==worker').mount('tmpfs', null, '/old', false).secret('s1', 's1'))
        Map<String, List<String>> before = ServiceFlags.read(liveBody, refs)
        Map<String, List<String>> after = ServiceFlags.read(new ServiceSpec('spec-svc').env('A', '1').env('C', '3')
                .constraint('node.labels.platform.workload==gpu').mount('tmpfs', null, '/new', false).secret('s2', 't2')
                .overlay(liveBody, refs), refs)

        expect:
        ServiceFlags.update('spec-svc', before, after).build().render() ==
                'docker service update --constraint-rm node.role==worker ' +
                '--constraint-add node.labels.platform.workload==gpu --mount-rm /old --mount-add type=tmpfs,target=/new ' +
                '--secret-rm s1 --secret-add source=s2,target=t2 --env-rm B --env-add C=3 --no-resolve-image spec-svc'
        ServiceFlags.diff(before, after) == [
                'constraint: node.role==worker → node.labels.platform.workload==gpu',
                'mount: type=tmpfs,target=/old → type=tmpfs,target=/new',
                'secret: source=s1,target=s1 → source=s2,target=t2',
                'env: A=1, B=2 → A=1, C=3',
        ]
    }

    def "a host-mode port is removed by its whole spec, the only form docker's --publish-rm matches"() {
        given:
        ObjectNode liveBody = live(new ServiceSpec('spec-svc').image(IMAGE).publishHost(80, 18080))
        Map<String, List<String>> before = ServiceFlags.read(liveBody, refs)
        Map<String, List<String>> after = ServiceFlags.read(new ServiceSpec('spec-svc').publishHost(80, 18081).overlay(liveBody, refs), refs)

        expect:
        ServiceFlags.update('spec-svc', before, after).build().render() ==
                'docker service update --publish-rm mode=host,target=80,published=18080,protocol=tcp ' +
                '--publish-add mode=host,target=80,published=18081,protocol=tcp --no-resolve-image spec-svc'
    }

    def "scalar flags are replaced whole, and switching read-only off is explicit"() {
        given:
        ObjectNode liveBody = live(new ServiceSpec('spec-svc').image(IMAGE).replicas(1).readOnly(true).args(['sleep', '1']))
        Map<String, List<String>> before = ServiceFlags.read(liveBody, refs)
        Map<String, List<String>> after = ServiceFlags.read(new ServiceSpec('spec-svc').replicas(3).readOnly(false)
                .args(['sh', '-c', 'echo hi']).overlay(liveBody, refs), refs)

        expect:
        ServiceFlags.update('spec-svc', before, after).build().render() ==
                "docker service update --replicas 3 --args 'sh -c '\\''echo hi'\\''' --read-only=false --no-resolve-image spec-svc"
        ServiceFlags.diff(before, after) == ['replicas: 1 → 3', 'args: sleep, 1 → sh, -c, echo hi', 'read-only: true → (none)']
    }

    def "a spec that mentions nothing new changes nothing"() {
        given:
        ObjectNode liveBody = live(new ServiceSpec('spec-svc').image(IMAGE).limitMemory('2g').env('A', '1'))

        when:
        Map<String, List<String>> before = ServiceFlags.read(liveBody, refs)
        Map<String, List<String>> after = ServiceFlags.read(new ServiceSpec('spec-svc').limitMemory('2048m').overlay(liveBody, refs), refs)

        then: "2048m is 2g: no diff, and an update would name no flag"
        ServiceFlags.diff(before, after) == []
        ServiceFlags.update('spec-svc', before, after).build().render() == 'docker service update --no-resolve-image spec-svc'
    }

    def "fields a spec does not mention keep their live values on update"() {
        given: "a live service with a user and labels the spec does not mention"
        ObjectNode liveBody = live(new ServiceSpec('spec-svc').image(IMAGE).user('nobody').label('a', '1').limitPids(10))

        when:
        ObjectNode want = new ServiceSpec('spec-svc').limitPids(20).overlay(liveBody, refs)

        then:
        want.path('TaskTemplate').path('ContainerSpec').path('User').asText() == 'nobody'
        want.path('Labels').path('a').asText() == '1'
        want.path('TaskTemplate').path('ContainerSpec').path('Image').asText() == IMAGE
        want.path('TaskTemplate').path('Resources').path('Limits').path('Pids').asLong() == 20L
    }

    def "malformed service fields are refused with the field's name"() {
        when:
        build()

        then:
        BadInputException e = thrown()
        e.message.startsWith(prefix)

        where:
        prefix               | build
        'service name:'      | { new ServiceSpec('-bad') }
        'image:'             | { new ServiceSpec('s').image('has space') }
        'restart-condition:' | { new ServiceSpec('s').restartCondition('always') }
        'constraint:'        | { new ServiceSpec('s').constraint('node.role') }
        'update-order:'      | { new ServiceSpec('s').updateOrder('random') }
        'mount type:'        | { new ServiceSpec('s').mount('nfs', 'x', '/x', false) }
        'mount target:'      | { new ServiceSpec('s').mount('tmpfs', null, 'relative', false) }
        'publish:'           | { new ServiceSpec('s').publishHost(0, 80) }
        'generic-resource:'  | { new ServiceSpec('s').genericResource('NVIDIA GPU', 1) }
        'generic-resource:'  | { new ServiceSpec('s').genericResource('NVIDIA-GPU', 0) }
        'env:'               | { new ServiceSpec('s').env('1A', 'x') }
        'replicas:'          | { new ServiceSpec('s').replicas(-1) }
        'config cfg:'        | { new ServiceSpec('s').config('cfg', 'relative') }
    }

    def "engine log frames are demultiplexed, and unframed output passes through"() {
        given:
        ByteArrayOutputStream framed = new ByteArrayOutputStream()
        [[1, 'hello '], [2, 'from stderr\n'], [1, 'done\n']].each { int stream, String text ->
            byte[] payload = text.getBytes('UTF-8')
            framed.write([stream, 0, 0, 0, 0, 0, 0, payload.length] as byte[])
            framed.write(payload)
        }

        expect:
        Services.demux(framed.toByteArray()) == 'hello from stderr\ndone\n'
        Services.demux('plain tty output\n'.getBytes('UTF-8')) == 'plain tty output\n'
        Services.demux(new byte[0]) == ''
    }
}
