package dev.swarmops.cli

import dev.swarmops.engine.Engine
import dev.swarmops.ops.Jobs
import dev.swarmops.ops.NodeInfo
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

/**
 * The --format engine as pure mappings: a template and values in, lines out. The nodes are two
 * engine node objects as the Engine API returns them (src/test/resources/cli/nodes.json: a
 * leader and a drained GPU worker that is down), read by the same NodeInfo.of the commands use.
 */
class FormatSpec extends Specification {

    @Shared
    List<NodeInfo> nodes = Engine.JSON.readTree(FormatSpec.getResource('/cli/nodes.json')).collect { NodeInfo.of(it) }

    static List<String> render(String template, List items, Fields fields = WorkerList.FIELDS) {
        Format.parse(template, fields).render(items)
    }

    def "#template prints #lines"() {
        expect:
        render(template, nodes) == lines

        where:
        template                                               || lines
        '{{.Hostname}} {{.Status}}'                            || ['vm Ready', 'dev-gpu Down']
        '{{.ID}}'                                              || ['u18f175nn3vnchlvy7bc014lz', 'ieqjosz1um2n0yq3f6dz1w4kx']
        '{{.Hostname}}\\t{{.ManagerStatus}}|'                  || ['vm\tLeader|', 'dev-gpu\t|']
        'node {{ .Hostname }}: {{.Availability}}'              || ['node vm: Active', 'node dev-gpu: Drain']
        '{{.Role}}/{{.Workload}}/{{.Resources}}'               || ['manager//', 'worker/gpu/NVIDIA-GPU×2']
        '{{.EngineVersion}} {{.Addr}}'                         || ['26.1.5+dfsg1 10.231.0.1', '26.1.5+dfsg1 10.231.0.12']
        '{{.Labels}}'                                          || ['{}', '{"platform.workload":"gpu"}']
        '{{json .Hostname}} {{json .Labels}}'                  || ['"vm" {}', '"dev-gpu" {"platform.workload":"gpu"}']
        '{{.Labels.absent}}-'                                  || ['-', '-']
        'a\\nb'                                                || ['a\nb', 'a\nb']
        '  {{.Hostname}}  '                                    || ['vm', 'dev-gpu']
    }

    def "table: aligned columns under the fields' headers, literal text kept in both"() {
        expect:
        render('table {{.Hostname}}\\t{{.ManagerStatus}}\\t{{.Status}} ({{.Availability}})', nodes) == [
                'HOSTNAME  MANAGER STATUS  STATUS (AVAILABILITY)',
                'vm        Leader          Ready (Active)',
                'dev-gpu                   Down (Drain)']
        render('table {{.ID}}', []) == ['ID']
    }

    def "'table' alone or an empty template is the command's own view"() {
        expect:
        Format.parse(template, WorkerList.FIELDS) == null

        where:
        template << ['table', ' table ', '', '   ']
    }

    def "json and {{json .}}: one object per line, every field in order, docker's spelling of states"() {
        given:
        String manager = '{"ID":"u18f175nn3vnchlvy7bc014lz","Hostname":"vm","Status":"Ready","Availability":"Active",' +
                '"ManagerStatus":"Leader","EngineVersion":"26.1.5+dfsg1","Role":"manager","Workload":"","Resources":"",' +
                '"Addr":"10.231.0.1","Labels":{}}'

        expect:
        render('json', nodes)[0] == manager
        render('{{json .}}', nodes)[0] == manager
        render('json', nodes).size() == 2
        Engine.JSON.readTree(render('json', nodes)[1]).fieldNames().toList() == WorkerList.FIELDS.names()
        Engine.JSON.readTree(render('json', nodes)[1]).path('Labels').path('platform.workload').asText() == 'gpu'
    }

    def "a job's fields: numbers and booleans stay JSON numbers and booleans, an exit code not yet known is null and empty"() {
        given:
        Instant created = Instant.parse('2026-11-29T15:00:00Z')
        List<Jobs.JobInfo> jobs = [new Jobs.JobInfo('job-a1', 'gpu', 'dev-gpu', 'complete', true, created, 0),
                                   new Jobs.JobInfo('job-b2', 'cpu', '', 'running', false, created, null)]

        expect:
        render('{{.Name}} {{.State}} [{{.ExitCode}}] {{.CreatedAt}}', jobs, JobList.FIELDS) ==
                ['job-a1 complete [0] 2026-11-29T15:00:00Z', 'job-b2 running [] 2026-11-29T15:00:00Z']
        render('{{json .ExitCode}} {{json .Finished}}', jobs, JobList.FIELDS) == ['0 true', 'null false']
        render('{{.RunningFor}}', jobs, JobList.FIELDS) == jobs.collect { JobList.age(it.created()) }
        render('table {{.Name}}\\t{{.Node}}\\t{{.ExitCode}}', jobs, JobList.FIELDS) ==
                ['NAME    NODE     EXIT', 'job-a1  dev-gpu  0', 'job-b2']
    }

    def "bad templates are refused naming what is wrong: #template"() {
        when:
        Format.parse(template, WorkerList.FIELDS)

        then:
        IllegalArgumentException e = thrown()
        e.message == message

        where:
        template                    || message
        '{{.Foo}}'                  || '--format: unknown field .Foo for worker list and inspect (fields: ID, Hostname, Status, Availability, ManagerStatus, EngineVersion, Role, Workload, Resources, Addr, Labels)'
        'table {{.hostname}}'       || '--format: unknown field .hostname for worker list and inspect (fields: ID, Hostname, Status, Availability, ManagerStatus, EngineVersion, Role, Workload, Resources, Addr, Labels)'
        '{{json .Self}}'            || '--format: unknown field .Self for worker list and inspect (fields: ID, Hostname, Status, Availability, ManagerStatus, EngineVersion, Role, Workload, Resources, Addr, Labels)'
        '{{.Hostname'               || "--format: '{{' without '}}' in '{{.Hostname'"
        '{{upper .Hostname}}'       || '--format: {{upper .Hostname}} is not supported (swarmops takes {{.Field}}, {{json .}}, {{json .Field}}, literal text and \\t, after \'table\' for columns, or \'json\')'
        '{{index .Labels "a"}}'     || '--format: {{index .Labels "a"}} is not supported (swarmops takes {{.Field}}, {{json .}}, {{json .Field}}, literal text and \\t, after \'table\' for columns, or \'json\')'
        '{{Hostname}}'              || '--format: {{Hostname}} is not supported (swarmops takes {{.Field}}, {{json .}}, {{json .Field}}, literal text and \\t, after \'table\' for columns, or \'json\')'
        '{{.Labels..x}}'            || '--format: {{.Labels..x}} is not supported (swarmops takes {{.Field}}, {{json .}}, {{json .Field}}, literal text and \\t, after \'table\' for columns, or \'json\')'
        '{{}}'                      || '--format: {{}} is not supported (swarmops takes {{.Field}}, {{json .}}, {{json .Field}}, literal text and \\t, after \'table\' for columns, or \'json\')'
    }

    def "a table's rows are plain text: padded cells, no trailing blanks, missing cells empty"() {
        expect:
        Table.lines(['A', 'BB'] as String[], [['x', 'y'], ['long'], ['p', 'q', 'extra']] as String[][]) ==
                ['A     BB', 'x     y', 'long', 'p     q   extra']
    }
}
