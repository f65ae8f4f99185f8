package dev.swarmops.platform

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.gate.PlanJson
import dev.swarmops.host.DaemonJson
import dev.swarmops.ops.JobRequest
import dev.swarmops.ops.NodeInfo
import dev.swarmops.playbook.PlaybookRig
import org.yaml.snakeyaml.Yaml
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * What install-manager.groovy plans for the real master, read from the plan itself (a dry-run
 * against no engine, as a newcomer's first run): the master's own image and command, a
 * master.yaml of keys the master reads whose ports, broker URL and secret paths agree with the
 * services, every *_file a secret mounted on each service that reads it, and no secret value
 * anywhere in the plan or its output.
 */
class InstallManagerPlanSpec extends Specification {

    static final Path DEMO_ENV = PlaybookRig.PROJECT.resolve('playbooks/demo.env')

    @Shared
    Map<String, String> env
    @Shared
    PlaybookRig.Run run
    @Shared
    JsonNode plan
    @Shared
    Path workspace

    def setupSpec() {
        // a workspace directory that does not exist yet, so its creation is planned
        Path tmp = Files.createTempDirectory('swarmops-plan-spec')
        workspace = tmp.resolve('broker-workspace')
        Path config = tmp.resolve('config.yaml')
        config.text = "master: {config: {docker: {broker_workspace_dir: $workspace}}}\n"
        env = [:]
        DEMO_ENV.eachLine { l -> if (l && !l.startsWith('#')) env[l.substring(0, l.indexOf('='))] = l.substring(l.indexOf('=') + 1) }
        env.GHCR_USER = 'octo'
        env.GHCR_TOKEN = 'ghcr-' + UUID.randomUUID()
        run = PlaybookRig.run(PlaybookRig.NOWHERE, env, ['--advertise-addr', '127.0.0.1', '--static-challenges', '--install-supervisor',
                                                         '--config', config.toString()])
        PlaybookRig.deleteTree(tmp)
        plan = PlanJson.of(run.result.outcomes())
    }

    JsonNode created(String kind, String name) {
        plan.find { it.path('kind').asText() == kind && it.path('target').asText() == name }
    }

    JsonNode service(String name) {
        JsonNode s = created('service.create', name)
        assert s != null: "no service.create $name in the plan:\n$run"
        s.path('api').path('body')
    }

    Map masterYaml() {
        JsonNode w = plan.find { it.path('kind').asText() == 'file.write' && it.path('target').asText() == '/etc/platform/master.yaml' }
        assert w != null: run.toString()
        new Yaml().load(w.path('content').asText()) as Map
    }

    static List<String> secretTargets(JsonNode svc) {
        svc.path('TaskTemplate').path('ContainerSpec').path('Secrets').collect { '/run/secrets/' + it.path('File').path('Name').asText() }
    }

    def "the plan is the whole bring-up, exit 0"() {
        expect:
        run.result.exitCode() == 0
        run.summary().startsWith('Plan: ')
        ['platform-master-postgres', 'challenge-agent-challenge-postgres', 'challenge-prism-postgres', 'platform-master-broker',
         'platform-master-proxy', 'challenge-agent-challenge', 'challenge-agent-challenge-worker', 'challenge-prism'].every {
            created('service.create', it) != null
        }
        plan.findAll { it.path('kind').asText() == 'secret.create' }.size() == 13
    }

    def "#role runs the one master image as 'platform master #role --config', port #port on both sides, stop-first"() {
        given:
        JsonNode s = service(name)
        JsonNode c = s.path('TaskTemplate').path('ContainerSpec')
        String script = c.path('Args')[2].asText()

        expect:
        c.path('Image').asText() == 'ghcr.io/platformnetwork/platform-master:latest'
        c.path('Args')[0].asText() == '/bin/sh' && c.path('Args')[1].asText() == '-c'
        script.endsWith("exec platform master $role --config /etc/platform/master.yaml")
        s.path('EndpointSpec').path('Ports').collect { [it.path('TargetPort').asInt(), it.path('PublishedPort').asInt(), it.path('PublishMode').asText()] } ==
                [[port, port, 'host']]
        s.path('UpdateConfig').path('Order').asText() == 'stop-first'
        s.path('TaskTemplate').path('Placement').path('Constraints').collect { it.asText() } == ['node.role==manager']
        c.path('Configs').collect { it.path('File').path('Name').asText() } == ['/etc/platform/master.yaml']
        c.path('User').asText() == user

        where:
        role     | name                     | port  || user
        'proxy'  | 'platform-master-proxy'  | 18080 || ''
        'broker' | 'platform-master-broker' | 18082 || 'root'
    }

    def "the broker binds the engine socket and its workspace at the same path, created through the gate"() {
        given:
        JsonNode mounts = service('platform-master-broker').path('TaskTemplate').path('ContainerSpec').path('Mounts')

        expect:
        mounts.collect { [it.path('Type').asText(), it.path('Source').asText(), it.path('Target').asText()] }.containsAll([
                ['bind', '/var/run/docker.sock', '/var/run/docker.sock'],
                ['bind', workspace.toString(), workspace.toString()],
                ['volume', 'vol_platform_secrets', '/var/lib/platform/secrets']])
        plan.any { it.path('kind').asText() == 'dir.create' && it.path('target').asText() == workspace.toString() }
        masterYaml().docker.broker_workspace_dir == workspace.toString()
    }

    def "master.yaml holds only keys the master reads, in its own sections"() {
        expect:
        MasterContract.unknownKeys(masterYaml()) == []
        masterYaml().keySet() == ['network', 'master', 'database', 'docker', 'security', 'observability'] as Set
    }

    def "ports, broker URL, network and database host in master.yaml agree with the services"() {
        given:
        Map m = masterYaml()

        expect:
        m.master.proxy_port == 18080
        m.docker.broker_port == 18082
        m.docker.broker_url == 'http://platform-master-broker:18082'
        m.docker.network_name == 'platform_challenges'
        m.database.url == 'postgresql+asyncpg://platform@platform-master-postgres:5432/platform'
        service('platform-master-postgres').path('TaskTemplate').path('ContainerSpec').path('Hostname').asText() == 'platform-master-postgres'
    }

    def "every *_file path in master.yaml is a secret mounted on each service that reads it (#name)"() {
        given:
        Map<String, String> files = MasterContract.fileSettings(masterYaml())

        expect:
        !files.isEmpty()
        files.values().every { it in secretTargets(service(name)) }

        where:
        name << ['platform-master-proxy', 'platform-master-broker']
    }

    def "the database URL reaches the master from its mounted secret, in the process environment only"() {
        given:
        JsonNode proxy = service('platform-master-proxy')
        String script = proxy.path('TaskTemplate').path('ContainerSpec').path('Args')[2].asText()
        String urlFile = script.find(/\$\(cat (\S+)\)/) { all, f -> f }

        expect:
        urlFile in secretTargets(proxy)
        proxy.path('TaskTemplate').path('ContainerSpec').path('Secrets').find { '/run/secrets/' + it.path('File').path('Name').asText() == urlFile }
                .path('SecretName').asText() == 'platform_master_database_url'
        script.startsWith('PLATFORM_DATABASE__URL=$(cat ' + urlFile + ') || exit 1; export PLATFORM_DATABASE__URL;')
        !proxy.toString().contains(env.MASTER_DATABASE_URL)
        proxy.path('TaskTemplate').path('ContainerSpec').path('Env').collect { it.asText() } == ['PLATFORM_CONFIG=/etc/platform/master.yaml']
    }

    def "PostgreSQL #name: its password from a secret file, the contract's variables, a named volume, no published port, dnsrr"() {
        given:
        JsonNode s = service(name)
        JsonNode c = s.path('TaskTemplate').path('ContainerSpec')

        expect:
        c.path('Image').asText() == 'postgres:16-alpine'
        c.path('Env').collect { it.asText() } == ["POSTGRES_DB=$db", "POSTGRES_USER=$db", 'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
                                                 'PGDATA=/var/lib/postgresql/data/pgdata']*.toString()
        c.path('Secrets').collect { [it.path('SecretName').asText(), it.path('File').path('Name').asText()] } == [[secret, 'postgres_password']]
        c.path('Mounts').collect { [it.path('Type').asText(), it.path('Source').asText(), it.path('Target').asText()] } ==
                [['volume', volume, '/var/lib/postgresql/data']]
        s.path('EndpointSpec').path('Ports').size() == 0
        s.path('EndpointSpec').path('Mode').asText() == 'dnsrr'   // this kernel has no IPVS (see EndpointModeSpec)

        where:
        name                                 | db          | volume               | secret
        'platform-master-postgres'           | 'platform'  | 'platform_master_pg' | 'platform_master_pg_password'
        'challenge-agent-challenge-postgres' | 'challenge' | 'agent_challenge_pg' | 'platform_agent_challenge_pg_password'
        'challenge-prism-postgres'           | 'challenge' | 'prism_pg'           | 'platform_prism_pg_password'
    }

    def "the broker's job constraints are the labels enrollment sets (#workload)"() {
        given: "the label key enroll-cpu/enroll-gpu set"
        String key = NodeInfo.WORKLOAD_LABEL

        expect:
        masterYaml().docker[workload + '_job_constraint'] == 'node.labels.' + key + '==' + workload

        where:
        workload << ['cpu', 'gpu']
    }

    def "GPU workers advertise their GPUs as the generic resource the broker requests, and jobs attach to the internal overlay"() {
        given: "the daemon.json enroll-gpu writes"
        Map keys = DaemonJson.gpu(DaemonJson.base('50m', '5'), ['GPU-a', 'GPU-b'], 'nvidia-container-runtime')

        expect: "upstream's swarm_backend: GPU_GENERIC_RESOURCE_NAME = NVIDIA-GPU, DEFAULT_JOB_NETWORK = platform_jobs_internal"
        keys['node-generic-resources'] == ['NVIDIA-GPU=GPU-a', 'NVIDIA-GPU=GPU-b']
        JobRequest.GPU_KIND == 'NVIDIA-GPU'
        keys['default-runtime'] == 'nvidia'
        JobRequest.DEFAULT_NETWORK == 'platform_jobs_internal'
        created('network.create', 'platform_jobs_internal').path('api').path('body').path('Internal').asBoolean()
    }

    def "registry credentials ride only in X-Registry-Auth, shown as --with-registry-auth"() {
        given:
        List<JsonNode> creates = plan.findAll { it.path('kind').asText() == 'service.create' }

        expect:
        creates.size() == 8
        creates.every { it.path('api').path('headers').path('X-Registry-Auth').asText() == '<registry credentials from $GHCR_TOKEN>' }
        creates.every { it.path('cli').asText().contains('--with-registry-auth') }
    }

    def "bearer-token files are seeded into the secrets volume by a one-shot task that mounts the secret (#slug)"() {
        given:
        JsonNode s = created('task.run', "seed-vol_platform_secrets-${slug}_challenge_token").path('api').path('body')
        JsonNode c = s.path('TaskTemplate').path('ContainerSpec')

        expect:
        c.path('Args').collect { it.asText() } == ['sh', '-c', "install -m 0600 -o 1000 -g 1000 /run/secrets/seed /seed/${slug}_challenge_token".toString()]
        c.path('Secrets').collect { it.path('SecretName').asText() } == [secret]
        s.path('Mode').has('ReplicatedJob')

        where:
        slug              | secret
        'agent-challenge' | 'platform_agent_challenge_challenge_token'
        'prism'           | 'platform_prism_challenge_token'
    }

    def "the supervisor unit keeps its state writable under ProtectSystem=strict"() {
        given:
        JsonNode w = plan.find { it.path('kind').asText() == 'file.write' && it.path('target').asText().endsWith('platform-supervisor.service') }
        String unit = w.path('content').asText()

        expect:
        unit.contains('ProtectSystem=strict')
        unit.contains('StateDirectory=platform')
        unit.contains('ReadWritePaths=/var/lib/platform\n')
        unit.contains('ExecStart=/usr/local/bin/uv run --project /var/lib/platform/supervisor/current platform master supervisor --config /etc/platform/master.yaml\n')
        unit.contains('WorkingDirectory=/var/lib/platform/supervisor/current')
    }

    def "no secret value is in the plan or the output"() {
        given:
        String everything = plan.toString() + run.out

        expect:
        env.findAll { k, v -> k != 'GHCR_USER' }.values().findAll { everything.contains(it) } == []
    }
}
