package dev.swarmops.doctor

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.MissingNode
import spock.lang.Specification

/** daemon.json judged as a file, and against what the running engine reports in /info. */
class DaemonJsonSpec extends Specification {

    static final JsonNode NO_ENGINE = MissingNode.instance

    def "parsing '#text': #what"() {
        when:
        DaemonJsonChecks.Parsed p = DaemonJsonChecks.parse(Optional.ofNullable(text))
        Finding f = DaemonJsonChecks.file('/etc/docker/daemon.json (test)', p)

        then:
        f.status() == status
        f.saw().startsWith("/etc/docker/daemon.json (test) $saw")
        (f.fix() != '') == (status != Status.OK)

        where:
        what            | text                         || status      | saw
        'absent'        | null                         || Status.OK   | 'does not exist: engine defaults'
        'empty'         | ''                           || Status.OK   | 'parses: no keys'
        'keys listed'   | '{"a": 1, "b": {"c": 2}}'    || Status.OK   | 'parses: a, b'
        'broken'        | '{"live-restore": true,'     || Status.FAIL | 'is not valid JSON (line 1, column 23): Unexpected end-of-input'
        'not an object' | '["live-restore"]'           || Status.FAIL | 'is not a JSON object; the engine will not start with it'
    }

    def "#check: #file #engine → #status"() {
        given:
        def cfg = Fixtures.json(file)
        JsonNode live = engine == null ? NO_ENGINE : Fixtures.json(engine)

        when:
        Finding f = DaemonJsonChecks."$method"(cfg, live)

        then:
        f.status() == status
        f.saw().contains(saw)
        f.fix().contains(fix)
        (f.fix() == '') == (status == Status.OK)

        where:
        check               | method            | file                                          | engine                                              || status      | saw                                           | fix
        'live-restore'      | 'liveRestore'     | '{}'                                          | null                                                || Status.OK   | 'absent'                                      | ''
        'live-restore'      | 'liveRestore'     | '{"live-restore": false}'                     | null                                                || Status.OK   | '"live-restore": false (off)'                 | ''
        'live-restore'      | 'liveRestore'     | '{"live-restore": true}'                      | null                                                || Status.FAIL | 'incompatible with swarm mode: after a restart the engine will not start its cluster component' | 'remove "live-restore" from daemon.json'
        'live-restore'      | 'liveRestore'     | '{}'                                          | '{"LiveRestoreEnabled": true}'                      || Status.FAIL | 'the engine runs with live-restore'           | '--live-restore'
        'no-new-privileges' | 'noNewPrivileges' | '{}'                                          | null                                                || Status.WARN | 'no-new-privileges is off'                    | 'add "no-new-privileges": true to daemon.json'
        'no-new-privileges' | 'noNewPrivileges' | '{"no-new-privileges": true}'                 | null                                                || Status.OK   | '"no-new-privileges": true'                   | ''
        'no-new-privileges' | 'noNewPrivileges' | '{"no-new-privileges": true}'                 | '{"SecurityOptions": ["name=seccomp,profile=builtin"]}' || Status.WARN | 'the running engine does not have it yet' | 'restart the engine'
        'no-new-privileges' | 'noNewPrivileges' | '{"no-new-privileges": true}'                 | '{"SecurityOptions": ["name=no-new-privileges"]}'   || Status.OK   | '"no-new-privileges": true'                   | ''
        'no-new-privileges' | 'noNewPrivileges' | '{}'                                          | '{"SecurityOptions": ["name=no-new-privileges"]}'   || Status.OK   | 'the running engine has no-new-privileges'    | ''
        'log rotation'      | 'logRotation'     | '{}'                                          | null                                                || Status.WARN | 'json-file logs without "max-size"'           | '"max-size": "50m", "max-file": "5"'
        'log rotation'      | 'logRotation'     | '{"log-opts": {"max-size": "10m"}}'           | null                                                || Status.OK   | 'json-file, max-size 10m, max-file 1 (default)' | ''
        'log rotation'      | 'logRotation'     | '{"log-driver": "json-file", "log-opts": {"max-file": "3"}}' | null                                 || Status.WARN | 'without "max-size"'                          | 'restart the engine'
        'log rotation'      | 'logRotation'     | '{"log-driver": "local"}'                     | null                                                || Status.OK   | 'local driver: rotates by itself (max-size 20m, max-file 5)' | ''
        'log rotation'      | 'logRotation'     | '{"log-driver": "journald"}'                  | null                                                || Status.OK   | 'journald: rotation is that system\'s job'    | ''
        'log rotation'      | 'logRotation'     | '{}'                                          | '{"LoggingDriver": "journald"}'                     || Status.OK   | 'journald'                                    | ''
    }

    def "the GPU worker fixture passes every daemon.json check"() {
        given:
        def cfg = Fixtures.json(Fixtures.text('gpu-worker.json'))

        expect:
        [DaemonJsonChecks.liveRestore(cfg, NO_ENGINE), DaemonJsonChecks.noNewPrivileges(cfg, NO_ENGINE), DaemonJsonChecks.logRotation(cfg, NO_ENGINE),
         GpuChecks.runtime(cfg, NO_ENGINE), GpuChecks.defaultRuntime(cfg, NO_ENGINE)]*.status() == [Status.OK] * 5
    }
}
