// Brings up the platform manager as the platform's deploy/swarm/install-swarm.sh does (pinned
// e33109bf), its defects fixed: the real master image and command, master.yaml in the master's own
// schema, the thirteen secrets, PostgreSQL, the secrets volume, the supervisor unit.
// Dry-run by default (prints every planned change, changes nothing); --apply mutates; each
// destructive step has its own flag. docs/install-manager.md maps upstream to this.
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Bring up the platform manager: daemon.json, swarm, encrypted overlays, secrets, PostgreSQL, master config and services, challenges, supervisor unit.'

option 'advertise-addr', type: String, help: 'Address other nodes reach this manager at (required to initialise the swarm)'
option 'restart-dockerd', type: Boolean, destructive: true, help: 'Write daemon.json and restart the engine (else: show the change and the manual steps)'
option 'single-node-placement', type: Boolean, destructive: true, help: 'Label this manager as a job node too (jobs beside the control plane)'
option 'restore', type: Boolean, destructive: true, help: 'Restore the PostgreSQL dumps in --backup-dir into empty databases, verified against its row counts'
option 'backup-dir', type: String, help: 'Directory of the dumps and rowcounts-*.txt baselines (default: $BACKUP_DIR or the settings)'
option 'static-challenges', type: Boolean, destructive: true, help: 'Create the challenge services listed in the settings'
option 'install-supervisor', type: Boolean, destructive: true, help: 'Install and enable the platform-supervisor systemd unit'
option 'force', type: Boolean, destructive: true, help: 'Proceed even if this engine is a worker or in another swarm (it leaves it)'
option 'proxy-port', type: Integer, help: 'Host and container port of the master proxy (default: $MASTER_PROXY_PORT or the settings)'
option 'broker-port', type: Integer, help: 'Host and container port of the master broker (default: $MASTER_BROKER_PORT or the settings)'
option 'master-config', type: String, help: 'Where master.yaml is written on this host, for the supervisor (default: $MASTER_CONFIG_PATH or the settings)'

settings 'install-manager.yaml'

def port = { String option, String envVar, Map svc ->
    def v = opts[option] ?: env[envVar] ?: svc.port
    if (!(v.toString() ==~ /\d{1,5}/) || (v as int) < 1 || (v as int) > 65535) reject "$envVar / --$option: '$v' is not a port"
    v as int
}
def proxyPort = { port('proxy-port', 'MASTER_PROXY_PORT', cfg.master.proxy) }
def brokerPort = { port('broker-port', 'MASTER_BROKER_PORT', cfg.master.broker) }
def brokerUrl = { "http://${cfg.master.broker.service}:${brokerPort()}" }
def backupDir = { opts['backup-dir'] ?: env.BACKUP_DIR ?: cfg.backup_dir }
def configPath = { opts['master-config'] ?: env.MASTER_CONFIG_PATH ?: cfg.paths.master_yaml }
def masterDb = { cfg.postgres.find { it.url_secret == 'platform_master_database_url' } }
// where each master secret is mounted, and so the path the config names (upstream pointed
// admin_token_file elsewhere, and admin routes failed closed)
def adminTokenFile = '/run/secrets/admin_token'
def databaseUrlFile = '/run/secrets/master_database_url'

def endpoint = null       // chosen in preflight: vip or dnsrr, and why
def credentials = null    // X-Registry-Auth from $GHCR_USER/$GHCR_TOKEN, or none
def masterConfig = null   // the content-addressed config name, set by 'master config'

step('preflight') {
    def state = swarm.state   // an unreachable engine was reported before the first step
    if (engineVersion != 'none' && !engineAtLeast(cfg.engine.min_version))
        fail "engine $engineVersion is older than ${cfg.engine.min_version} (Engine 20.10 has moby#44378); upgrade it"
    say "engine ${engineVersion}, swarm ${state.localState()}${state.manager() ? ' (manager)' : ''}"
    if (state.active() && !state.manager() && !opts.force)
        fail 'this engine is a worker in another swarm; run this on the manager, or leave that swarm (or pass --force)'
    swarm.refuseLiveRestoreUnless(opts.restartDockerd, 'restart-dockerd')
    def missing = cfg.secrets.values().findAll { !env[it] }
    if (missing) reject "set these environment variables (they hold secret values; --env-file FILE reads them from a file): ${missing.join(', ')}"
    say "secret values present in: ${cfg.secrets.values().join(', ')} (values hidden)"
    cfg.postgres.each { pg ->
        databases.checkUrl(urlEnv: cfg.secrets[pg.url_secret], passwordEnv: cfg.secrets[pg.password_secret],
                           host: pg.service, db: pg.db, user: pg.user)
    }
    credentials = services.registryAuth(cfg.registry.server, cfg.registry.user_env, cfg.registry.token_env)
    say credentials ? "registry credentials for ${cfg.registry.server} from \$${cfg.registry.user_env} / \$${cfg.registry.token_env} (sent as X-Registry-Auth only)"
                     : "no registry credentials (\$${cfg.registry.user_env} / \$${cfg.registry.token_env} unset): images must be public or present"
    def addr = opts['advertise-addr']
    if (addr) {
        if (!(addr ==~ /[0-9a-fA-F.:\[\]]+/)) reject "--advertise-addr: '$addr' is not an IP address"
        if (!host.isLocalAddress(addr)) reject "--advertise-addr: $addr is not an address of this machine"
    } else if (!state.active()) {
        reject '--advertise-addr is required to initialise the swarm'
    }
    if (opts.restore && !host.exists(backupDir())) reject "--backup-dir: ${backupDir()} does not exist"
    if (opts.restore) cfg.postgres.each { pg ->
        if (!host.exists("${backupDir()}/${pg.dump}")) reject "--backup-dir: ${backupDir()}/${pg.dump} is missing"
    }
    // a bad port is bad input: refuse it here, before any step changes anything
    if (proxyPort() == brokerPort()) reject "the proxy and the broker cannot both publish port ${proxyPort()}"
    endpoint = host.endpointMode(cfg.endpoint_mode)
    say "endpoint mode ${endpoint.mode()}: ${endpoint.why()}"
}

step('daemon.json') {
    host.installDaemonJson(path: cfg.paths.daemon_json, keys: daemonKeys('manager', []), when: opts.restartDockerd, flag: 'restart-dockerd',
                           validate: cfg.commands.validate_daemon_json, restart: cfg.commands.restart_engine)
}

step('swarm init') {
    swarm.ensureManager(advertiseAddr: opts['advertise-addr'], force: opts.force)
}

step('single-node placement', requires: 'single-node-placement') {
    warn 'broker jobs will run on this manager, beside the control plane'
    def self = nodes.self
    // one label key: a manager with GPUs takes GPU jobs (the scarcer resource), otherwise CPU jobs
    nodes.label(self, 'platform.workload', self.genericResources().containsKey('NVIDIA-GPU') ? 'gpu' : 'cpu')
}

step('overlay networks') {
    networks.ensure(cfg.networks.challenges, encrypted: true, attachable: true, internal: false, mtu: cfg.networks.mtu)
    networks.ensure(cfg.networks.jobs, encrypted: true, attachable: true, internal: true, mtu: cfg.networks.mtu)
}

step('secrets') {
    cfg.secrets.each { name, envVar -> secrets.ensure(name, fromEnv: envVar) }
}

step('postgres') {
    cfg.postgres.each { pg ->
        def password = secrets.current(pg.password_secret)   // the version in use: NAME-N after rotate.groovy
        services.ensure(pg.service) {
            image cfg.images.postgres
            registryAuth credentials
            replicas 1
            restartCondition 'any'
            hostname pg.service
            constraint cfg.postgres_placement
            network cfg.networks.challenges
            endpointMode endpoint.mode()
            mount 'volume', pg.volume, '/var/lib/postgresql/data', false
            secret password, 'postgres_password'
            env 'POSTGRES_DB', pg.db
            env 'POSTGRES_USER', pg.user
            env 'POSTGRES_PASSWORD_FILE', '/run/secrets/postgres_password'
            env 'PGDATA', '/var/lib/postgresql/data/pgdata'
            label 'platform.role', 'postgres'
        }
    }
}

step('restore databases', requires: 'restore') {
    cfg.postgres.each { pg ->
        databases.restore(service: pg.service, db: pg.db, user: pg.user, passwordSecret: secrets.current(pg.password_secret),
                          backupDir: backupDir(), dump: pg.dump, rowcounts: pg.rowcounts,
                          image: cfg.images.postgres, network: cfg.networks.challenges)
    }
}

step('master config') {
    def c = cfg.master.config
    def master = [network: c.network,
                  master: c.master + [proxy_port: proxyPort()],
                  database: [url: "postgresql+asyncpg://${masterDb().user}@${masterDb().service}:5432/${masterDb().db}".toString()],
                  docker: c.docker + [network_name: cfg.networks.challenges, broker_port: brokerPort(), broker_url: brokerUrl().toString()],
                  security: [admin_token_file: adminTokenFile],
                  observability: c.observability]
    def text = "# Rendered by swarmops install-manager.groovy. The database URL with its password comes from\n" +
               "# the platform_master_database_url secret, read into PLATFORM_DATABASE__URL at start.\n" + yaml(master)
    masterConfig = configs.ensureVersioned(cfg.master.config_name, text)
    host.write(configPath(), text, '0644')
}

step('secrets volume') {
    cfg.seed_tokens.each { t ->
        volumes.seedFile(volume: cfg.secrets_volume, file: "${t.slug}_challenge_token".toString(), secret: secrets.current(t.secret),
                         fromEnv: cfg.secrets[t.secret], uid: cfg.master.uid, gid: cfg.master.uid, mode: '0600', image: cfg.images.postgres)
    }
}

// The database URL reaches the process from its secret file, in the process's environment only:
// never the service spec, a label or argv (upstream's later fix put it in the service env).
def masterCommand = { String role ->
    ['/bin/sh', '-c', ("PLATFORM_DATABASE__URL=\$(cat $databaseUrlFile) || exit 1; export PLATFORM_DATABASE__URL; " +
                       "exec platform master $role --config ${cfg.master.config_path}").toString()]
}

def masterService = { String role, Map svc, int published ->
    // the versions in use: after rotate.groovy, NAME-N, which a re-run must not switch back
    def adminToken = secrets.current('platform_admin_token')
    def databaseUrl = secrets.current('platform_master_database_url')
    services.ensure(svc.service) {
        image cfg.images.master
        registryAuth credentials
        args masterCommand(role)
        replicas 1
        restartCondition 'any'
        updateOrder 'stop-first'
        hostname svc.service
        network cfg.networks.challenges
        endpointMode endpoint.mode()
        publishHost published, published
        config masterConfig, cfg.master.config_path
        secret adminToken, adminTokenFile - '/run/secrets/'
        secret databaseUrl, databaseUrlFile - '/run/secrets/'
        mount 'volume', cfg.secrets_volume, cfg.master.config.docker.secret_dir, false
        env 'PLATFORM_CONFIG', cfg.master.config_path
        label 'platform.role', role
        // on the manager: the broker drives its engine, and both read the secrets volume seeded here
        constraint 'node.role==manager'
        if (role == 'broker') {
            user 'root'
            mount 'bind', svc.engine_socket, '/var/run/docker.sock', false
            mount 'bind', cfg.master.config.docker.broker_workspace_dir, cfg.master.config.docker.broker_workspace_dir, false
        }
    }
}

step('master services') {
    // the broker's workspace is bind-mounted at the same path: it must exist on this host
    host.mkdir(cfg.master.config.docker.broker_workspace_dir, '0755')
    masterService('broker', cfg.master.broker, brokerPort())
    masterService('proxy', cfg.master.proxy, proxyPort())
}

step('challenge services', requires: 'static-challenges') {
    cfg.challenges.each { c ->
        def mounted = c.secrets.collectEntries { name, target -> [(secrets.current(name)): target] }
        services.ensure(c.name) {
            image cfg.images[c.image]
            registryAuth credentials
            if (c.command) args c.command
            replicas 1
            restartCondition 'any'
            updateOrder 'stop-first'
            hostname c.name
            constraint cfg.master.config.docker.challenge_placement_constraint
            network cfg.networks.challenges
            endpointMode endpoint.mode()
            mount 'volume', c.data_volume, '/data', false
            c.mounts.each { m ->
                def (type, source, target, ro) = m.tokenize(':')
                mount type, source, target, ro == 'ro'
            }
            c.env.each { k, v -> env k, v.toString() }
            if (c.env.CHALLENGE_DOCKER_BACKEND == 'broker') env 'CHALLENGE_DOCKER_BROKER_URL', brokerUrl().toString()
            mounted.each { name, target -> secret name, target }
            label 'platform.role', 'challenge'
        }
    }
}

step('supervisor unit', requires: 'install-supervisor') {
    def s = cfg.supervisor
    def written = host.write(cfg.paths.supervisor_unit, """\
[Unit]
Description=Platform Network control-plane supervisor (Docker backend)
Documentation=https://github.com/PlatformNetwork/platform
After=network-online.target docker.service
Wants=network-online.target
Requires=docker.service

[Service]
Type=notify
NotifyAccess=main
WorkingDirectory=${s.working_directory}
Environment=${s.environment}
ExecStart=${s.exec_start} --config ${configPath()}
Restart=always
RestartSec=5s
WatchdogSec=30s
TimeoutStopSec=30s
# its state (registry, release checkouts, uv cache) lives under ${s.state_dir}: writable, the rest read-only
StateDirectory=${s.state_dir - '/var/lib/'}
ReadWritePaths=${s.state_dir}
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=true
PrivateTmp=true
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectKernelLogs=true
ProtectControlGroups=true
ProtectClock=true
ProtectHostname=true
RestrictSUIDSGID=true
RestrictRealtime=true
LockPersonality=true
SystemCallArchitectures=native

[Install]
WantedBy=multi-user.target
""", '0644')
    if (!host.exists('/run/systemd/system')) {
        warn 'no systemd on this host: the unit cannot be enabled here'
    } else if (written || !host.unitEnabled('platform-supervisor.service')) {
        host.run('reload systemd units', cfg.commands.systemd_reload)
        host.run('enable and start the supervisor', cfg.commands.enable_supervisor)
    } else {
        say '= platform-supervisor.service enabled'
    }
}

step('healthcheck', applyOnly: true) {
    def names = cfg.postgres*.service + [cfg.master.broker.service, cfg.master.proxy.service]
    if (opts.staticChallenges) names += cfg.challenges*.name
    services.waitConverged(names, cfg.health.timeout_seconds as int)
    [(cfg.master.broker.service): brokerPort(), (cfg.master.proxy.service): proxyPort()].each { svc, p ->
        def url = "http://${cfg.health.host}:${p}${cfg.health.path}"
        def code = host.waitHttp(url, 200, cfg.health.timeout_seconds as int)
        if (code != 200) fail "$svc: GET $url answered ${code < 0 ? 'nothing' : code}, expected 200"
        say "$svc: GET $url -> 200"
    }
}
