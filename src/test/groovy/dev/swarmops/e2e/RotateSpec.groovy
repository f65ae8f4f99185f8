package dev.swarmops.e2e

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.Engine
import dev.swarmops.gate.Sensitive
import dev.swarmops.ops.ServiceSpec
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static dev.swarmops.e2e.E2eRig.IMAGE
import static dev.swarmops.e2e.E2eRig.MANAGER
import static dev.swarmops.e2e.E2eRig.Proc

/**
 * Issue 11 §4 on the rig: the stock rotate.groovy rotates the join tokens, the root CA (a worker
 * gets its new certificate too) and a secret (new version, the service switched onto it with the
 * new value in its file, the old version removed), prints none of the values, and refuses bad
 * input before any change.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class RotateSpec extends Specification {

    static final String W = 'e2e-rotate-w'
    static final String SECRET = 'e2e-rot-token'
    static final String SVC = 'e2e-rot-svc'
    static final String OLD = 'e2e-rotate-old-value-4f1c'
    static final String NEW = 'e2e-rotate-new-value-9b7e'
    static final String PLAYBOOK = 'playbooks/rotate.groovy'

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    Engine manager

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('RotateSpec')
        manager = E2eRig.engine(MANAGER)
        E2eRig.sweep(manager, [W], 'e2e-rot-')
        Proc add = E2eRig.sh([E2eRig.WORKER_SH.toString(), 'add', W, '--join', 'cpu'])
        assert add.code == 0: add
        // no workload label: no job is placed there; it is here to hold a certificate
        E2eRig.apply(manager).nodes().unlabel(W, 'platform.workload')
    }

    def cleanupSpec() {
        try {
            E2eRig.sweep(manager, [W], 'e2e-rot-')
            E2eRig.reads(manager).secrets().list().findAll { it.path('Spec').path('Name').asText().startsWith(SECRET) }
                    .each { E2eRig.apply(manager).secrets().remove(it.path('Spec').path('Name').asText()) }
            manager?.close()
        } finally {
            rigLock?.close()
        }
    }

    JsonNode swarm() {
        manager.get('/swarm')
    }

    List<String> versions() {
        E2eRig.reads(manager).secrets().list()*.path('Spec')*.path('Name')*.asText().findAll { it == SECRET || it.startsWith(SECRET + '-') }.sort()
    }

    /** The secret file as the service's running container reads it. */
    String fileInService() {
        String container = E2eRig.waitFor("a running task of $SVC") {
            E2eRig.reads(manager).services().tasks(SVC).find { it.state() == 'running' && it.desiredState() == 'running' }?.containerId()
        }
        E2eRig.sh(['docker', 'exec', container, 'cat', '/run/secrets/token']).out
    }

    Map state() {
        [swarm: swarm().path('Spec').toString() + swarm().path('JoinTokens').toString() + swarm().path('TLSInfo').toString(),
         secrets: versions(), service: manager.get("/services/$SVC").path('Version').path('Index').asLong()]
    }

    def "a dry-run shows every rotation and changes nothing"() {
        given: "a secret and a service that mounts it"
        E2eRig.apply(manager).secrets().create(SECRET, Sensitive.of('spec', OLD, Sensitive.Encoding.BASE64), [:])
        E2eRig.apply(manager).services().create(new ServiceSpec(SVC).image(IMAGE).replicas(1).constraint('node.role==manager')
                .args(['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done']).secret(SECRET, 'token').updateOrder('start-first'))
        assert fileInService() == OLD
        Map before = state()

        when:
        Proc run = E2eRig.swarmops(['run', PLAYBOOK, '--worker-token', '--manager-token', '--ca', '--secrets', "$SECRET=E2E_ROT_NEW".toString(),
                                    '--remove-old'], [E2E_ROT_NEW: NEW])

        then:
        run.code == 0
        run.out.contains('docker swarm join-token --rotate -q worker')
        run.out.contains('docker swarm join-token --rotate -q manager')
        run.out.contains('docker swarm ca --rotate --detach')
        run.out.contains("docker secret create --label swarmops.rotates=$SECRET $SECRET-1")
        run.out.contains("docker service update")
        run.out.contains("docker secret rm $SECRET")
        !run.all.contains(NEW)
        state() == before
    }

    def "the join tokens rotate; neither the old nor the new ones are printed"() {
        given:
        JsonNode old = swarm().path('JoinTokens')

        when:
        Proc run = E2eRig.swarmops(['run', PLAYBOOK, '--worker-token', '--manager-token', '--apply'])
        JsonNode now = swarm().path('JoinTokens')

        then:
        run.code == 0
        now.path('Worker').asText() != old.path('Worker').asText()
        now.path('Manager').asText() != old.path('Manager').asText()
        [old, now].every { JsonNode t -> !run.all.contains(t.path('Worker').asText()) && !run.all.contains(t.path('Manager').asText()) }
    }

    def "the root CA rotates, and every node - the worker too - holds a certificate of the new one"() {
        given:
        assert E2eRig.nodes(manager).every { it.status() == 'ready' }: 'a node that is down cannot take its new certificate'
        String root = swarm().path('TLSInfo').path('TrustRoot').asText()
        String workerToken = swarm().path('JoinTokens').path('Worker').asText()

        when:
        Proc run = E2eRig.swarmops(['run', PLAYBOOK, '--ca', '--ca-timeout', '180', '--apply'])
        String now = swarm().path('TLSInfo').path('TrustRoot').asText()

        then:
        run.code == 0
        run.out.contains('every node has a certificate of the new root CA')
        now != root
        manager.get('/nodes').every { it.path('Description').path('TLSInfo').path('TrustRoot').asText() == now }
        !swarm().path('RootRotationInProgress').asBoolean()

        and: "the join tokens carry the new CA's digest"
        swarm().path('JoinTokens').path('Worker').asText().split('-')[2] != workerToken.split('-')[2]
    }

    def "a secret rotates: the service reads the new value from the same file, the old version is removed, no value printed"() {
        when:
        Proc run = E2eRig.swarmops(['run', PLAYBOOK, '--secrets', "$SECRET=E2E_ROT_NEW".toString(), '--remove-old', '--apply'], [E2E_ROT_NEW: NEW])

        then:
        run.code == 0
        run.out.contains("$SECRET: $SECRET → $SECRET-1, used by $SVC")
        versions() == ["$SECRET-1".toString()]
        manager.get("/services/$SVC").path('Spec').path('TaskTemplate').path('ContainerSpec').path('Secrets')
                .collect { it.path('SecretName').asText() + ':' + it.path('File').path('Name').asText() } == ["$SECRET-1:token".toString()]
        fileInService() == NEW
        !run.all.contains(NEW)
        !run.all.contains(OLD)
    }

    def "#what: exit 2, one line naming the problem, nothing changed"() {
        given:
        Map before = state()

        when:
        Proc run = E2eRig.swarmops(['run', PLAYBOOK, '--apply'] + args, env)

        then:
        run.code == 2
        run.errLines() == [says]
        state() == before

        where:
        what                      | args                                         | env                 || says
        'nothing asked'           | []                                           | [:]                 || 'swarmops: nothing to rotate: give --worker-token, --manager-token, --ca, --unlock-key or --secrets'
        'a secret that is not there' | ['--secrets', 'e2e-rot-nosuch=X']         | [X: 'v']            || "swarmops: --secrets: no secret 'e2e-rot-nosuch' on this swarm"
        'its new value not set'   | ['--secrets', "$SECRET=E2E_ROT_UNSET".toString()] | [:]           || 'swarmops: --secrets: $E2E_ROT_UNSET (the new value of e2e-rot-token) is not set'
        'the unlock key, autolock off' | ['--unlock-key', '--unlock-key-file', '/tmp/e2e-rot-unlock-key'] | [:] || 'swarmops: autolock is off: there is no unlock key to rotate (docker swarm update --autolock=true turns it on)'
        'an unknown name, no variable' | ['--secrets', 'e2e-rot-other']          | [:]                 || "swarmops: --secrets: no variable for 'e2e-rot-other' (not a platform secret in install-manager.yaml): give it as e2e-rot-other=VAR"
    }

    def "the unlock key rotates into an owner-only file, never onto the screen; without a file it is refused"() {
        given: "autolock on for this feature only: the rig's manager must not come back locked after it"
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory('e2e-rot-').resolve('unlock-key')
        E2eRig.apply(manager).swarm().autolock(true)
        String old = manager.get('/swarm/unlockkey').path('UnlockKey').asText()

        when:
        Proc refused = E2eRig.swarmops(['run', PLAYBOOK, '--unlock-key', '--apply'])
        Proc run = E2eRig.swarmops(['run', PLAYBOOK, '--unlock-key', '--unlock-key-file', file.toString(), '--apply'])
        String now = manager.get('/swarm/unlockkey').path('UnlockKey').asText()

        then:
        refused.code == 2
        refused.errLines() == ['swarmops: --unlock-key needs --unlock-key-file FILE: the new key must reach you, and it is never printed']
        run.code == 0
        run.out.contains('docker swarm unlock-key --rotate -q')
        now != old
        file.text == now
        java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)) == 'rw-------'
        [old, now].every { !refused.all.contains(it) && !run.all.contains(it) }

        cleanup:
        E2eRig.apply(manager).swarm().autolock(false)
        file?.parent?.deleteDir()
    }
}
