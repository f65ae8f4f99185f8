package dev.swarmops.playbook

import dev.swarmops.e2e.E2eRig
import dev.swarmops.engine.Engine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.playbook.PlaybookRig.ADDR
import static dev.swarmops.playbook.PlaybookRig.BROKER
import static dev.swarmops.playbook.PlaybookRig.MANAGER
import static dev.swarmops.playbook.PlaybookRig.PROXY

/**
 * Issue 11 §3 on the rig: the stock upgrade.groovy on the platform install-manager brought up.
 * A dry-run shows the image diffs and changes nothing; a good tag rolls both master services and
 * they answer; a tag whose image cannot start is rolled back, both services running what they
 * ran before and answering again.
 */
@Stepwise
@Requires({ PlaybookRig.rig() })
class UpgradeSpec extends Specification {

    static final String UPGRADE = 'playbooks/upgrade.groovy'
    static final String MASTER = System.getenv('RIG_MASTER_IMAGE') ?: 'swarmops/platform-master:rig'
    static final String REPO = MASTER.substring(0, MASTER.lastIndexOf(':'))
    static final String GOOD = 'rig-upgrade-good'
    static final String BAD = 'rig-upgrade-bad'

    @Shared
    PlaybookRig.PlatformLock lock
    @Shared
    Path root
    @Shared
    Path config
    @Shared
    Engine engine

    def setupSpec() {
        lock = new PlaybookRig.PlatformLock()
        PlaybookRig.removePlatformObjects()
        root = Files.createTempDirectory('swarmops-pb-upgrade')
        config = PlaybookRig.config(root)
        engine = PlaybookRig.engine()
        // the next release is the same image under a new tag; a broken one has no `platform` to run
        assert PlaybookRig.docker('tag', MASTER, "$REPO:$GOOD").code == 0
        assert PlaybookRig.docker('tag', System.getenv('RIG_IMAGE') ?: 'swarmops/busybox:rig', "$REPO:$BAD").code == 0
        PlaybookRig.Run up = PlaybookRig.run(MANAGER, PlaybookRig.secretEnv(), ['--config', config.toString(), '--advertise-addr', ADDR, '--apply'])
        assert up.result.exitCode() == 0: up
    }

    def cleanupSpec() {
        try {
            engine?.close()
            PlaybookRig.removePlatformObjects()
            PlaybookRig.docker('rmi', "$REPO:$GOOD", "$REPO:$BAD")
        } finally {
            PlaybookRig.deleteTree(root)
            lock?.close()
        }
    }

    String image(String service) {
        PlaybookRig.service(engine, service).Spec.TaskTemplate.ContainerSpec.Image.toString().replaceFirst('@.*', '')
    }

    E2eRig.Proc upgrade(String tag, List<String> extra = []) {
        E2eRig.swarmops(['run', UPGRADE, '--config', config.toString(), '--image-tag', tag] + extra)
    }

    boolean answering() {
        PlaybookRig.httpGet('http://127.0.0.1:18080/health') == 200 && PlaybookRig.httpGet('http://127.0.0.1:18082/health') == 200
    }

    def "a dry-run shows each image change as a field diff and changes nothing"() {
        given:
        Map before = PlaybookRig.snapshot(engine)

        when:
        E2eRig.Proc run = upgrade(GOOD)

        then:
        run.code == 0
        [BROKER, PROXY].every { run.out.contains("$it: $MASTER → $REPO:$GOOD") }
        run.out.contains("image: $MASTER → $REPO:$GOOD")
        PlaybookRig.snapshot(engine) == before
    }

    def "a good tag: both master services roll to it, stop-first, and answer"() {
        when:
        E2eRig.Proc run = upgrade(GOOD, ['--apply'])

        then:
        run.code == 0
        [BROKER, PROXY].every { image(it) == "$REPO:$GOOD".toString() }
        [BROKER, PROXY].every { PlaybookRig.service(engine, it).Spec.UpdateConfig.Order == 'stop-first' }
        run.out.contains('http://127.0.0.1:18080/health -> 200')
        answering()
    }

    def "a tag whose image cannot start: rolled back, both services on what they ran before and answering again"() {
        when:
        E2eRig.Proc run = upgrade(BAD, ['--apply', '--health-timeout', '60'])

        then: "the run fails with one line saying what it did"
        run.code == 1
        run.errLines() == ["swarmops: $BROKER did not become healthy on $REPO:$BAD; rolled back $BROKER to what they ran before, answering again".toString()]

        and: "the proxy was never touched, the broker runs the good tag again, both answer"
        [BROKER, PROXY].every { image(it) == "$REPO:$GOOD".toString() }
        PlaybookRig.waitUntil(60, 'both master services to answer') { answering() }
    }
}
