package dev.swarmops.doctor

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.host.EndpointMode
import dev.swarmops.ops.Jobs
import dev.swarmops.ops.NodeInfo
import spock.lang.Specification

import java.time.Instant

import static dev.swarmops.doctor.Fixtures.node

/** What the manager sees, judged from canned nodes, networks, services and jobs: quorum, nodes down, labels, networks, endpoint modes, leftovers, engine bugs. */
class ClusterChecksSpec extends Specification {

    def "managers #managers: #status"() {
        when:
        List<NodeInfo> nodes = managers.withIndex().collect { String st, int i -> node(host: "m$i", role: 'manager', manager: st) } +
                [node(host: 'w1', workload: 'cpu')]
        Finding f = SwarmChecks.managers(nodes)

        then:
        f.status() == status
        f.saw().startsWith(saw)

        where:
        managers                                                 || status      | saw
        ['leader']                                               || Status.OK   | '1 manager(s), all reachable: m0 (leader); no manager failure tolerated'
        ['leader', 'reachable', 'reachable']                     || Status.OK   | '3 manager(s), all reachable'
        ['leader', 'reachable']                                  || Status.WARN | '2 managers: an even count tolerates no more failures than 1'
        ['leader', 'reachable', 'unreachable']                   || Status.WARN | '1 of 3 managers unreachable (quorum holds, 2 needed)'
        ['leader', 'unreachable', 'unreachable']                 || Status.FAIL | 'quorum lost: 1 of 3 managers reachable, 2 needed'
        ['leader', 'reachable', 'unreachable', 'unreachable']    || Status.FAIL | 'quorum lost: 2 of 4 managers reachable, 3 needed'
        ['leader', 'reachable', 'reachable', 'unreachable', 'unreachable'] || Status.WARN | '2 of 5 managers unreachable (quorum holds, 3 needed)'
    }

    def "nodes down are listed with the command that removes them"() {
        when:
        Finding f = SwarmChecks.down([node(host: 'vm', role: 'manager', manager: 'leader'), node(host: 'gpu-1', status: 'down', id: 'abcdefabcdef0123'),
                                      node(host: 'cpu-1', availability: 'drain')])

        then:
        f.status() == Status.WARN
        f.saw() == '1 of 3 node(s) not ready: gpu-1 (down, abcdefabcdef); not taking tasks: cpu-1 (drain)'
        f.fix() == 'start the engine there (systemctl start docker), or remove a node that is gone: swarmops worker rm gpu-1'

        and: "all ready: ok, drained ones noted"
        SwarmChecks.down([node(host: 'vm'), node(host: 'cpu-1', availability: 'pause')]).with {
            status() == Status.OK && saw() == '2 node(s) ready; not taking tasks: cpu-1 (pause)'
        }
    }

    def "a worker without platform.workload cpu|gpu fails, with a label command per node"() {
        when:
        Finding f = ClusterChecks.labels([node(host: 'vm', role: 'manager'), node(host: 'cpu-1', workload: 'cpu'),
                                          node(host: 'new-1'), node(host: 'gpu-9', gpus: 2), node(host: 'odd', workload: 'tpu')])

        then: "the manager needs no label"
        f.status() == Status.FAIL
        f.saw() == '3 of 4 worker(s) without platform.workload cpu|gpu, so no job is ever placed there: new-1 (no label), gpu-9 (no label), odd (platform.workload=tpu)'
        f.fix() == 'swarmops worker label new-1 --workload cpu; swarmops worker label gpu-9 --workload gpu; swarmops worker label odd --workload cpu'

        and:
        ClusterChecks.labels([node(host: 'vm', role: 'manager'), node(host: 'a', workload: 'cpu'), node(host: 'b', workload: 'gpu', gpus: 1)])
                .saw() == '2 worker(s) labelled: 1 cpu, 1 gpu'
        ClusterChecks.labels([node(host: 'vm', role: 'manager')]).saw() == 'no worker yet'
    }

    def "two nodes share a hostname: the fix names the node by id"() {
        when:
        Finding f = ClusterChecks.labels([node(host: 'twin', id: 'aaaa1111', workload: 'cpu'), node(host: 'twin', id: 'bbbb2222')])

        then:
        f.fix() == 'swarmops worker label bbbb2222 --workload cpu'
    }

    def "GPU labels: #what"() {
        when:
        Finding f = ClusterChecks.gpuLabels(nodes)

        then:
        [f.status(), f.saw(), f.fix()] == [status, saw, fix]

        where:
        what                        | nodes                                                                           || status      | saw | fix
        'agree'                     | [node(host: 'g', workload: 'gpu', gpus: 2), node(host: 'c', workload: 'cpu')]   || Status.OK   | 'labels agree with advertised GPUs: g (NVIDIA-GPU×2, gpu)' | ''
        'no GPU node'               | [node(host: 'c', workload: 'cpu')]                                              || Status.OK   | 'no node advertises NVIDIA-GPU and none is labelled gpu' | ''
        'gpu label, no GPUs'        | [node(host: 'g', workload: 'gpu')]                                              || Status.FAIL | 'labelled gpu but advertising no NVIDIA-GPU: g; GPU jobs constrained there can never be placed' | 'enroll g as a GPU worker (enroll-gpu advertises its GPUs), or relabel it: swarmops worker label g --workload cpu'
        'GPUs, cpu label'           | [node(host: 'g', workload: 'cpu', gpus: 1)]                                     || Status.WARN | 'advertising NVIDIA-GPU but labelled cpu: g (NVIDIA-GPU×1); GPU jobs never go there, CPU jobs do' | 'swarmops worker label g --workload gpu'
        'both'                      | [node(host: 'a', workload: 'gpu'), node(host: 'b', workload: 'cpu', gpus: 1)]   || Status.FAIL | 'labelled gpu but advertising no NVIDIA-GPU: a; GPU jobs constrained there can never be placed; also advertising NVIDIA-GPU but labelled cpu: b (NVIDIA-GPU×1); GPU jobs never go there, CPU jobs do' | 'enroll a as a GPU worker (enroll-gpu advertises its GPUs), or relabel it: swarmops worker label a --workload cpu; swarmops worker label b --workload gpu'
    }

    def "network #name as #spec: #status"() {
        given:
        Map n = [Name: name, Driver: spec.driver ?: 'overlay', Internal: spec.internal ?: false, Attachable: true,
                 Options: (spec.encrypted ? [encrypted: ''] : [:]) + (spec.mtu ? ['com.docker.network.driver.mtu': "${spec.mtu}"] : [:])]

        when:
        Finding f = ClusterChecks.network(name, jobs, 1450, Optional.of(Fixtures.json(FakeJson.write(n))))

        then:
        f.status() == status
        f.saw() == "$name: $saw"
        f.fix().contains(fix)

        where:
        name                     | jobs  | spec                                               || status      | saw                                                         | fix
        'platform_challenges'    | false | [encrypted: true, mtu: 1450]                       || Status.OK   | 'overlay, encrypted, MTU 1450, attachable'                  | ''
        'platform_jobs_internal' | true  | [encrypted: true, mtu: 1450, internal: true]       || Status.OK   | 'overlay, encrypted, MTU 1450, internal, attachable'        | ''
        'platform_jobs_internal' | true  | [encrypted: true, mtu: 1450]                       || Status.FAIL | 'not internal (job containers can reach outside)'           | 'docker network rm platform_jobs_internal'
        'platform_challenges'    | false | [mtu: 1450]                                        || Status.FAIL | 'not encrypted'                                             | '--opt encrypted --opt com.docker.network.driver.mtu=1450 platform_challenges'
        'platform_challenges'    | false | [encrypted: true]                                  || Status.FAIL | 'MTU default (1500 minus VXLAN), not 1450'                  | 'a network cannot be changed in place'
        'platform_jobs_internal' | true  | [driver: 'bridge']                                 || Status.FAIL | 'driver bridge, not overlay, not encrypted, MTU default (1500 minus VXLAN), not 1450, not internal (job containers can reach outside)' | '--internal platform_jobs_internal'
    }

    def "a missing network fails with the playbook that creates it"() {
        when:
        Finding f = ClusterChecks.network('platform_jobs_internal', true, 1450, Optional.empty())

        then:
        f.status() == Status.FAIL
        f.saw() == 'platform_jobs_internal does not exist'
        f.fix() == 'swarmops run playbooks/install-manager.groovy --apply creates it (docker network create --driver overlay --attachable ' +
                '--opt encrypted --opt com.docker.network.driver.mtu=1450 --internal platform_jobs_internal)'
    }

    static final EndpointMode NO_IPVS = new EndpointMode('dnsrr',
            'auto: the kernel has no IPVS (CONFIG_IP_VS is not set in /proc/config.gz), so a virtual IP would never answer')
    static final EndpointMode IPVS = new EndpointMode('vip', 'auto: the kernel has IPVS (CONFIG_IP_VS=m in /proc/config.gz)')

    /** Platform services by name, each with this endpoint mode (null: a spec without one, which the engine runs on vip). */
    static Map<String, JsonNode> platformServices(Map<String, String> modes) {
        modes.collectEntries { name, mode ->
            [(name): Fixtures.json(FakeJson.write([Spec: [Name: name, Labels: ['platform.role': 'x']] + (mode ? [EndpointSpec: [Mode: mode]] : [:])]))]
        }
    }

    def "endpoint mode: #what"() {
        when:
        Finding f = ClusterChecks.endpointMode(want, platformServices(modes))

        then:
        [f.status(), f.saw(), f.fix()] == [status, saw, fix]

        where:
        what                                      | want    | modes                                                                   || status      | saw | fix
        'dnsrr wanted, a platform service on vip' | NO_IPVS | ['platform-master-postgres': 'dnsrr', 'platform-master-broker': 'vip']  || Status.FAIL | 'unreachable by name, on a virtual IP where the kernel has no IPVS (CONFIG_IP_VS is not set in /proc/config.gz), so a virtual IP would never answer: platform-master-broker' | 'docker service update --endpoint-mode dnsrr platform-master-broker (install-manager.groovy chooses dnsrr here with endpoint_mode: auto)'
        'dnsrr wanted, two on vip, one by default' | NO_IPVS | ['platform-master-proxy': null, 'challenge-prism-postgres': 'vip', 'platform-master-postgres': 'dnsrr'] || Status.FAIL | 'unreachable by name, on a virtual IP where the kernel has no IPVS (CONFIG_IP_VS is not set in /proc/config.gz), so a virtual IP would never answer: challenge-prism-postgres, platform-master-proxy' | 'docker service update --endpoint-mode dnsrr challenge-prism-postgres; docker service update --endpoint-mode dnsrr platform-master-proxy (install-manager.groovy chooses dnsrr here with endpoint_mode: auto)'
        'dnsrr wanted, all on dnsrr'              | NO_IPVS | ['platform-master-postgres': 'dnsrr', 'platform-master-broker': 'dnsrr'] || Status.OK   | "install-manager's auto chooses dnsrr — the kernel has no IPVS (CONFIG_IP_VS is not set in /proc/config.gz), so a virtual IP would never answer; 2 platform service(s), 2 on dnsrr" | ''
        'dnsrr wanted, no platform service yet'   | NO_IPVS | [:]                                                                     || Status.OK   | "install-manager's auto chooses dnsrr — the kernel has no IPVS (CONFIG_IP_VS is not set in /proc/config.gz), so a virtual IP would never answer; no platform service yet" | ''
        'vip wanted, services on vip'             | IPVS    | ['platform-master-postgres': 'vip', 'platform-master-broker': null]    || Status.OK   | "install-manager's auto chooses vip — the kernel has IPVS (CONFIG_IP_VS=m in /proc/config.gz); 2 platform service(s), 0 on dnsrr" | ''
        'vip wanted, a service on dnsrr'          | IPVS    | ['platform-master-postgres': 'dnsrr']                                   || Status.OK   | "install-manager's auto chooses vip — the kernel has IPVS (CONFIG_IP_VS=m in /proc/config.gz); 1 platform service(s), 1 on dnsrr" | ''
    }

    def "finished jobs not reaped are listed with state, age and node"() {
        given:
        Instant now = Instant.parse('2026-01-01T12:00:00Z')
        List<Jobs.JobInfo> jobs = [
                new Jobs.JobInfo('job-a', 'cpu', 'cpu-1', 'complete', true, now.minusSeconds(7200), 0),
                new Jobs.JobInfo('job-b', 'gpu', 'gpu-1', 'running', false, now.minusSeconds(30), null),
                new Jobs.JobInfo('job-c', 'gpu', '', 'rejected', true, now.minusSeconds(90), null)]

        when:
        Finding f = ClusterChecks.finishedJobs(jobs, now)

        then:
        f.status() == Status.WARN
        f.saw() == '2 finished job service(s) not reaped: job-a (complete, 2h old, on cpu-1), job-c (rejected, 1m old)'
        f.fix() == 'swarmops job reap (add --older-than 1h to keep recent ones for inspection)'

        and:
        ClusterChecks.finishedJobs(jobs.findAll { !it.finished() }, now).with { status() == Status.OK && saw() == 'no finished job left behind (1 job(s) not finished)' }
    }

    def "moby#44378 by GPU node engine: #engines"() {
        when:
        Finding f = EngineChecks.gpuNetworkBug(engines)

        then:
        f.status() == status
        f.saw().startsWith(saw)
        f.fix().contains(fix)

        where:
        engines                                          || status      | saw                                                        | fix
        [:]                                              || Status.OK   | 'no GPU node in the swarm'                                 | ''
        ['gpu-1': '26.1.5+dfsg1', 'gpu-2': '25.0.0']     || Status.OK   | 'GPU nodes run engine 25.0 or newer: gpu-1 26.1.5+dfsg1, gpu-2 25.0.0' | ''
        ['gpu-1': '24.0.7']                              || Status.WARN | 'engine before 25.0 on gpu-1 24.0.7: GPUs advertised by UUID (NVIDIA-GPU=GPU-…) work with a network since 23.0, counted ones (NVIDIA-GPU=2) only since swarmkit#3162 (January 2024)' | 'upgrade the engine there to 25.0 or newer'
        ['gpu-1': '23.0.0', 'gpu-2': '20.10.24']         || Status.FAIL | 'engine before 23.0 on gpu-2 20.10.24: a task reserving a GPU and attached to a network is rejected on the worker (moby#44378)' | 'upgrade the engine there to 25.0'
        ['gpu-1': 'dev']                                 || Status.WARN | "engine before 25.0 on gpu-1 (engine version 'dev' unreadable)" | 'upgrade'
    }

    def "the GPU nodes moby#44378 looks at: labelled gpu, or advertising GPUs"() {
        expect:
        EngineChecks.gpuNodeEngines([node(host: 'vm', role: 'manager', engine: '26.1.5'), node(host: 'a', workload: 'gpu', engine: '20.10.1'),
                                     node(host: 'b', gpus: 1, engine: '24.0.0'), node(host: 'c', workload: 'cpu', engine: '19.03')]) ==
                [a: '20.10.1', b: '24.0.0']
    }

    def "moby#52652: finished jobs that still reserve capacity"() {
        expect:
        EngineChecks.finishedJobsHoldCapacity('26.1.5', []).with { status() == Status.OK && saw().endsWith('; no finished job holds a reservation') }
        EngineChecks.finishedJobsHoldCapacity('26.1.5', ['job-a on gpu-1 (NVIDIA-GPU×1)']).with {
            status() == Status.WARN && saw().endsWith('; 1 finished job(s) still reserve capacity: job-a on gpu-1 (NVIDIA-GPU×1)') &&
                    saw().contains('moby#52652') && fix() == 'swarmops job reap'
        }
    }

    def "a service's reservations as the finding shows them"() {
        expect:
        EngineChecks.reservations(Fixtures.json(FakeJson.write([Spec: [TaskTemplate: [Resources: [Reservations: reservations]]]]))) == text

        where:
        reservations                                                                                       || text
        [:]                                                                                                || ''
        [GenericResources: [[DiscreteResourceSpec: [Kind: 'NVIDIA-GPU', Value: 1]]]]                       || 'NVIDIA-GPU×1'
        [NanoCPUs: 500000000, MemoryBytes: 536870912]                                                     || 'cpu 0.5, memory 512m'
        [GenericResources: [[NamedResourceSpec: [Kind: 'NVIDIA-GPU', Value: 'GPU-1']]], MemoryBytes: 1024] || 'NVIDIA-GPU=GPU-1, memory 1k'
    }
}
