package dev.swarmops.sandbox

import dev.swarmops.playbook.PlaybookProcess
import dev.swarmops.playbook.PlaybookRig
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * Careless (not hostile) playbook authors, in a dry-run against no engine: a secret value that
 * strays into output, a plan, JSON or an error message is scrubbed on its way out, wherever it
 * came from. Each playbook runs as its own swarmops process; every byte of its stdout, stderr,
 * --plan-json file and --json output is searched for the value, its base64 and its SHA-256.
 */
class CarelessLeakSpec extends Specification {

    @TempDir
    Path dir

    static String secret() {
        'leak-' + UUID.randomUUID()
    }

    /** Everything the run let out: stdout, stderr, the plan file. */
    String everything(String playbook, Map<String, String> env, List<String> extra = []) {
        Path book = dir.resolve('careless.groovy')
        // planned on an engine about to be a manager, so swarm objects read as absent
        book.text = "step('init') { swarm.ensureManager(advertiseAddr: '127.0.0.1') }\n" + playbook
        Path plan = dir.resolve('plan.json')
        PlaybookProcess p = PlaybookProcess.run(['--host', PlaybookRig.NOWHERE] + extra + ['run', book.toString(), '--plan-json', plan.toString()], env)
        p.out + '\n' + p.err + '\n' + (plan.toFile().exists() ? plan.text : '')
    }

    static List<String> forms(String value) {
        [value, value.bytes.encodeBase64().toString(), value.bytes.sha256().substring(0, 12)]
    }

    def "#what: the value is nowhere in the output, and the scrubber said so"() {
        given:
        String value = secret()
        String out = everything(playbook, [PLATFORM_ADMIN_TOKEN: value, MY_VALUE: value])

        expect:
        forms(value).every { !out.contains(it) }
        out.contains(shown)

        where:
        what                                        | playbook                                                                                  || shown
        'env of a secret name answers presence only' | "step('s') { say env.PLATFORM_ADMIN_TOKEN }"                                              || '<$PLATFORM_ADMIN_TOKEN is set>'
        'said by a step'                            | "step('s') { $TAKE; say 'token: ' + v }"                                                  || 'token: <hidden>'
        'a wrong call with the value as argument'   | "step('s') { $TAKE; secrets.ensure('n', v) }"                                             || 'no method ensure takes (String, String)'
        'in a file written by the plan'             | "step('s') { $TAKE; host.write('/tmp/swarmops-leak-${UUID.randomUUID()}', 'token=' + v) }" || 'token=<hidden>'
        'in a service env'                          | "step('s') { $TAKE; services.ensure('svc') { image 'img:1'; env 'TOKEN', v } }"           || '--env TOKEN=<hidden>'
        'in a command argument'                     | "step('s') { $TAKE; host.run('log in', ['login', '--password', v]) }"                     || '--password <hidden>'
        'in a job command'                          | "step('s') { $TAKE; jobs.run(image: 'img:1', cmd: ['sh', '-c', 'echo ' + v]) }"           || 'echo <hidden>'
        'in a failure message'                      | "step('s') { $TAKE; fail 'bad token ' + v }"                                              || 'bad token <hidden>'
        'in a rejection'                            | "step('s') { $TAKE; reject \"rejected \$v\" }"                                           || 'rejected <hidden>'
        'as its SHA-256'                            | "step('s') { $TAKE; say v.bytes.sha256() }"                                               || '<hash of a hidden value>'
        'as base64'                                 | "step('s') { $TAKE; say v.bytes.encodeBase64().toString() }"                              || '<hidden>'
    }

    /**
     * How a careless author comes by a raw value: read from a variable whose name does not say
     * secret, then used as one (the first use registers it; env answers presence from then on).
     */
    static final String TAKE = "def v = env.MY_VALUE; secrets.ensure('n', fromEnv: 'MY_VALUE')"

    def "--json output is scrubbed too"() {
        given:
        String value = secret()

        when:
        String out = everything("step('s') { $TAKE; services.ensure('svc') { image 'img:1'; env 'TOKEN', v } }", [MY_VALUE: value], ['--json'])

        then:
        forms(value).every { !out.contains(it) }
        out.contains('"TOKEN=<hidden>"')
    }
}
