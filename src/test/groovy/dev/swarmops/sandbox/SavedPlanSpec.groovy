package dev.swarmops.sandbox

import dev.swarmops.engine.Engine
import dev.swarmops.playbook.PlaybookProcess
import dev.swarmops.playbook.PlaybookRig
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.playbook.PlaybookRig.MANAGER

/**
 * A dry-run's --plan-json applied later with `swarmops apply`: exactly the mutations shown, the
 * secret values read again from their variables, objects the plan creates first referred to by
 * name until the gate applies; refused when the engine changed since, when a variable is unset,
 * and for plans with one-shot tasks. On the rig's manager, with objects of its own (spec-saved-*).
 */
@Stepwise
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class SavedPlanSpec extends Specification {

    static final String NET = 'spec-saved-net'
    static final String SECRET = 'spec-saved-secret'
    static final String SVC = 'spec-saved-svc'
    static final String PLAYBOOK = """\
        description 'a network, a secret and a service that uses both'
        step('make') {
            networks.ensure('$NET', attachable: true)
            secrets.ensure('$SECRET', fromEnv: 'SAVED_TOKEN')
            services.ensure('$SVC') {
                image 'swarmops/busybox:rig'
                args(['sleep', '3600'])
                network '$NET'
                secret '$SECRET', 'token'
                constraint 'node.role==manager'
            }
        }
        """.stripIndent()

    @Shared
    @TempDir
    Path dir
    @Shared
    String value = 'saved-' + UUID.randomUUID()
    @Shared
    Engine engine = PlaybookRig.engine()

    def cleanupSpec() {
        PlaybookRig.docker('service', 'rm', SVC)
        PlaybookRig.waitUntil(60, 'the saved-plan service to go') {
            PlaybookRig.list(engine, 'containers/json?all=1').every { it.Labels?.'com.docker.swarm.service.name' != SVC }
        }
        PlaybookRig.docker('secret', 'rm', SECRET)
        PlaybookRig.waitUntil(60, 'the saved-plan network to go') {
            PlaybookRig.docker('network', 'rm', NET)
            PlaybookRig.named(engine, 'networks', NET).isEmpty()
        }
        engine.close()
    }

    PlaybookProcess swarmops(List<String> args, Map<String, String> env = [SAVED_TOKEN: value]) {
        PlaybookProcess.run(['--host', MANAGER] + args, env)
    }

    Path plan(String name) {
        Path book = dir.resolve('saved.groovy')
        book.text = PLAYBOOK
        Path p = dir.resolve(name)
        PlaybookProcess r = swarmops(['run', book.toString(), '--plan-json', p.toString()])
        assert r.waitFor() == 0: r.toString()
        p
    }

    boolean nothingMade() {
        PlaybookRig.named(engine, 'networks', NET).isEmpty() && PlaybookRig.named(engine, 'secrets', SECRET).isEmpty()
                && PlaybookRig.named(engine, 'services', SVC).isEmpty()
    }

    def "a plan whose variable is unset at apply time is refused before anything is applied"() {
        given:
        Path p = plan('plan-unset.json')

        when:
        PlaybookProcess r = swarmops(['apply', p.toString()], [:])

        then:
        r.waitFor() == 2
        r.errLines() == ["swarmops: mutation 2 (secret.create $SECRET): environment variable SAVED_TOKEN is not set (it supplies a secret value)".toString()]
        nothingMade()
    }

    def "a plan made before the engine changed is refused as stale, and nothing is applied"() {
        given:
        Path p = plan('plan-stale.json')
        PlaybookRig.docker('network', 'create', '--driver', 'overlay', NET)

        when:
        PlaybookProcess r = swarmops(['apply', p.toString()])

        then:
        r.waitFor() == 2
        r.errLines().size() == 1
        r.errLines()[0].contains('the engine changed since this plan was made')
        PlaybookRig.named(engine, 'secrets', SECRET).isEmpty()
        PlaybookRig.named(engine, 'services', SVC).isEmpty()

        cleanup:
        PlaybookRig.docker('network', 'rm', NET)
    }

    def "a fresh plan applies exactly what it showed: the service joins the network and secret the plan made first"() {
        given:
        Path p = plan('plan.json')
        List shown = PlaybookRig.JSON.readValue(p.toFile(), List)

        when:
        PlaybookProcess r = swarmops(['apply', p.toString()])

        then:
        r.waitFor() == 0
        r.lines.contains("Applied ${shown.size()} mutation(s) from $p.".toString())
        shown*.kind == ['network.create', 'secret.create', 'service.create']
        shown[2].api.body.TaskTemplate.Networks*.Target == ["<id of network $NET>".toString()]

        and: "the references resolved to the objects' ids, the secret holds the value, and the value was never printed"
        Map svc = PlaybookRig.service(engine, SVC)
        svc.Spec.TaskTemplate.Networks*.Target == [PlaybookRig.named(engine, 'networks', NET)[0].Id]
        svc.Spec.TaskTemplate.ContainerSpec.Secrets*.SecretID == [PlaybookRig.named(engine, 'secrets', SECRET)[0].ID]
        !r.out.contains(value) && !r.err.contains(value) && !p.text.contains(value)
    }

    def "the same plan applied again is stale: what it made changed the engine"() {
        when:
        PlaybookProcess r = swarmops(['apply', dir.resolve('plan.json').toString()])

        then:
        r.waitFor() == 2
        r.errLines()[0].contains('the engine changed since this plan was made')
    }

    def "install-manager's plan seeds files with one-shot tasks: applying it saved is refused, pointing at run --apply"() {
        given:
        Path root = Files.createTempDirectory('swarmops-saved-im')
        Path p = root.resolve('im.json')
        PlaybookProcess made = PlaybookProcess.run(['--host', PlaybookRig.NOWHERE, 'run', PlaybookRig.PLAYBOOK.toString(),
                                                     '--config', PlaybookRig.config(root).toString(), '--advertise-addr', '127.0.0.1',
                                                     '--plan-json', p.toString()], PlaybookRig.secretEnv())

        when:
        PlaybookProcess r = swarmops(['apply', p.toString()], PlaybookRig.secretEnv())

        then:
        made.waitFor() == 0
        r.waitFor() == 2
        r.errLines()[0].contains("it runs one-shot tasks (seed-vol_platform_secrets-agent-challenge_challenge_token) whose results its playbook checks; apply with 'swarmops run PLAYBOOK --apply'")

        cleanup:
        PlaybookRig.deleteTree(root)
    }
}
