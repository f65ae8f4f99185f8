package dev.swarmops.playbook

import dev.swarmops.engine.Engine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.playbook.PlaybookRig.ADDR
import static dev.swarmops.playbook.PlaybookRig.MANAGER
import static dev.swarmops.playbook.PlaybookRig.PLAYBOOK
import static dev.swarmops.playbook.PlaybookRig.resource

/**
 * Bad input to install-manager.groovy --apply, on the rig's manager with none of the platform on
 * it (so a run that got anywhere would show): one clear line, exit 2, no secret value anywhere,
 * and neither the engine nor the host changed. Run as a process: its environment is the input.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class PlaybookBadInputSpec extends Specification {

    static final String HELP = " (see 'swarmops run install-manager.groovy --help')"

    @Shared
    Path root
    @Shared
    Path config
    @Shared
    Engine engine
    @Shared
    PlaybookRig.PlatformLock lock

    def setupSpec() {
        lock = new PlaybookRig.PlatformLock()
        PlaybookRig.removePlatformObjects()
        root = Files.createTempDirectory('swarmops-pb-bad')
        config = PlaybookRig.config(root)
        engine = PlaybookRig.engine()
    }

    def cleanupSpec() {
        try {
            engine?.close()
            PlaybookRig.removePlatformObjects()   // only matters if a bad input got through
        } finally {
            PlaybookRig.deleteTree(root)
            lock?.close()
        }
    }

    def "#what: one clear line, exit 2, and nothing changed"() {
        given:
        String canary = 'canary-' + UUID.randomUUID()
        Map<String, String> env = [PLATFORM_ADMIN_TOKEN: canary] + (brokerSet ? [PLATFORM_BROKER_TOKEN: canary + '-broker'] : [:]) + extraEnv
        List<String> args = ['--host', MANAGER, 'run', PLAYBOOK.toString(), '--apply', '--advertise-addr', addr,
                             '--config', configFile ? resource(configFile).toString() : config.toString()] + extra
        Map before = PlaybookRig.snapshot(engine)
        Map<String, String> hostBefore = PlaybookRig.tree(root)

        when:
        PlaybookProcess p = PlaybookProcess.run(args, env)

        then: "one line on stderr that says what is wrong"
        p.process.exitValue() == 2
        p.errLines().size() == 1
        p.errLines()[0] == 'swarmops: ' + message.replace('@CONFIG@', configFile ? resource(configFile).toString() : '')

        and: "no step past the preflight ran, and no secret value was printed"
        !p.out.contains('STEP 2/')
        !p.out.contains(canary) && !p.err.contains(canary)

        and: "the engine and the host are as they were"
        PlaybookRig.snapshot(engine) == before
        PlaybookRig.tree(root) == hostBefore

        where:
        what                                   | configFile         | extra                      | addr        | brokerSet | extraEnv                      || message
        'malformed YAML in --config'           | 'malformed.yaml'   | []                         | ADDR        | true      | [:]                           || "@CONFIG@: malformed YAML at line 5, column 4: expected <block end>, but found '<block mapping start>'"
        'an unknown setting key'               | 'unknown-key.yaml' | []                         | ADDR        | true      | [:]                           || "@CONFIG@: unknown setting 'master.proxy.limit_memroy' (known here: master.proxy.service, master.proxy.image, master.proxy.command, master.proxy.port, master.proxy.target_port, master.proxy.limit_cpu, master.proxy.limit_memory, master.proxy.limit_pids)"
        'a setting of the wrong type'          | 'wrong-type.yaml'  | []                         | ADDR        | true      | [:]                           || "@CONFIG@: setting 'networks.mtu' must be a number, not text"
        'a missing secret variable'            | null               | []                         | ADDR        | false     | [:]                           || 'set these environment variables (they hold secret values): PLATFORM_BROKER_TOKEN'
        'a wrong option type'                  | null               | ['--proxy-port', 'abc']    | ADDR        | true      | [:]                           || "Invalid value for option '--proxy-port': 'abc' is not an int" + HELP
        'an unknown option'                    | null               | ['--bogus']                | ADDR        | true      | [:]                           || "Unknown option: '--bogus'" + HELP
        'a port out of range'                  | null               | ['--proxy-port', '70000']  | ADDR        | true      | [:]                           || "MASTER_PROXY_PORT / --proxy-port: '70000' is not a port"
        'a port variable that is not a number' | null               | []                         | ADDR        | true      | [MASTER_BROKER_PORT: '80a']   || "MASTER_BROKER_PORT / --broker-port: '80a' is not a port"
        'an advertise address of another host' | null               | []                         | '192.0.2.1' | true      | [:]                           || '--advertise-addr: 192.0.2.1 is not an address of this machine'
    }
}
