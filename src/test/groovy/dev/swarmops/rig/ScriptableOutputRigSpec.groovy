package dev.swarmops.rig

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.FakeEngine
import dev.swarmops.testkit.Rig
import dev.swarmops.testkit.RigWorker
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/**
 * --format and --json of the listing commands against the real rig: a manager and a joined worker.
 * Where docker has the same command, the same template through the docker CLI on the same engine
 * is the reference.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class ScriptableOutputRigSpec extends Specification {

    static final String DOCKER_FIELDS = '{{.ID}} {{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}} {{.EngineVersion}}'

    @Shared
    RigWorker worker

    def setupSpec() {
        worker = RigWorker.shared().ensureJoined()
    }

    static String docker(String... args) {
        Process p = new ProcessBuilder(['docker'] + args.toList()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: out
        out
    }

    static boolean hasDocker() {
        System.getenv('PATH').split(':').any { new File(it, 'docker').canExecute() }
    }

    @Requires({ ScriptableOutputRigSpec.hasDocker() })
    def "worker list --format prints docker node ls's fields as docker node ls prints them: #template"() {
        when:
        CliRun run = Cli.run('worker', 'list', '--format', template)

        then:
        run.code == 0
        run.err == ''
        run.out.readLines().sort() == docker('node', 'ls', '--format', template).readLines().sort()

        where:
        template << [DOCKER_FIELDS, '{{.Hostname}}\\t{{json .Status}}', 'node {{.ID}}: {{json .ManagerStatus}}']
    }

    @Requires({ ScriptableOutputRigSpec.hasDocker() })
    def "--format json: one object per node, docker's keys with docker's values, then ours"() {
        when:
        CliRun run = Cli.run('worker', 'list', '--format', 'json')
        Map<String, JsonNode> ours = run.out.readLines().collect { FakeEngine.JSON.readTree(it) }.collectEntries { [(it.path('ID').asText()): it] }
        Map<String, JsonNode> theirs = docker('node', 'ls', '--format', 'json').readLines().collect { FakeEngine.JSON.readTree(it) }
                .collectEntries { [(it.path('ID').asText()): it] }

        then:
        run.code == 0
        ours.keySet() == theirs.keySet()
        ours.every { id, o -> ['ID', 'Hostname', 'Status', 'Availability', 'ManagerStatus', 'EngineVersion'].every { o.get(it) == theirs[id].get(it) } }
        ours[worker.nodeId()].path('Role').asText() == 'worker'
        ours[worker.nodeId()].path('Addr').asText() == worker.node().addr()
        ours[worker.nodeId()].path('Labels') == worker.node().raw().path('Spec').path('Labels')
    }

    def "table: a header from the fields, one aligned row per node"() {
        when:
        CliRun run = Cli.run('worker', 'list', '--format', 'table {{.Hostname}}\\t{{.Role}}\\t{{.Status}}')
        List<String> lines = run.out.readLines()

        then:
        run.code == 0
        lines[0].split(/\s+/).toList() == ['HOSTNAME', 'ROLE', 'STATUS']
        lines.size() == 1 + Rig.dryRun().nodes().list().size()
        lines.find { it.startsWith(worker.name + ' ') }.split(/\s+/).toList() == [worker.name, 'worker', 'Ready']
        lines.drop(1).every { it.substring(lines[0].indexOf('ROLE')).startsWith(it.split(/\s+/)[1] + ' ') }
    }

    def "worker inspect --format reads the same fields off one node"() {
        when:
        CliRun run = Cli.run('worker', 'inspect', worker.name, '--format', '{{.Hostname}} {{.Role}} {{.ID}} {{json .Labels}}')

        then:
        run.code == 0
        run.out.readLines() == ["${worker.name} worker ${worker.nodeId()} ${worker.node().raw().path('Spec').path('Labels')}".toString()]
    }

    def "job ls and doctor: --format and --json say the same"() {
        when:
        CliRun jobs = Cli.run('job', 'ls', '--format', '{{.Name}} {{.State}}')
        CliRun jobsJson = Cli.run('--json', 'job', 'ls')
        CliRun doctor = Cli.run('doctor', '--format', '{{.Check}}={{.Status}}')
        CliRun doctorJson = Cli.run('doctor', '--json')

        then:
        jobs.code == 0
        jobs.out.readLines() == FakeEngine.JSON.readTree(jobsJson.out).collect { "${it.path('name').asText()} ${it.path('state').asText()}".toString() }
        doctor.code == doctorJson.code
        doctor.out.readLines() == FakeEngine.JSON.readTree(doctorJson.out).collect { "${it.path('check').asText()}=${it.path('status').asText()}".toString() }
    }
}
