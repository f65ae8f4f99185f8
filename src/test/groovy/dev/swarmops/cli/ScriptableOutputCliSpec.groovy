package dev.swarmops.cli

import dev.swarmops.engine.ContextResolutionSpec
import dev.swarmops.engine.Engine
import dev.swarmops.playbook.PlaybookProcess
import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.FakeEngine
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * --format, --json and --context at the command line, where no engine has to answer: what is
 * refused is refused before any request (the stand-in engine records none), and a context named
 * by the environment is resolved by a real swarmops process (doctor against a context whose
 * socket does not exist: its report says where the endpoint came from). What the commands print
 * from a real engine is in rig/ScriptableOutputRigSpec.
 */
class ScriptableOutputCliSpec extends Specification {

    static final String NOWHERE = 'unix:///nonexistent/swarmops-format-spec.sock'
    static final String FIELDS = 'ID, Hostname, Status, Availability, ManagerStatus, EngineVersion, Role, Workload, Resources, Addr, Labels'

    @Shared
    @AutoCleanup
    FakeEngine fake = new FakeEngine().manager([['mgr000aaa111bbb222ccc333d', 'manager-1']])

    @TempDir
    Path tmp

    def setup() {
        fake.requests.clear()
    }

    def "a template or option the command cannot take is bad input, exit 2, before the engine is asked: #args"() {
        when:
        CliRun run = Cli.run((['--host', fake.endpoint()] + args) as String[])

        then:
        run.refused("swarmops: $message")
        fake.requests == []

        where:
        args                                                        || message
        ['worker', 'list', '--format', '{{.Foo}}']                  || "--format: unknown field .Foo for worker list and inspect (fields: $FIELDS)"
        ['worker', 'ls', '--format', 'table {{.Name}}']             || "--format: unknown field .Name for worker list and inspect (fields: $FIELDS)"
        ['worker', 'inspect', 'manager-1', '--format', '{{.Spec}}'] || "--format: unknown field .Spec for worker list and inspect (fields: $FIELDS)"
        ['job', 'ls', '--format', '{{.Hostname}}']                  || '--format: unknown field .Hostname for job ls (fields: Name, Workload, Node, State, Finished, ExitCode, CreatedAt, RunningFor)'
        ['doctor', '--format', '{{.Name}}']                         || '--format: unknown field .Name for doctor (fields: Check, Status, Saw, Fix)'
        ['worker', 'list', '--format', '{{.ID']                     || "--format: '{{' without '}}' in '{{.ID'"
        ['--json', 'worker', 'list', '--format', 'json']            || '--json and --format: give one (--format json prints one JSON object per line, as docker does)'
        ['--context', 'rig', 'worker', 'list']                      || 'conflicting options: cannot specify both --host and --context'
    }

    /** swarmops in a process of its own with a docker configuration written in docker's layout. */
    PlaybookProcess swarmops(Map<String, String> env, String... args) {
        Path cfg = tmp.resolve('docker')
        ContextResolutionSpec.context(cfg, 'gone', [Host: NOWHERE, SkipTLSVerify: false])
        Files.writeString(cfg.resolve('config.json'), '{"currentContext": "gone"}')
        PlaybookProcess.run(args.toList(), [DOCKER_CONFIG: cfg.toString(), HOME: tmp.toString()] + env)
    }

    def "doctor names the endpoint and why, from #why"() {
        given:
        String source = from.replace('TMP', tmp.toString())

        when:
        PlaybookProcess text = swarmops(env, 'doctor', '--role', 'cpu-worker', '--proc-root', tmp.toString(), '--sys-root', tmp.toString())
        PlaybookProcess json = swarmops(env, 'doctor', '--role', 'cpu-worker', '--json', '--proc-root', tmp.toString(), '--sys-root', tmp.toString())
        Map reachable = Engine.JSON.readValue(json.out, List).find { it.check == 'engine reachable' }

        then: "the engine is unreachable, a failed check (exit 1), and the report says where the endpoint came from"
        text.waitFor() == 1
        text.lines[0] == "swarmops doctor: endpoint $NOWHERE ($source), as cpu-worker (--role)".toString()
        text.lines[1] == "FAIL engine reachable: cannot reach the Docker engine at $NOWHERE (No such file or directory); endpoint $source".toString()

        and: "--json says the same in the engine check"
        json.waitFor() == 1
        reachable.status == 'fail'
        reachable.saw.endsWith("; endpoint $source")

        where:
        why                 | env                                    || from
        'config.json'       | [:]                                    || "from context \"gone\", current in TMP/docker/config.json"
        'DOCKER_CONTEXT'    | [DOCKER_CONTEXT: 'gone']               || 'from context "gone", DOCKER_CONTEXT'
        'DOCKER_HOST'       | [DOCKER_HOST: NOWHERE]                 || 'from DOCKER_HOST'
    }

    def "an unknown context is one line naming it and the contexts there are, exit 2"() {
        when:
        PlaybookProcess p = swarmops([:], '--context', 'nope', 'worker', 'list')

        then:
        p.waitFor() == 2
        p.errLines() == ["swarmops: context \"nope\" does not exist (contexts: default, gone; in ${tmp}/docker/contexts)".toString()]
        p.out == ''
    }
}
