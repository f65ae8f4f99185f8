package dev.swarmops.doctor

import dev.swarmops.engine.Engine
import dev.swarmops.ops.Jobs
import dev.swarmops.ops.NetworkSpec
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.ServiceSpec
import dev.swarmops.ops.TaskInfo
import dev.swarmops.playbook.PlaybookRig
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.Rig
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPInputStream

/**
 * swarmops doctor against the rig: each check passing where the rig is as the platform wants it,
 * and failing, with its fix, once the fault is arranged — a wrong daemon.json, a missing label, a
 * network without encryption, a platform service on a virtual IP, a closed port, a finished job
 * left behind, a node gone. Everything made here is called spec-doc-… (objects also carry the
 * rig label) and is removed again.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class DoctorRigSpec extends Specification {

    static final String G1 = 'GPU-d0c70000-0000-4000-8000-000000000001'
    static final String G2 = 'GPU-d0c70000-0000-4000-8000-000000000002'
    static final String G3 = 'GPU-d0c70000-0000-4000-8000-000000000003'
    static final List<String> NETWORKS = ['spec-doc-ch', 'spec-doc-jobs']
    static final String JOB = "spec-doc-job-${Rig.RUN}"
    /** Services on a virtual IP: one labelled as the platform's, one not. */
    static final String VIP = "spec-doc-vip-${Rig.RUN}"
    static final String PLAIN = "spec-doc-plain-${Rig.RUN}"

    @Shared
    @TempDir
    Path tmp

    @Shared
    DocWorker cpu

    @Shared
    DocWorker gpu

    /** The GPU worker's own daemon.json (a copy, so a concurrent `mvn clean` cannot take it away), GPU UUIDs, config.toml. */
    @Shared
    Path gpuJson

    @Shared
    Map<String, String> gpuOptions

    def setupSpec() {
        gpuJson = tmp.resolve('gpu-worker.json')
        Files.writeString(gpuJson, Fixtures.text('gpu-worker.json'))
        Files.writeString(tmp.resolve('uuids'), "$G1\n$G2\n")
        Files.writeString(tmp.resolve('uuids-3'), "$G1\n$G2\n$G3\n")
        Files.writeString(tmp.resolve('config.toml'), Fixtures.text('config.toml'))
        Files.writeString(tmp.resolve('config-commented.toml'), '#swarm-resource = "DOCKER_RESOURCE_GPU"\n[nvidia-container-cli]\n')
        gpuOptions = ['--nvidia-smi'   : "cat ${tmp.resolve('uuids')}".toString(),
                      '--nvidia-ctk'   : 'echo NVIDIA Container Toolkit CLI version 1.19.0',
                      '--nvidia-config': tmp.resolve('config.toml').toString()]
        cpu = DocWorker.start('spec-doc-c', null).join()
        gpu = DocWorker.start('spec-doc-g', gpuJson).join(2)
    }

    def cleanupSpec() {
        try {
            Rig.remove([JOB, VIP, PLAIN] + NETWORKS)
        } finally {
            [cpu, gpu].findAll().each { DocWorker w ->
                try {
                    w.remove()
                } catch (Exception e) {
                    System.err.println("doctor specs: could not remove ${w.name}: ${e.message}")
                }
            }
        }
    }

    /** One doctor run, as JSON: the exit code and the findings by check name. */
    static Map doctor(Map<String, String> options = [:], String... flags) {
        List<String> args = ['doctor', '--json'] + flags.toList()
        options.each { k, v -> args += [k, v] }
        CliRun run = Cli.run(args as String[])
        assert run.err == '': run
        List<Map> all = Engine.JSON.readValue(run.out, List)
        [run: run, code: run.code, all: all, by: all.collectEntries { [(it.check): it] }]
    }

    /** Why this test JVM's environment, with no --host, reaches the rig's engine (the rig runs with no DOCKER_HOST or context of its own). */
    static String hereFrom() {
        dev.swarmops.engine.Endpoint.choose(null, null, System.getenv()).source()
    }

    static int pid(DocWorker w) {
        Integer.parseInt(new File("/run/swarmops-rig/${w.name}/dockerd.pid").text.trim())
    }

    /** The lines of this kernel's own configuration; none when /proc/config.gz cannot be read. */
    static List<String> kernelConfig() {
        Path gz = Path.of('/proc/config.gz')
        (Files.isReadable(gz) ? new GZIPInputStream(Files.newInputStream(gz)).withCloseable { new String(it.readAllBytes()) } : '').readLines()
    }

    /** Whether this kernel's own configuration has ESP, read here independently of doctor. */
    static boolean kernelHasEsp() {
        kernelConfig().any { it ==~ /CONFIG_INET_ESP=[ym]/ } && kernelConfig().any { it ==~ /CONFIG_CRYPTO_GCM=[ym]/ }
    }

    /** Whether this kernel has IPVS (loaded, or in its config), read here independently of doctor. */
    static boolean kernelHasIpvs() {
        Files.exists(Path.of('/proc/net/ip_vs')) || kernelConfig().any { it ==~ /CONFIG_IP_VS=[ym]/ }
    }

    static List<NodeInfo> nodes() {
        Rig.dryRun().nodes().list()
    }

    def "the rig manager: engine, swarm and ports pass; kernel and MTU are judged as they are; exit 1 exactly when a check failed"() {
        given: "the rig has one manager"
        assert nodes().count { it.role() == 'manager' } == 1

        when:
        Map d = doctor()
        Map by = d.by

        then:
        by['engine reachable'] == [check: 'engine reachable', status: 'ok', fix: '',
                                   saw  : "${Rig.dryRun().engine().version().engine()} (API 1.45) at unix:///var/run/docker.sock (${hereFrom()})".toString()]
        by['engine API'].status == 'ok'
        by['swarm state'].status == 'ok'
        by['swarm state'].saw.contains("at ${Rig.MANAGER_ADDR}, managers ${Rig.MANAGER_ADDR}:2377")
        by['node role'].status == 'ok'
        by['managers'].status == 'ok'
        by['managers'].saw.startsWith('1 manager(s), all reachable: ')
        by['port 2377/tcp'].status == 'ok'
        by['port 2377/tcp'].saw.startsWith("listening on ${Rig.MANAGER_ADDR}:2377/tcp in /proc/")
        by['port 7946/tcp+udp'].saw.startsWith("listening on ${Rig.MANAGER_ADDR}:7946/tcp, ${Rig.MANAGER_ADDR}:7946/udp in /proc/")
        by['port 4789/udp'].status == 'ok'

        and: "this kernel's ESP support, as its own config says"
        by['kernel ESP'].status == (kernelHasEsp() ? 'ok' : 'fail')
        kernelHasEsp() || by['kernel ESP'].fix.startsWith('load the esp4 / xfrm modules or use a kernel with CONFIG_INET_ESP')

        and: "the bridge the swarm address lives on, with its MTU as /sys says"
        int mtu = Integer.parseInt(Files.readString(Path.of('/sys/class/net/swrig0/mtu')).trim())
        by['overlay MTU'].saw.startsWith("swrig0 (carries ${Rig.MANAGER_ADDR}) has MTU $mtu")
        by['overlay MTU'].status == (mtu < 1500 ? 'fail' : 'ok')

        and: "a fix exactly under what is not ok, and exit 1 exactly when something failed"
        d.all.every { (it.fix == '') == (it.status == 'ok') }
        d.code == (d.all.any { it.status == 'fail' } ? 1 : 0)

        and: "the human form: a header naming the role and why, one line per check, fixes indented"
        CliRun human = Cli.run('doctor')
        human.out.readLines()[0] == "swarmops doctor: endpoint unix:///var/run/docker.sock (${hereFrom()}), as manager (this engine is a swarm manager)".toString()
        human.out.readLines().count { it ==~ /^(ok  |warn|FAIL) [^:]+: .*/ } == d.all.size()
        human.out.readLines().count { it.startsWith('     fix: ') } == d.all.count { it.status != 'ok' }
    }

    def "fake /proc and /sys under the real manager: #what"() {
        given:
        Path root = tmp.resolve("fake-${UUID.randomUUID()}")
        Path proc = Fixtures.fakeProc(root, kernelConfig: config, dropTcp: drop)
        Path sys = Fixtures.fakeSys(root, 'swrig0', mtu)

        when:
        Map by = doctor(['--proc-root': proc.toString(), '--sys-root': sys.toString()]).by

        then:
        [by['kernel ESP'].status, by['port 2377/tcp'].status, by['overlay MTU'].status] == [esp, port, mtuStatus]
        by['port 2377/tcp'].status == 'ok' || by['port 2377/tcp'] == [check: 'port 2377/tcp', status: 'fail',
                saw: "nothing listens on 2377/tcp in ${proc.resolve('net')} (dockerd not found in $proc: this process's network namespace)".toString(),
                fix: "managers accept cluster management on 2377/tcp: check the swarm's listen address (docker info: Swarm; --listen-addr at init/join) and that this engine is a manager"]
        by['overlay MTU'].saw.startsWith("swrig0 (carries ${Rig.MANAGER_ADDR}) has MTU $mtu")

        where:
        what                                    | config          | drop     | mtu  || esp    | port   | mtuStatus
        'ESP built in, jumbo frames'            | 'config-esp'    | []       | 9000 || 'ok'   | 'ok'   | 'ok'
        'no ESP, 2377 closed, 1499 underlay'    | 'config-no-esp' | ['0949'] | 1499 || 'fail' | 'fail' | 'fail'
        'no kernel config at all, tiny MTU'     | null            | []       | 1400 || 'warn' | 'ok'   | 'fail'
    }

    def "a worker's engine checked as manager: it is no manager, and 2377 is closed in its own network namespace"() {
        when:
        Map d = doctor(['--host': cpu.sock, '--role': 'manager'])

        then:
        d.code == 1
        d.by['node role'] == [check: 'node role', status: 'fail', saw: 'checked as manager, but spec-doc-c is a swarm worker',
                              fix  : 'run doctor on a manager (or --host pointing at one), or check this node with --role cpu-worker|gpu-worker']
        d.by['port 2377/tcp'].status == 'fail'
        d.by['port 2377/tcp'].saw == "nothing listens on 2377/tcp in /proc/${pid(cpu)}/net (dockerd pid ${pid(cpu)}, found by its -H ${cpu.sock})"
        d.by['port 2377/tcp'].fix.startsWith('managers accept cluster management on 2377/tcp')

        and: "checks that need the manager API are skipped, not failed"
        !d.by.containsKey('workload labels')
        !d.by.containsKey('managers')
    }

    def "the same worker checked as what it is: cpu-worker by default, its ports and MTU read in its namespace"() {
        when:
        Map d = doctor(['--host': cpu.sock])
        CliRun human = Cli.run('--host', cpu.sock, 'doctor')

        then:
        human.out.readLines()[0] == "swarmops doctor: endpoint ${cpu.sock} (from --host), as cpu-worker (this engine is no swarm manager and advertises no NVIDIA-GPU)"
        d.by['node role'].saw == 'spec-doc-c is a worker, checked as cpu-worker'
        d.by['port 7946/tcp+udp'].status == 'ok'
        d.by['port 7946/tcp+udp'].saw ==~ /listening on .*:7946\/tcp, .*:7946\/udp in \/proc\/${pid(cpu)}\/net .*/
        d.by['port 4789/udp'].status == 'ok'
        d.by['overlay MTU'].saw.startsWith("eth0 (carries ${cpu.ip}) has MTU 1500")

        and: "no GPU or manager check for a CPU worker"
        d.by.keySet().intersect(['GPU resources', 'default-runtime', 'port 2377/tcp', 'workload labels', 'moby#44378 GPU jobs on a network']) == [] as Set
    }

    def "daemon.json on the manager: #file → #check #status"() {
        given: "the manager runs without no-new-privileges and live-restore"
        assert !Rig.dryRun().engine().get('/info').path('SecurityOptions')*.asText().contains('name=no-new-privileges')
        assert !Rig.dryRun().engine().get('/info').path('LiveRestoreEnabled').asBoolean()
        Path path = tmp.resolve("daemon-${UUID.randomUUID()}.json")
        Files.writeString(path, file)

        when:
        Map d = doctor(['--daemon-json': path.toString()])

        then:
        d.by[check].status == status
        d.by[check].fix.contains(fix)
        d.by['daemon.json'].saw.startsWith("$path (--daemon-json) ")
        status != 'fail' || d.code == 1

        where:
        file                                                    | check               || status | fix
        '{"live-restore": true}'                                | 'live-restore'      || 'fail' | 'remove "live-restore" from daemon.json'
        '{"live-restore": false}'                               | 'live-restore'      || 'ok'   | ''
        '{}'                                                    | 'no-new-privileges' || 'warn' | 'add "no-new-privileges": true to daemon.json and restart the engine'
        '{"no-new-privileges": true}'                           | 'no-new-privileges' || 'warn' | 'restart the engine to apply daemon.json'
        '{"log-opts": {"max-size": "50m", "max-file": "5"}}'    | 'log rotation'      || 'ok'   | ''
        '{"log-driver": "json-file"}'                           | 'log rotation'      || 'warn' | '"log-opts": {"max-size": "50m", "max-file": "5"}'
        '{"live-restore": true,'                                | 'daemon.json'       || 'fail' | 'fix the file (check it with: dockerd --validate --config-file'
    }

    def "a daemon.json that does not parse fails once; the checks that need its keys are skipped, not failed again"() {
        given:
        Path path = tmp.resolve('broken.json')
        Files.writeString(path, '{"live-restore": true,')

        when:
        CliRun run = Cli.run('doctor', '--daemon-json', path.toString())

        then:
        run.code == 1
        run.out.readLines().findAll { it.startsWith('FAIL daemon.json: ') }.size() == 1
        !run.out.contains('live-restore:')
        run.out.readLines()[-1].endsWith("3 skipped ($path does not parse)")
    }

    def "a GPU worker set up as enroll-gpu leaves it: gpu-worker by default, and every GPU check passes"() {
        when:
        Map d = doctor(gpuOptions + ['--host': gpu.sock])
        CliRun human = Cli.run('--host', gpu.sock, 'doctor', *gpuOptions.collectMany { k, v -> [k, v] })

        then:
        human.out.readLines()[0] == "swarmops doctor: endpoint ${gpu.sock} (from --host), as gpu-worker (this engine advertises NVIDIA-GPU)"
        ['daemon.json', 'live-restore', 'no-new-privileges', 'log rotation', 'GPU resources', 'nvidia runtime', 'default-runtime',
         'nvidia config.toml', 'nvidia-container-toolkit', 'moby#44378 GPU jobs on a network', 'swarm state', 'node role',
         'port 7946/tcp+udp', 'port 4789/udp'].collectEntries { [(it): d.by[it]?.status] }.findAll { k, v -> v != 'ok' } == [:]

        and: "the daemon.json is the one its dockerd was started with, found on its command line"
        d.by['daemon.json'].saw == "${gpuJson.toRealPath()} (dockerd pid ${pid(gpu)} --config-file) parses: log-driver, log-opts, " +
                'no-new-privileges, node-generic-resources, runtimes, default-runtime'
        d.by['GPU resources'].saw == "2 GPU(s) advertised, as nvidia-smi lists them: $G1, $G2"
        d.by['nvidia-container-toolkit'].saw == 'nvidia-container-toolkit 1.19.0 (echo NVIDIA Container Toolkit CLI version 1.19.0)'
    }

    def "a GPU worker with #fault: #check is #status, with the fix"() {
        given:
        Map<String, String> options = gpuOptions + ['--host': gpu.sock]
        if (daemonJson != null) {
            Path p = tmp.resolve("gpu-${UUID.randomUUID()}.json")
            Map cfg = Engine.JSON.readValue(gpuJson.toFile(), Map)
            Files.writeString(p, Engine.JSON.writeValueAsString(daemonJson(cfg)))
            options['--daemon-json'] = p.toString()
        }
        override.each { k, v -> options[k] = v.replace('TMP', tmp.toString()) }

        when:
        Map d = doctor(options)

        then:
        d.by[check].status == status
        d.by[check].saw.contains(saw)
        d.by[check].fix.contains(fix)
        d.code == 1 || status != 'fail'

        where:
        fault                          | daemonJson                                               | override                                                  || check                      | status | saw                                                    | fix
        'no default-runtime'           | { Map c -> c.remove('default-runtime'); c }              | [:]                                                       || 'default-runtime'          | 'fail' | 'daemon.json sets no "default-runtime" (runc)'         | 'set "default-runtime": "nvidia" in daemon.json and restart the engine'
        'no nvidia runtime'            | { Map c -> c.remove('runtimes'); c }                     | [:]                                                       || 'nvidia runtime'           | 'fail' | 'daemon.json registers no "nvidia" runtime'            | '"runtimes": {"nvidia": {"path": "nvidia-container-runtime", "runtimeArgs": []}}'
        'live-restore'                 | { Map c -> c['live-restore'] = true; c }                 | [:]                                                       || 'live-restore'             | 'fail' | 'incompatible with swarm mode'                         | 'remove "live-restore"'
        'no GPUs in daemon.json'       | { Map c -> c.remove('node-generic-resources'); c }       | [:]                                                       || 'GPU resources'            | 'fail' | 'daemon.json advertises no NVIDIA-GPU'                 | 'swarmops worker daemon-json --gpu'
        'a third GPU not advertised'   | null                                                     | ['--nvidia-smi': 'cat TMP/uuids-3']                       || 'GPU resources'            | 'fail' | "not advertised: [$G3]"                                | 'node-generic-resources'
        'no nvidia-smi'                | null                                                     | ['--nvidia-smi': '/nonexistent/nvidia-smi -L']            || 'GPU resources'            | 'warn' | 'gave nothing to compare: cannot run it'               | '--nvidia-smi CMD'
        'toolkit 1.17.8'               | null                                                     | ['--nvidia-ctk': 'echo nvidia-ctk version 1.17.8']        || 'nvidia-container-toolkit' | 'warn' | 'NVIDIA/nvidia-container-toolkit#1599'                 | 'upgrade nvidia-container-toolkit to 1.19.0 or newer'
        'no toolkit'                   | null                                                     | ['--nvidia-ctk': '/nonexistent/nvidia-ctk --version']     || 'nvidia-container-toolkit' | 'fail' | 'not installed (tried: /nonexistent/nvidia-ctk --version)' | 'install nvidia-container-toolkit 1.19.0 or newer'
        'swarm-resource commented out' | null                                                     | ['--nvidia-config': 'TMP/config-commented.toml']          || 'nvidia config.toml'       | 'fail' | "has '#swarm-resource = \"DOCKER_RESOURCE_GPU\"'"      | 'swarm-resource = "DOCKER_RESOURCE_NVIDIA-GPU"'
        'no config.toml'               | null                                                     | ['--nvidia-config': 'TMP/missing.toml']                   || 'nvidia config.toml'       | 'fail' | 'does not exist'                                       | 'install nvidia-container-toolkit'
    }

    def "an unlabelled worker fails the label check with the command that labels it; labelled, it no longer does"() {
        given: "both workers joined without a label"
        assert cpu.node().workload() == ''
        assert gpu.node().workload() == ''

        when:
        Map by = doctor().by

        then:
        by['workload labels'].status == 'fail'
        by['workload labels'].saw.contains('spec-doc-c (no label)')
        by['workload labels'].saw.contains('spec-doc-g (no label)')
        by['workload labels'].fix.contains('swarmops worker label spec-doc-c --workload cpu')
        by['workload labels'].fix.contains('swarmops worker label spec-doc-g --workload gpu')

        when:
        Rig.apply().nodes().label(cpu.node(), NodeInfo.WORKLOAD_LABEL, 'cpu')
        Rig.apply().nodes().label(gpu.node(), NodeInfo.WORKLOAD_LABEL, 'gpu')
        Map after = doctor().by
        List<String> othersUnlabelled = nodes().findAll { it.role() == 'worker' && !(it.workload() in ['cpu', 'gpu']) }*.hostname()

        then: "neither is named any more; the check passes unless some other worker is unlabelled"
        !after['workload labels'].saw.contains('spec-doc-')
        after['workload labels'].status == (othersUnlabelled ? 'fail' : 'ok')
    }

    def "GPU labels: a gpu label without GPUs fails, GPUs labelled cpu warn, each with the relabel command"() {
        when:
        Rig.apply().nodes().label(cpu.node(), NodeInfo.WORKLOAD_LABEL, 'gpu')
        Map by = doctor().by

        then:
        by['GPU labels'].status == 'fail'
        by['GPU labels'].saw.contains('labelled gpu but advertising no NVIDIA-GPU: ')
        by['GPU labels'].saw.contains('spec-doc-c')
        by['GPU labels'].fix.contains('relabel it: swarmops worker label spec-doc-c --workload cpu')

        when:
        Rig.apply().nodes().label(cpu.node(), NodeInfo.WORKLOAD_LABEL, 'cpu')
        Rig.apply().nodes().label(gpu.node(), NodeInfo.WORKLOAD_LABEL, 'cpu')
        Map idle = doctor().by
        boolean othersFail = nodes().any { it.workload() == 'gpu' && !it.genericResources().containsKey('NVIDIA-GPU') }

        then:
        idle['GPU labels'].status == (othersFail ? 'fail' : 'warn')
        idle['GPU labels'].saw.contains('spec-doc-g (NVIDIA-GPU×2)')
        !idle['GPU labels'].saw.contains('spec-doc-c')
        idle['GPU labels'].fix.contains('swarmops worker label spec-doc-g --workload gpu')

        when:
        Rig.apply().nodes().label(gpu.node(), NodeInfo.WORKLOAD_LABEL, 'gpu')
        Map fine = doctor().by

        then:
        !fine['GPU labels'].saw.contains('labelled cpu: spec-doc-g') && !fine['GPU labels'].saw.contains('spec-doc-c')
        fine['GPU labels'].saw.contains('spec-doc-g (NVIDIA-GPU×2, gpu)') || fine['GPU labels'].status != 'ok'
    }

    def "networks: one without encryption fails with the fix, one as install-manager creates it passes, a missing one fails"() {
        given:
        Rig.apply().networks().create(new NetworkSpec('spec-doc-ch', true, true, false, 1450, Rig.LABELS))
        Rig.apply().networks().create(new NetworkSpec('spec-doc-jobs', false, true, false, null, Rig.LABELS))
        NETWORKS.each { Rig.allocatedNetwork(it) }

        when:
        Map by = doctor(['--challenges-network': 'spec-doc-ch', '--jobs-network': 'spec-doc-jobs']).by

        then:
        by['network spec-doc-ch'] == [check: 'network spec-doc-ch', status: 'ok', saw: 'spec-doc-ch: overlay, encrypted, MTU 1450, attachable', fix: '']
        by['network spec-doc-jobs'].status == 'fail'
        by['network spec-doc-jobs'].saw == 'spec-doc-jobs: not encrypted, MTU default (1500 minus VXLAN), not 1450, not internal (job containers can reach outside)'
        by['network spec-doc-jobs'].fix == 'a network cannot be changed in place: remove the services using spec-doc-jobs, docker network rm spec-doc-jobs, ' +
                'then swarmops run playbooks/install-manager.groovy --apply (docker network create --driver overlay --attachable --opt encrypted ' +
                '--opt com.docker.network.driver.mtu=1450 --internal spec-doc-jobs)'
        !by.containsKey('network platform_jobs_internal')

        when: "recreated as install-manager creates it"
        Rig.remove(['spec-doc-jobs'])
        Rig.apply().networks().create(new NetworkSpec('spec-doc-jobs', true, true, true, 1450, Rig.LABELS))
        Rig.allocatedNetwork('spec-doc-jobs')
        Map fixed = doctor(['--challenges-network': 'spec-doc-ch', '--jobs-network': 'spec-doc-jobs']).by

        then:
        fixed['network spec-doc-jobs'].status == 'ok'
        fixed['network spec-doc-jobs'].saw == 'spec-doc-jobs: overlay, encrypted, MTU 1450, internal, attachable'

        when:
        Map missing = doctor(['--challenges-network': 'spec-doc-ch', '--jobs-network': 'spec-doc-absent']).by

        then:
        missing['network spec-doc-absent'].status == 'fail'
        missing['network spec-doc-absent'].saw == 'spec-doc-absent does not exist'
        missing['network spec-doc-absent'].fix.startsWith('swarmops run playbooks/install-manager.groovy --apply creates it')

        cleanup:
        Rig.remove(NETWORKS)
    }

    @Requires({ !DoctorRigSpec.kernelHasIpvs() })
    def "endpoint mode without IPVS: a platform service on a virtual IP fails with the command that moves it to dnsrr, which fixes it"() {
        given: "a service labelled as the platform's and one that is not, both on a virtual IP"
        [VIP, PLAIN].each { String name ->
            ServiceSpec spec = new ServiceSpec(name).image(Rig.IMAGE).replicas(0).endpointMode('vip').label(Rig.LABEL, Rig.RUN).args(['true'])
            Rig.apply().services().create(name == VIP ? spec.label('platform.role', 'spec') : spec)
        }

        when:
        Map d = doctor()
        Map by = d.by

        then: "only the platform's service is named, with its fix"
        d.code == 1
        by['endpoint mode'].status == 'fail'
        by['endpoint mode'].saw.contains(VIP)
        by['endpoint mode'].saw.contains('the kernel has no IPVS')
        !by['endpoint mode'].saw.contains(PLAIN)
        by['endpoint mode'].fix.contains("docker service update --endpoint-mode dnsrr $VIP")
        !by['endpoint mode'].fix.contains(PLAIN)

        when: "the fix is run"
        PlaybookRig.Cmd update = PlaybookRig.docker('service', 'update', '--endpoint-mode', 'dnsrr', VIP)
        Map after = doctor().by
        boolean othersOnVip = Rig.dryRun().services().list('platform.role').any {
            it.path('Spec').path('EndpointSpec').path('Mode').asText('vip') == 'vip' && it.path('Spec').path('Name').asText() != VIP
        }

        then: "the service is no longer named; the check passes unless another platform service is on a virtual IP"
        update.code == 0
        !after['endpoint mode'].saw.contains(VIP)
        !after['endpoint mode'].fix.contains(VIP)
        after['endpoint mode'].status == (othersOnVip ? 'fail' : 'ok')

        cleanup:
        Rig.remove([VIP, PLAIN])
    }

    def "a finished job left behind: warned about with swarmops job reap, and by moby#52652 for the GPU it still reserves"() {
        given: "a GPU job that runs to completion on the GPU worker and is not removed"
        Rig.apply().services().create(new ServiceSpec(JOB).image(Rig.IMAGE).mode(ServiceSpec.Mode.REPLICATED_JOB).replicas(1)
                .restartCondition('none').constraint("node.hostname==${gpu.name}").genericResource('NVIDIA-GPU', 1)
                .label(Jobs.LABEL, 'gpu').label(Rig.LABEL, Rig.RUN).args(['true']))
        Rig.await("$JOB to complete") { Rig.dryRun().services().tasks(JOB).find { TaskInfo t -> t.state() == 'complete' } }

        when:
        Map by = doctor().by

        then:
        by['finished jobs'].status == 'warn'
        by['finished jobs'].saw.contains("$JOB (complete, ")
        by['finished jobs'].saw.contains(" on spec-doc-g)")
        by['finished jobs'].fix == 'swarmops job reap (add --older-than 1h to keep recent ones for inspection)'
        by['moby#52652 finished jobs hold capacity'].status == 'warn'
        by['moby#52652 finished jobs hold capacity'].saw.contains("$JOB on spec-doc-g (NVIDIA-GPU×1)")
        by['moby#52652 finished jobs hold capacity'].fix == 'swarmops job reap'

        when:
        Rig.apply().services().remove(JOB)
        Map after = doctor().by
        boolean othersFinished = Rig.dryRun().jobs().list().any { it.finished() }

        then:
        !after['finished jobs'].saw.contains(JOB)
        !after['moby#52652 finished jobs hold capacity'].saw.contains(JOB)
        after['finished jobs'].status == (othersFinished ? 'warn' : 'ok')

        cleanup:
        Rig.remove([JOB])
    }

    def "a worker that left: nodes down names it and how to remove it; its engine, checked, is in no swarm"() {
        given:
        String id = cpu.node().id()

        when:
        cpu.leave()
        Rig.await('spec-doc-c to be down in the node list') { nodes().find { it.id() == id }?.status() == 'down' }
        Map by = doctor().by

        then:
        by['nodes down'].status == 'warn'
        by['nodes down'].saw.contains("spec-doc-c (down, ${id.take(12)})")
        by['nodes down'].fix.contains('swarmops worker rm spec-doc-c')

        when:
        Map own = doctor(['--host': cpu.sock])

        then:
        own.code == 1
        own.by['swarm state'] == [check: 'swarm state', status: 'fail', saw: 'inactive: this engine is in no swarm',
                                  fix  : 'join it: swarmops run playbooks/enroll-cpu.groovy --manager-addr MANAGER:2377 --apply (token in $JOIN_TOKEN)']
        !own.by.containsKey('port 7946/tcp+udp')

        when:
        Rig.apply().nodes().remove(id, true)

        then:
        !doctor().by['nodes down'].saw.contains('spec-doc-c')
    }
}
