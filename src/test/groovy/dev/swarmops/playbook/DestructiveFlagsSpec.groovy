package dev.swarmops.playbook

import com.fasterxml.jackson.databind.ObjectMapper
import dev.swarmops.gate.FileWrite
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.playbook.PlaybookRig.ADDR
import static dev.swarmops.playbook.PlaybookRig.NOWHERE

/**
 * install-manager.groovy's destructive steps happen only behind their own flags. Planned with no
 * engine reachable (a dry-run then plans as if against an empty one), so no rig is needed.
 */
class DestructiveFlagsSpec extends Specification {

    @TempDir
    Path root

    PlaybookRig.Run plan(List<String> extra) {
        PlaybookRig.run(NOWHERE, PlaybookRig.secretEnv(), ['--config', PlaybookRig.config(root).toString(), '--advertise-addr', ADDR] + extra)
    }

    /** Whether r plans this mutation ("kind target"); a trailing * matches any rest (a node id, a content hash). */
    static boolean plans(PlaybookRig.Run r, String mutation) {
        mutation.endsWith('*') ? r.planned().any { it.startsWith(mutation[0..-2]) } : mutation in r.planned()
    }

    def "without --#flag the #step step is reported as needing it and counted as skipped; with it, it plans #planned"() {
        given: "the dumps --restore reads (its preflight refuses a backup dir without them)"
        Files.createDirectories(root.resolve('backup'))
        ['platform', 'agent-challenge', 'prism'].each { root.resolve("backup/${it}.sql").toFile().text = "-- $it dump\n" }
        List<String> mutations = planned*.replace('@ROOT@', root.toString())

        when:
        PlaybookRig.Run without = plan([])

        then: "reported, counted, and nothing of it planned"
        without.result.exitCode() == 0
        without.lines.count { it.endsWith(report) } == 1
        without.result.tally().skippedCount() == 5
        without.summary().endsWith(', 5 skipped (flag not given).')
        mutations.every { !plans(without, it) }

        when:
        PlaybookRig.Run with = plan(['--' + flag])

        then: "its step plans the change; one skip fewer"
        with.result.exitCode() == 0
        !with.lines.any { it.contains("needs --$flag") }
        with.result.tally().skippedCount() == 4
        with.summary().endsWith(', 4 skipped (flag not given).')
        mutations.every { plans(with, it) }

        and: "still a dry-run: nothing applied, nothing written"
        with.result.outcomes().every { !it.applied() }
        !Files.exists(root.resolve('etc'))

        where:
        flag                    | step                    | report                                                            || planned
        'restart-dockerd'       | 'daemon.json'           | 'needs changes (not written: needs --restart-dockerd):'           || ['file.write @ROOT@/etc/docker/daemon.json', 'command.run true']
        'single-node-placement' | 'single-node placement' | 'single-node placement  (skipped: needs --single-node-placement)' || ['node.label *']
        'restore'               | 'restore databases'     | 'restore databases  (skipped: needs --restore)'                   || PlaybookRig.POSTGRES.collectMany { ["task.run restore-$it", "config.create restored-$it-*"]*.toString() }
        'static-challenges'     | 'challenge services'    | 'challenge services  (skipped: needs --static-challenges)'        || PlaybookRig.CHALLENGES.collect { "service.create $it".toString() }
        'install-supervisor'    | 'supervisor unit'       | 'supervisor unit  (skipped: needs --install-supervisor)'          || ['file.write @ROOT@/etc/systemd/system/platform-supervisor.service']
    }

    def "with --restart-dockerd the existing daemon.json is merged: the operator's keys stay, live-restore goes and the run says why"() {
        given: "an operator's daemon.json with a key of their own and live-restore"
        Path daemonJson = root.resolve('etc/docker/daemon.json')
        Files.createDirectories(daemonJson.parent)
        daemonJson.toFile().text = '{"debug": true, "live-restore": true, "log-driver": "journald"}\n'

        when:
        PlaybookRig.Run r = plan(['--restart-dockerd'])
        FileWrite write = r.result.outcomes()*.mutation().find { it instanceof FileWrite && it.path() == daemonJson } as FileWrite

        then:
        r.result.exitCode() == 0
        r.lines.contains('  ! ' + dev.swarmops.host.DaemonJson.LIVE_RESTORE_REASON)
        new ObjectMapper().readValue(write.content(), Map) == [
                'debug'            : true,
                'log-driver'       : 'json-file',
                'log-opts'         : ['max-size': '50m', 'max-file': '5'],
                'no-new-privileges': true]

        and: "shown as a change to the existing file, then the restart, before anything else"
        write.change().name() == 'UPDATE'
        write.diff().any { it.contains('live-restore') }
        r.planned().take(2) == ["file.write $daemonJson".toString(), 'command.run true']

        and: "the operator's file is untouched by a dry-run"
        daemonJson.toFile().text == '{"debug": true, "live-restore": true, "log-driver": "journald"}\n'
    }
}
