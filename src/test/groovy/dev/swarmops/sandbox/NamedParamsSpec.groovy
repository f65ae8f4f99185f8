package dev.swarmops.sandbox

import dev.swarmops.ops.BadInputException
import dev.swarmops.playbook.PlaybookRig
import groovy.transform.NamedParam
import groovy.transform.NamedParams
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * The DSL's named parameters are declared on its methods (@NamedParam: what IDEs complete) and
 * held to that declaration when a playbook calls them: a misspelt, missing or mistyped one is
 * one line of bad input, before the call does anything.
 */
class NamedParamsSpec extends Specification {

    @TempDir
    Path dir

    def "#call is refused: #message"() {
        given:
        Path book = dir.resolve('named.groovy')
        book.text = "step('init') { swarm.ensureManager(advertiseAddr: '127.0.0.1') }\nstep('s') { $call }\n"

        when:
        PlaybookRig.run(PlaybookRig.NOWHERE, [MY_TOKEN: 'a-token-value'], [], book)

        then:
        BadInputException e = thrown()
        e.message == message

        where:
        call                                                                  || message
        "secrets.ensure('n', fromENV: 'MY_TOKEN')"                             || "secrets.ensure: unknown parameter 'fromENV:' (it takes fromEnv:, fromFile:, rotate:)"
        "networks.ensure('n', encrypted: 'yes')"                               || 'networks.ensure: encrypted: must be Boolean, not String'
        "jobs.run(cmd: ['true'])"                                              || "jobs.run: 'image:' is required"
        "volumes.seedFile(volume: 'v', file: 'f', secret: 's', image: 'i')"    || "volumes.seedFile: 'fromEnv:' is required"
        "databases.checkUrl(urlEnv: 'A', passwordEnv: 'B', host: 'h', db: 'd')" || "databases.checkUrl: 'user:' is required"
        "swarm.ensureManager(advertise: '1.2.3.4')"                            || "swarm.ensureManager: unknown parameter 'advertise:' (it takes advertiseAddr:, force:)"
    }

    def "every DSL method that takes named parameters declares them, each with a type"() {
        given:
        List methods = [dev.swarmops.playbook.DataDsl, dev.swarmops.playbook.NetworksDsl, dev.swarmops.playbook.SwarmDsl,
                        dev.swarmops.playbook.HostDsl, dev.swarmops.playbook.JobsDsl, dev.swarmops.playbook.EnrollDsl,
                        dev.swarmops.playbook.DatabasesDsl, dev.swarmops.playbook.VolumesDsl, dev.swarmops.playbook.Playbook]
                .collectMany { it.declaredMethods.toList() }
                .findAll { m -> java.lang.reflect.Modifier.isPublic(m.modifiers) && m.parameterTypes.size() > 0 && m.parameterTypes[0] == Map }
                .findAll { it.name != 'yaml' }   // renders a map: its keys are data, not parameters

        expect:
        methods.size() >= 12
        methods.every { m -> m.parameters[0].getAnnotation(NamedParams)?.value()?.every { NamedParam p -> p.type() != Object || p.value() == 'default' } }
    }
}
