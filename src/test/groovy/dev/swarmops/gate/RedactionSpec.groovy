package dev.swarmops.gate

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode
import dev.swarmops.engine.Endpoint
import dev.swarmops.engine.Engine
import dev.swarmops.engine.EngineException
import dev.swarmops.ops.SwarmOps
import dev.swarmops.testkit.FakeEngine
import spock.lang.AutoCleanup
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

class RedactionSpec extends Specification {

    static final String VALUE = 's3cr3t-admin-token-91c2'
    static final String VALUE_B64 = VALUE.bytes.encodeBase64().toString()
    static final Map<String, String> ENV = [PLATFORM_ADMIN_TOKEN: VALUE]

    /** Primitives over an engine that is never contacted: building a mutation needs no engine. */
    static SwarmOps offline(Gate gate) {
        new SwarmOps(new Engine(Endpoint.resolve('unix:///nonexistent/redaction-spec.sock', [:])), gate)
    }

    @AutoCleanup
    FakeEngine fake = new FakeEngine()

    def "a value from an env var is shown only as a placeholder naming the variable"() {
        when:
        Sensitive s = Sensitive.fromEnv('PLATFORM_ADMIN_TOKEN', ENV, Sensitive.Encoding.BASE64)

        then:
        s.placeholder() == '<value from $PLATFORM_ADMIN_TOKEN>'
        s.describe() == 'value from $PLATFORM_ADMIN_TOKEN (hidden)'
        s.toString() == '<value from $PLATFORM_ADMIN_TOKEN>'
        s.source() == '$PLATFORM_ADMIN_TOKEN'

        and: "called a token, it says so"
        s.as('token').placeholder() == '<token from $PLATFORM_ADMIN_TOKEN>'
    }

    def "an env var that is missing or empty is bad input naming the variable"() {
        when:
        Sensitive.fromEnv('PLATFORM_ADMIN_TOKEN', env, Sensitive.Encoding.BASE64)

        then:
        IllegalArgumentException e = thrown()
        e.message == 'environment variable PLATFORM_ADMIN_TOKEN is not set (it supplies a secret value)'

        where:
        env << [[:], [PLATFORM_ADMIN_TOKEN: '']]
    }

    def "a secret created from an env var plans as copy-pasteable docker CLI with its source in a comment"() {
        given: "a dry-run gate whose listener keeps everything it is shown"
        List<String> shown = []
        GateListener listener = new GateListener() {
            @Override
            void planned(Mutation m) {
                shown << m.cli() << m.toString() << m.diff().join('\n') << PlanJson.of(m).toString()
            }
        }
        SwarmOps ops = offline(new DryRunGate(listener))

        when: "the secret is created"
        Outcome o = ops.secrets().create('platform_admin_token',
                Sensitive.fromEnv('PLATFORM_ADMIN_TOKEN', ENV, Sensitive.Encoding.BASE64), [team: 'ops'])

        then: "the plan is the docker command reading stdin, with the value's source named and hidden"
        o.mutation().cli() == 'docker secret create --label team=ops platform_admin_token -   # stdin: value from $PLATFORM_ADMIN_TOKEN (hidden)'
        !o.applied()

        and: "the JSON plan has the placeholder where the data goes"
        PlanJson.of(o.mutation()).path('api').path('body').path('Data').asText() == '<value from $PLATFORM_ADMIN_TOKEN>'

        and: "neither the value nor its base64 appears in anything rendered"
        List<String> rendered = shown + [o.toString(), o.mutation().toString(), PlanJson.of(ops.gate().outcomes()).toPrettyString()]
        rendered.every { !it.contains(VALUE) && !it.contains(VALUE_B64) }

        and: "a mutation's own toString, as a log line or message would show it, has the placeholder in the body"
        o.mutation().toString().contains('"Data":"<value from $PLATFORM_ADMIN_TOKEN>"')

        and: "the body the gate would send holds the real value, base64-encoded as the Engine API wants it"
        JsonNode sent = FakeEngine.JSON.readTree(Bodies.reveal(((EngineCall) o.mutation()).request().body()))
        sent.path('Data').asText() == VALUE_B64
        sent.path('Name').asText() == 'platform_admin_token'
    }

    def "a secret from stdin or from a file names that source instead"() {
        given:
        Path file = Files.createTempFile('redaction-spec', '.txt')
        Files.writeString(file, VALUE)
        SwarmOps ops = offline(new DryRunGate(GateListener.SILENT))

        when:
        Outcome fromStdin = ops.secrets().create('a', Sensitive.fromStdin(new ByteArrayInputStream(VALUE.bytes), Sensitive.Encoding.BASE64), [:])
        Outcome fromFile = ops.configs().create('b', Sensitive.fromFile(file, Sensitive.Encoding.BASE64), [:])

        then: "stdin is a '-' argument with a comment; a file is its path, which docker reads itself"
        fromStdin.mutation().cli() == 'docker secret create a -   # stdin: value from stdin (hidden)'
        fromFile.mutation().cli() == "docker config create b $file"
        PlanJson.of(fromFile.mutation()).path('api').path('body').path('Data').asText() == "<value from file $file>"
        [fromStdin, fromFile].every { !PlanJson.of(it.mutation()).toString().contains(VALUE) && !it.mutation().cli().contains(VALUE) }

        cleanup:
        Files.deleteIfExists(file)
    }

    def "empty stdin and an unreadable file are bad input"() {
        when:
        Sensitive.fromStdin(new ByteArrayInputStream(new byte[0]), Sensitive.Encoding.BASE64)

        then:
        IllegalArgumentException e1 = thrown()
        e1.message == 'standard input is empty (it supplies a secret value)'

        when:
        Sensitive.fromFile(Path.of('/nonexistent/secret.txt'), Sensitive.Encoding.BASE64)

        then:
        IllegalArgumentException e2 = thrown()
        e2.message == 'secret file /nonexistent/secret.txt is not readable'
    }

    def "a join token travels only in the join body and plans as a placeholder"() {
        given:
        SwarmOps ops = offline(new DryRunGate(GateListener.SILENT))
        String token = 'SWMTKN-1-0123456789abcdefghijklmnopqrstuvwxyz-abcdefghijklmnop'

        when:
        Outcome o = ops.swarm().join(Sensitive.fromEnv('JOIN_TOKEN', [JOIN_TOKEN: token], Sensitive.Encoding.TEXT),
                '10.231.0.1:2377', '10.231.0.2')
        EngineCall call = (EngineCall) o.mutation()

        then: "the CLI has the placeholder, quoted so it stays one word"
        call.cli() == "docker swarm join --token '<token from \$JOIN_TOKEN>' --advertise-addr 10.231.0.2 10.231.0.1:2377"
        call.cliLine().argv().every { !it.contains(token) }
        PlanJson.of(call).path('api').path('body').path('JoinToken').asText() == '<token from $JOIN_TOKEN>'
        !call.toString().contains(token)

        and: "the engine would get the token as plain text, with where to join"
        JsonNode sent = FakeEngine.JSON.readTree(Bodies.reveal(call.request().body()))
        sent.path('JoinToken').asText() == token
        sent.path('RemoteAddrs').collect { it.asText() } == ['10.231.0.1:2377']
    }

    def "scrubbing replaces a secret of the body or the headers in a message, plain or base64"() {
        given:
        Sensitive s = Sensitive.fromEnv('PLATFORM_ADMIN_TOKEN', ENV, Sensitive.Encoding.BASE64)
        Sensitive h = Sensitive.fromEnv('GHCR_TOKEN', [GHCR_TOKEN: 'header-' + VALUE], Sensitive.Encoding.TEXT)
        ObjectNode body = Bodies.object()
        body.set('Data', Bodies.secret(s))
        ApiRequest req = ApiRequest.post('/secrets/create', body).withHeader('X-Registry-Auth', h)

        expect:
        Bodies.scrub("invalid data '$VALUE' (base64 $VALUE_B64)", req) ==
                "invalid data '<value from \$PLATFORM_ADMIN_TOKEN>' (base64 <value from \$PLATFORM_ADMIN_TOKEN>)"
        Bodies.scrub("bad auth header-$VALUE", req) == 'bad auth <value from $GHCR_TOKEN>'
        Bodies.scrub(null, req) == ''
        Bodies.scrub('nothing secret here', req) == 'nothing secret here'
    }

    def "an engine that echoes the request in its refusal cannot leak the secret through the gate's exception"() {
        given: "an engine that refuses every mutation and quotes the body it got"
        fake.onMutation = { FakeEngine.Request r -> [400, [message: "bad request: ${r.body}"]] }
        Engine engine = new Engine(Endpoint.resolve(fake.endpoint(), [:]))
        SwarmOps ops = new SwarmOps(engine, new ApplyGate(engine, GateListener.SILENT))

        when: "a secret from an env var is applied"
        ops.secrets().create('platform_admin_token', Sensitive.fromEnv('PLATFORM_ADMIN_TOKEN', ENV, Sensitive.Encoding.BASE64), [:])

        then: "the engine received the real value, so the echo did contain it"
        fake.mutations().size() == 1
        fake.mutations()[0].body.contains(VALUE_B64)

        and: "the refusal that reaches the caller has the placeholder in its place"
        EngineException e = thrown()
        e.status() == 400
        e.message.contains('<value from $PLATFORM_ADMIN_TOKEN>')
        !e.message.contains(VALUE_B64)
        !e.message.contains(VALUE)

        cleanup:
        engine?.close()
    }
}
