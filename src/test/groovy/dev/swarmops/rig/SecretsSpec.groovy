package dev.swarmops.rig

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.EngineException
import dev.swarmops.gate.Outcome
import dev.swarmops.gate.Sensitive
import dev.swarmops.ops.BadInputException
import dev.swarmops.ops.SwarmOps
import dev.swarmops.testkit.Rig
import spock.lang.Requires
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** Secrets and configs through the gate: stored by name, values only ever in the create body. */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class SecretsSpec extends Specification {

    static final List<String> NAMES = ['spec-secret-env', 'spec-config-file']

    def cleanup() {
        Rig.remove(NAMES)
    }

    def "a secret from an env var is stored under its name and labels, and the engine never gives its data back"() {
        given:
        String value = 'spec-value-' + UUID.randomUUID()
        Map<String, String> env = [SPEC_SECRET: value]

        when:
        Outcome o = Rig.apply().secrets().create('spec-secret-env', Sensitive.fromEnv('SPEC_SECRET', env, Sensitive.Encoding.BASE64), Rig.LABELS)
        JsonNode stored = Rig.dryRun().secrets().find('spec-secret-env').get()

        then:
        o.applied()
        stored.path('ID').asText() == o.createdId()
        stored.path('Spec').path('Name').asText() == 'spec-secret-env'
        stored.path('Spec').path('Labels').path(Rig.LABEL).asText() == Rig.RUN
        !stored.path('Spec').has('Data')
        Rig.dryRun().secrets().list().any { it.path('ID').asText() == o.createdId() }

        when: "it is created a second time"
        Rig.apply().secrets().create('spec-secret-env', Sensitive.fromEnv('SPEC_SECRET', env, Sensitive.Encoding.BASE64), Rig.LABELS)

        then: "the engine refuses, and its message carries no value"
        EngineException e = thrown()
        e.status() == 409
        !e.message.contains(value)

        when:
        Outcome removed = Rig.apply().secrets().remove('spec-secret-env')

        then:
        removed.mutation().cli() == 'docker secret rm spec-secret-env'
        !Rig.dryRun().secrets().find('spec-secret-env').present
    }

    def "a config from a file is stored with the file's content, which configs do give back"() {
        given:
        Path file = Files.createTempFile('spec-config', '.conf')
        Files.writeString(file, 'listen = 8080\n')

        when:
        Outcome o = Rig.apply().configs().create('spec-config-file', Sensitive.fromFile(file, Sensitive.Encoding.BASE64), Rig.LABELS)
        JsonNode stored = Rig.dryRun().configs().find('spec-config-file').get()

        then:
        o.mutation().cli() == "docker config create --label dev.swarmops.spec=${Rig.RUN} spec-config-file $file"
        new String(stored.path('Spec').path('Data').asText().decodeBase64(), 'UTF-8') == 'listen = 8080\n'

        cleanup:
        Files.deleteIfExists(file)
    }

    def "a name the engine would not accept is bad input, refused before the gate"() {
        given:
        SwarmOps ops = Rig.apply()

        when:
        ops.secrets().create('spec secret!', Sensitive.of('test', 'x', Sensitive.Encoding.BASE64), [:])

        then:
        BadInputException e = thrown()
        e.message == "secret name: 'spec secret!' is not a valid name"
        ops.gate().outcomes().isEmpty()
    }
}
