package dev.swarmops.playbook

import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.FakeEngine
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * A playbook's own command line: `--help` lists what it declared, and bad options are refused
 * before the engine is asked anything (a stand-in engine records every request).
 */
class PlaybookOptionsSpec extends Specification {

    @Shared
    @AutoCleanup
    FakeEngine fake = new FakeEngine().manager([['mgr000aaa111bbb222ccc333d', 'manager-1']])

    static final String STOCK = 'playbooks/install-manager.groovy'

    def setup() {
        fake.requests.clear()
    }

    /** The usage text with its wrapping undone: one space wherever picocli broke a line. */
    static String flat(String usage) {
        usage.replaceAll(/\s+/, ' ')
    }

    def "run PLAYBOOK --help lists the playbook's own options, marks the destructive ones, and asks the engine nothing"() {
        when:
        CliRun run = Cli.run('--host', fake.endpoint(), 'run', STOCK, '--help')

        then:
        run.code == 0
        run.err == ''
        fake.requests == []

        and: "the description and every declared option with its help"
        String usage = flat(run.out)
        usage.contains('Bring up the platform manager: daemon.json, swarm, encrypted overlays, secrets, PostgreSQL, master config and services, challenges, supervisor unit.')
        usage =~ /--restart-dockerd Write daemon\.json and restart the engine(?:(?! -)[^\[])* \[destructive\]/
        usage =~ /--single-node-placement Label this manager as a job node too(?:(?! -)[^\[])* \[destructive\]/
        usage =~ /--restore Restore the PostgreSQL dumps in --backup-dir into empty databases(?:(?! -)[^\[])* \[destructive\]/
        usage =~ /--static-challenges Create the challenge services listed in the settings(?:(?! -)[^\[])* \[destructive\]/
        usage =~ /--install-supervisor Install and enable the platform-supervisor systemd unit(?:(?! -)[^\[])* \[destructive\]/
        usage =~ /--force Proceed even if this engine is a worker or in another swarm(?:(?! -)[^\[])* \[destructive\]/
        usage =~ /--advertise-addr=VALUE Address other nodes reach this manager at/
        usage =~ /--backup-dir=VALUE Directory of the dumps and rowcounts-\*\.txt baselines/
        usage =~ /--proxy-port=N Host and container port of the master proxy/
        usage =~ /--broker-port=N Host and container port of the master broker/
        usage =~ /--master-config=VALUE Where master\.yaml is written on this host/

        and: "only those six are destructive"
        usage.count('[destructive]') == 6

        and: "the runner's own options"
        ['--apply', '--detailed-exitcode', '--plan-json=FILE', '--config=FILE', '--env-file=FILE', '--step-timeout=SECONDS', '--timeout=SECONDS'].every { usage.contains(it) }
        !usage.contains('--allow-raw-access')
    }

    def "a playbook's bad option is refused with one line and exit 2 before any engine call: #args"() {
        when:
        CliRun run = Cli.run(['--host', fake.endpoint(), 'run', playbook] + args as String[])

        then:
        run.code == 2
        run.errLine() == "swarmops: $message"
        run.out == ''
        fake.requests == []

        where:
        playbook                                                    | args                            || message
        STOCK                                                       | ['--proxy-port', 'abc']         || "Invalid value for option '--proxy-port': 'abc' is not an int (see 'swarmops run install-manager.groovy --help')"
        STOCK                                                       | ['--bogus']                     || "Unknown option: '--bogus' (see 'swarmops run install-manager.groovy --help')"
        STOCK                                                       | ['--apply', 'extra']            || "Unmatched argument at index 1: 'extra' (see 'swarmops run install-manager.groovy --help')"
        STOCK                                                       | ['--broker-port']               || "Missing required parameter for option '--broker-port' (N) (see 'swarmops run install-manager.groovy --help')"
        PlaybookRig.resource('drain.groovy').toString()             | []                              || 'option --node is required (Node to drain)'
        PlaybookRig.resource('drain.groovy').toString()             | ['--node', 'n1', '--wait', '1m'] || "Invalid value for option '--wait': '1m' is not an int (see 'swarmops run drain.groovy --help')"
        PlaybookRig.resource('drain.groovy').toString()             | ['--config', '/etc/x.yaml', '--node', 'n1'] || '--config: this playbook declares no settings'
        'playbooks/no-such-playbook.groovy'                         | []                              || 'no playbook at playbooks/no-such-playbook.groovy'
    }
}
