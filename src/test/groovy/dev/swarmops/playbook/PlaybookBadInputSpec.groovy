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
        given: "every secret variable but those left unset, each value starting with the canary"
        String canary = 'canary-' + UUID.randomUUID()
        Map<String, String> env = PlaybookRig.secretEnv(canary).findAll { k, v -> !(k in unset) } +
                extraEnv.collectEntries { k, v -> [(k): v.replace('@CANARY@', canary)] }
        String configPath = configFile ? resource(configFile).toString() : config.toString()
        List<String> args = ['--host', MANAGER, 'run', PLAYBOOK.toString(), '--apply', '--advertise-addr', addr, '--config', configPath] + extra
        Map before = PlaybookRig.snapshot(engine)
        Map<String, String> hostBefore = PlaybookRig.tree(root)

        when:
        PlaybookProcess p = PlaybookProcess.run(args, env)

        then: "one line on stderr that says what is wrong"
        p.process.exitValue() == 2
        p.errLines().size() == 1
        p.errLines()[0] == 'swarmops: ' + message.replace('@CONFIG@', configPath).replace('@ROOT@', root.toString())

        and: "no step past the preflight ran, and no secret value was printed"
        !p.out.contains('STEP 2/')
        !p.out.contains(canary) && !p.err.contains(canary)

        and: "the engine and the host are as they were"
        PlaybookRig.snapshot(engine) == before
        PlaybookRig.tree(root) == hostBefore

        where:
        what                                         | configFile         | extra                      | addr        | unset                                       | extraEnv                    || message
        'malformed YAML in --config'                 | 'malformed.yaml'   | []                         | ADDR        | []                                          | [:]                         || "@CONFIG@: malformed YAML at line 5, column 4: expected <block end>, but found '<block mapping start>'"
        'an unknown setting key'                     | 'unknown-key.yaml' | []                         | ADDR        | []                                          | [:]                         || "@CONFIG@: unknown setting 'master.proxy.prot' (known here: master.proxy.service, master.proxy.port)"
        'a setting of the wrong type'                | 'wrong-type.yaml'  | []                         | ADDR        | []                                          | [:]                         || "@CONFIG@: setting 'networks.mtu' must be a number, not text"
        'missing secret variables'                   | null               | []                         | ADDR        | ['PRISM_PG_PASSWORD', 'OPENROUTER_API_KEY'] | [:]                         || 'set these environment variables (they hold secret values; --env-file FILE reads them from a file): PRISM_PG_PASSWORD, OPENROUTER_API_KEY'
        'a database URL with another password'       | null               | []                         | ADDR        | []                                          | [MASTER_DATABASE_URL: 'postgresql+asyncpg://platform:@CANARY@-x@platform-master-postgres:5432/platform'] || '$MASTER_DATABASE_URL does not fit platform-master-postgres: its password is not the value of $MASTER_PG_PASSWORD'
        'a registry token without its user'          | null               | []                         | ADDR        | []                                          | [GHCR_TOKEN: '@CANARY@-ghcr'] || 'registry credentials for ghcr.io: set both GHCR_USER and GHCR_TOKEN, or neither'
        'a wrong option type'                        | null               | ['--proxy-port', 'abc']    | ADDR        | []                                          | [:]                         || "Invalid value for option '--proxy-port': 'abc' is not an int" + HELP
        'an unknown option'                          | null               | ['--bogus']                | ADDR        | []                                          | [:]                         || "Unknown option: '--bogus'" + HELP
        'a port out of range'                        | null               | ['--proxy-port', '70000']  | ADDR        | []                                          | [:]                         || "MASTER_PROXY_PORT / --proxy-port: '70000' is not a port"
        'a port variable that is not a number'       | null               | []                         | ADDR        | []                                          | [MASTER_BROKER_PORT: '80a'] || "MASTER_BROKER_PORT / --broker-port: '80a' is not a port"
        'the proxy on the broker\'s port'            | null               | ['--proxy-port', '18082']  | ADDR        | []                                          | [:]                         || 'the proxy and the broker cannot both publish port 18082'
        '--restore without the backup dir'           | null               | ['--restore']              | ADDR        | []                                          | [:]                         || '--backup-dir: @ROOT@/backup does not exist'
        'an advertise address of another host'       | null               | []                         | '192.0.2.1' | []                                          | [:]                         || '--advertise-addr: 192.0.2.1 is not an address of this machine'
    }
}
