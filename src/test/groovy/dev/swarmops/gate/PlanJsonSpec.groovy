package dev.swarmops.gate

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import spock.lang.Specification

import java.nio.file.Path

class PlanJsonSpec extends Specification {

    static final String SECRET = 'plan-json-secret-value-7f3a'

    def "an engine call renders as kind, target, change, cli and the API request with its body redacted"() {
        given: "a secret create whose body carries a value from an env var"
        Sensitive value = Sensitive.fromEnv('PLATFORM_ADMIN_TOKEN', [PLATFORM_ADMIN_TOKEN: SECRET], Sensitive.Encoding.BASE64)
        ObjectNode body = Bodies.object().put('Name', 'platform_admin_token')
        body.set('Data', Bodies.secret(value))
        EngineCall call = new EngineCall('secret.create', 'platform_admin_token', Change.CREATE,
                ApiRequest.post('/secrets/create', body),
                CliLine.docker('secret', 'create', 'platform_admin_token', '-').comment('stdin: ' + value.describe()).build())

        when: "it is rendered for machines"
        ObjectNode json = PlanJson.of(call)

        then: "every field a machine needs is there"
        json.path('kind').asText() == 'secret.create'
        json.path('target').asText() == 'platform_admin_token'
        json.path('change').asText() == 'create'
        json.path('cli').asText() == 'docker secret create platform_admin_token -   # stdin: value from $PLATFORM_ADMIN_TOKEN (hidden)'
        json.path('api').path('method').asText() == 'POST'
        json.path('api').path('path').asText() == '/secrets/create'

        and: "the body keeps its shape with the secret replaced by a placeholder naming its source"
        json.path('api').path('body').path('Name').asText() == 'platform_admin_token'
        json.path('api').path('body').path('Data').asText() == '<value from $PLATFORM_ADMIN_TOKEN>'

        and: "an engine call without a diff has no diff field"
        !json.has('diff')

        and: "the value is nowhere in the text, neither plain nor base64"
        String text = json.toString()
        !text.contains(SECRET)
        !text.contains(SECRET.bytes.encodeBase64().toString())
    }

    def "an update carries its field-level diff, a delete has no body"() {
        given:
        EngineCall update = new EngineCall('node.availability', 'gpu-1', Change.UPDATE,
                ApiRequest.post('/nodes/abc/update?version=12', Bodies.object().put('Availability', 'drain')),
                CliLine.docker('node', 'update', '--availability', 'drain', 'gpu-1').build(), ['availability: active → drain'])
        EngineCall delete = new EngineCall('node.remove', 'gpu-1', Change.DELETE, ApiRequest.delete('/nodes/abc'),
                CliLine.docker('node', 'rm', 'gpu-1').build())

        expect: "the update lists its diff and the API path with its query"
        PlanJson.of(update).path('diff').collect { it.asText() } == ['availability: active → drain']
        PlanJson.of(update).path('api').path('path').asText() == '/nodes/abc/update?version=12'
        PlanJson.of(update).path('change').asText() == 'update'

        and: "the delete has method DELETE and no body"
        PlanJson.of(delete).path('api').path('method').asText() == 'DELETE'
        !PlanJson.of(delete).path('api').has('body')
        PlanJson.of(delete).path('change').asText() == 'delete'
    }

    def "host effects render as what they do: a file with its mode and content, a command with its argv"() {
        given:
        FileWrite write = new FileWrite(Path.of('/etc/docker/daemon.json'), '{"log-driver": "local"}', '0644', Change.UPDATE,
                ['log-driver: json-file → local'])
        CommandRun run = new CommandRun('service.restart', ['systemctl', 'restart', 'docker'], 'reload daemon.json')

        when:
        ObjectNode w = PlanJson.of(write)
        ObjectNode r = PlanJson.of(run)

        then: "the file write shows path, mode, content and a heredoc that installs it"
        w.path('kind').asText() == 'file.write'
        w.path('target').asText() == '/etc/docker/daemon.json'
        w.path('mode').asText() == '0644'
        w.path('content').asText() == '{"log-driver": "local"}'
        w.path('cli').asText() == "install -D -m 0644 /dev/stdin /etc/docker/daemon.json <<'SWARMOPS_EOF'\n" +
                '{"log-driver": "local"}\nSWARMOPS_EOF'
        !w.has('api')

        and: "the command shows its argv, and its purpose as the comment"
        r.path('kind').asText() == 'service.restart'
        r.path('change').asText() == 'run'
        r.path('argv').collect { it.asText() } == ['systemctl', 'restart', 'docker']
        r.path('cli').asText() == 'systemctl restart docker   # reload daemon.json'
    }

    def "a plan of outcomes is an array in gate order, each saying whether it was applied"() {
        given: "two mutations through a dry-run gate"
        DryRunGate gate = new DryRunGate(GateListener.SILENT)
        gate.submit(new CommandRun('a', ['true'], null))
        gate.submit(new CommandRun('b', ['false'], null))

        when:
        JsonNode plan = PlanJson.of(gate.outcomes())

        then:
        plan.size() == 2
        plan*.path('kind')*.asText() == ['a', 'b']
        plan*.path('applied')*.asBoolean() == [false, false]
    }

    def "a file mode that is not octal is refused"() {
        when:
        new FileWrite(Path.of('/tmp/x'), 'x', mode, Change.CREATE, [])

        then:
        IllegalArgumentException e = thrown()
        e.message.contains(mode)

        where:
        mode << ['644', '0x1a4', '0888', 'rw-r--r--']
    }
}
