package dev.swarmops.playbook

import dev.swarmops.ops.BadInputException
import spock.lang.Specification

/** A playbook's settings: its YAML defaults overlaid by an operator's --config, strictly. */
class SettingsSpec extends Specification {

    static final Map DEFAULTS = [
            engine  : [min_version: '23.0'],
            networks: [challenges: 'platform_challenges', mtu: 1450],
            secrets : [platform_admin_token: 'PLATFORM_ADMIN_TOKEN'],
            commands: [restart_engine: ['systemctl', 'restart', 'docker']],
            daemon  : [live_restore: false],
    ]

    def "settings text parses into the mapping it spells: #text.inspect()"() {
        expect:
        Settings.parse('f.yaml', text) == parsed

        where:
        text                                  || parsed
        ''                                    || [:]
        '# only a comment\n'                  || [:]
        'a: 1\n'                              || [a: 1]
        'a:\n  b: text\n  c: [x, y]\n'        || [a: [b: 'text', c: ['x', 'y']]]
        'mtu: 1450\nsize: "5"\nenabled: true\n' || [mtu: 1450, size: '5', enabled: true]
    }

    def "malformed settings are refused naming the file, line and column: #text.inspect()"() {
        when:
        Settings.parse('f.yaml', text)

        then:
        BadInputException e = thrown()
        e.message == message

        where:
        text                                                 || message
        'a: [1, 2\n'                                         || "f.yaml: malformed YAML at line 2, column 1: expected ',' or ']', but got <stream end>"
        'a: b: c\n'                                          || 'f.yaml: malformed YAML at line 1, column 5: mapping values are not allowed here'
        'master:\n  proxy:\n    limit: 1g\n   image: x\n'    || "f.yaml: malformed YAML at line 4, column 4: expected <block end>, but found '<block mapping start>'"
        'a: 1\na: 2\n'                                       || 'f.yaml: malformed YAML at line 2, column 1: found duplicate key a'
        '- a\n- b\n'                                         || 'f.yaml: the top level must be a mapping of settings'
        'just text\n'                                        || 'f.yaml: the top level must be a mapping of settings'
    }

    def "an override replaces exactly the keys it names, at any depth: #override"() {
        when:
        Map merged = Settings.overlay(DEFAULTS, override, 'ops.yaml')

        then:
        merged == expected

        and: "the defaults themselves are left as they were"
        DEFAULTS.networks == [challenges: 'platform_challenges', mtu: 1450]
        DEFAULTS.engine == [min_version: '23.0']

        where:
        override                                  || expected
        [:]                                       || DEFAULTS
        [networks: [mtu: 1400]]                   || DEFAULTS + [networks: [challenges: 'platform_challenges', mtu: 1400]]
        [engine: [min_version: '24.0']]           || DEFAULTS + [engine: [min_version: '24.0']]
        [commands: [restart_engine: ['true']]]    || DEFAULTS + [commands: [restart_engine: ['true']]]
        [daemon: [live_restore: true]]            || DEFAULTS + [daemon: [live_restore: true]]
        [networks: [challenges: null]]            || DEFAULTS + [networks: [challenges: null, mtu: 1450]]
    }

    def "an override naming an unknown key or changing a value's kind is refused: #override"() {
        when:
        Settings.overlay(DEFAULTS, override, 'ops.yaml')

        then:
        BadInputException e = thrown()
        e.message == message

        where:
        override                                   || message
        [netwroks: [mtu: 1400]]                    || "ops.yaml: unknown setting 'netwroks' (known here: engine, networks, secrets, commands, daemon)"
        [networks: [mut: 1400]]                    || "ops.yaml: unknown setting 'networks.mut' (known here: networks.challenges, networks.mtu)"
        [networks: [mtu: 'large']]                 || "ops.yaml: setting 'networks.mtu' must be a number, not text"
        [networks: 'platform_challenges']          || "ops.yaml: setting 'networks' must be a mapping, not text"
        [commands: [restart_engine: 'reboot']]     || "ops.yaml: setting 'commands.restart_engine' must be a list, not text"
        [daemon: [live_restore: 'yes please']]     || "ops.yaml: setting 'daemon.live_restore' must be true or false, not text"
        [engine: [min_version: 24.0]]              || "ops.yaml: setting 'engine.min_version' must be text, not a number"
    }

    /** Every leaf of nested settings by its dotted key. */
    static Map<String, Object> leaves(Map settings, String prefix = '') {
        settings.collectEntries { k, v -> v instanceof Map ? leaves(v, "$prefix${k}.") : [("$prefix$k".toString()): v] }
    }

    def "the stock settings parse, and the rig override overlays them without an unknown key, changing only images, host paths and commands"() {
        given:
        Map defaults = Settings.parse('install-manager.yaml', PlaybookRig.PROJECT.resolve('playbooks/install-manager.yaml').toFile().text)
        String rig = PlaybookRig.getResource('/playbooks/rig-config.yaml').getText('UTF-8').replace('@ROOT@', '/tmp/r')

        when:
        Map merged = Settings.overlay(defaults, Settings.parse('rig-config.yaml', rig), 'rig-config.yaml')
        Map<String, Object> stock = leaves(defaults)

        then: "the rig's stand-in images and host paths"
        merged.images == [master: 'swarmops/platform-master:rig', postgres: 'swarmops/postgres:rig',
                          agent_challenge: 'swarmops/challenge:rig', prism: 'swarmops/challenge:rig']
        merged.paths.daemon_json == '/tmp/r/etc/docker/daemon.json'
        merged.backup_dir == '/tmp/r/backup'
        merged.master.config.docker.broker_workspace_dir == '/tmp/r/broker-workspace'

        and: "nothing else differs, not even a sibling of what it overrides: secrets, PostgreSQL, ports, networks and challenges are the stock ones"
        leaves(merged).keySet() == stock.keySet()
        leaves(merged).findAll { k, v -> stock[k] != v }.keySet() == ['paths.daemon_json', 'paths.master_yaml', 'paths.supervisor_unit',
                'commands.restart_engine', 'commands.systemd_reload', 'commands.enable_supervisor', 'images.master', 'images.postgres',
                'images.agent_challenge', 'images.prism', 'backup_dir', 'master.config.docker.broker_workspace_dir'] as Set
    }
}
