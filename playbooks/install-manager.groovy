// Brings up the platform manager: the seed's deploy/swarm/install-swarm.sh as a playbook.
// Dry-run by default (prints every planned change, changes nothing); --apply mutates; each
// destructive step has its own flag.
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Bring up the Swarm manager: daemon.json, swarm init, encrypted overlays, secrets, master config and services, supervisor unit.'

option 'advertise-addr', type: String, help: 'Address other nodes reach this manager at (required to initialise the swarm)'
option 'restart-dockerd', type: Boolean, destructive: true, help: 'Write daemon.json and restart the engine (else: show the change and the manual steps)'
option 'single-node-placement', type: Boolean, destructive: true, help: 'Label this manager as a job node too (jobs beside the control plane)'
option 'static-challenges', type: Boolean, destructive: true, help: 'Create the challenge services listed in the settings'
option 'force', type: Boolean, destructive: true, help: 'Proceed even if this engine is a worker or in another swarm (it leaves it)'
option 'proxy-port', type: Integer, help: 'Host port of the master proxy (default: $MASTER_PROXY_PORT or the settings)'
option 'broker-port', type: Integer, help: 'Host port of the master broker (default: $MASTER_BROKER_PORT or the settings)'

settings 'install-manager.yaml'

// log rotation and no-new-privileges daemon-wide (services cannot set security-opt); never live-restore
def daemonKeys = { daemonKeys('manager', []) }

def masterConfig = null   // the content-addressed config name, set by 'master config'

def port = { String option, String envVar, Map svc ->
    def v = opts[option] ?: env[envVar] ?: svc.port
    if (!(v.toString() ==~ /\d{1,5}/) || (v as int) < 1 || (v as int) > 65535) reject "$envVar / --$option: '$v' is not a port"
    v as int
}

step('preflight') {
    def version = swarm.state   // an unreachable engine was reported before the first step
    if (engineVersion != 'none' && !engineAtLeast(cfg.engine.min_version))
        fail "engine $engineVersion is older than ${cfg.engine.min_version} (Engine 20.10 has moby#44378); upgrade it"
    say "engine ${engineVersion}, swarm ${version.localState()}${version.manager() ? ' (manager)' : ''}"
    if (version.active() && !version.manager() && !opts.force)
        fail 'this engine is a worker in another swarm; run this on the manager, or leave that swarm (or pass --force)'
    swarm.refuseLiveRestoreUnless(opts.restartDockerd, 'restart-dockerd')
    def missing = cfg.secrets.values().findAll { !env[it] }
    if (missing) reject "set these environment variables (they hold secret values): ${missing.join(', ')}"
    say "secret values present in: ${cfg.secrets.values().join(', ')} (values hidden)"
    def addr = opts['advertise-addr']
    if (addr) {
        if (!(addr ==~ /[0-9a-fA-F.:\[\]]+/)) reject "--advertise-addr: '$addr' is not an IP address"
        if (!host.isLocalAddress(addr)) reject "--advertise-addr: $addr is not an address of this machine"
    } else if (!version.active()) {
        reject '--advertise-addr is required to initialise the swarm'
    }
    // a bad port is bad input: refuse it here, before any step changes anything
    port('proxy-port', 'MASTER_PROXY_PORT', cfg.master.proxy)
    port('broker-port', 'MASTER_BROKER_PORT', cfg.master.broker)
}

step('daemon.json') {
    host.installDaemonJson(path: cfg.paths.daemon_json, keys: daemonKeys(), when: opts.restartDockerd, flag: 'restart-dockerd',
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

step('master config') {
    def text = yaml(cfg.master.settings + [proxy_port: port('proxy-port', 'MASTER_PROXY_PORT', cfg.master.proxy),
                                           broker_port: port('broker-port', 'MASTER_BROKER_PORT', cfg.master.broker)])
    masterConfig = configs.ensureVersioned(cfg.master.config_name, text)
    host.write(cfg.paths.master_yaml, text, '0640')
}

def masterService = { String role, Map svc, int published ->
    services.ensure(svc.service) {
        image svc.image
        if (svc.command) args svc.command
        replicas 1
        restartCondition 'any'
        updateOrder 'stop-first'
        hostname svc.service
        constraint 'node.role==manager'
        network cfg.networks.challenges
        publishHost svc.target_port, published
        limitCpu svc.limit_cpu
        limitMemory svc.limit_memory
        limitPids svc.limit_pids
        config masterConfig, '/etc/platform/master.yaml'
        cfg.secrets.keySet().each { secret it, it }
        label 'platform.role', role
        if (svc.engine_socket) mount 'bind', svc.engine_socket, '/var/run/docker.sock', false
    }
}

step('master services') {
    masterService('proxy', cfg.master.proxy, port('proxy-port', 'MASTER_PROXY_PORT', cfg.master.proxy))
    masterService('broker', cfg.master.broker, port('broker-port', 'MASTER_BROKER_PORT', cfg.master.broker))
}

step('challenge services', requires: 'static-challenges') {
    cfg.challenges.each { c ->
        services.ensure(c.name) {
            image c.image
            if (c.command) args c.command
            replicas 1
            restartCondition 'any'
            hostname c.name
            constraint 'node.role==manager'
            network cfg.networks.challenges
            publishHost c.target_port, c.port
            mount 'volume', "${c.name}-data", '/data', false
            // limits only: services have no swap limit or security-opt (no-new-privileges is daemon-wide)
            limitCpu c.limit_cpu
            limitMemory c.limit_memory
            limitPids c.limit_pids
            c.env.each { k, v -> env k, v.toString() }
            c.secrets.each { secret it, it }
            label 'platform.role', 'challenge'
        }
    }
}

step('supervisor unit') {
    def written = host.write(cfg.paths.supervisor_unit, """\
[Unit]
Description=Platform supervisor (manager maintenance loops)
After=docker.service
Requires=docker.service

[Service]
Type=notify
ExecStart=${cfg.supervisor.exec_start}
WatchdogSec=30s
Restart=always
RestartSec=5s
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths=/etc/platform
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes

[Install]
WantedBy=multi-user.target
""", '0644')
    if (!host.exists('/run/systemd/system')) {
        warn 'no systemd on this host: the unit cannot be enabled here'
    } else if (written || host.probe(['systemctl', 'is-enabled', '--quiet', 'platform-supervisor.service']).exit() != 0) {
        host.run('reload systemd units', cfg.commands.systemd_reload)
        host.run('enable and start the supervisor', cfg.commands.enable_supervisor)
    } else {
        say '= platform-supervisor.service enabled'
    }
}

step('healthcheck', applyOnly: true) {
    def names = [cfg.master.proxy.service, cfg.master.broker.service]
    if (opts.staticChallenges) names += cfg.challenges*.name
    services.waitConverged(names, cfg.health.timeout_seconds as int)
    def ports = [(cfg.master.proxy.service): port('proxy-port', 'MASTER_PROXY_PORT', cfg.master.proxy),
                 (cfg.master.broker.service): port('broker-port', 'MASTER_BROKER_PORT', cfg.master.broker)]
    ports.each { svc, p ->
        def url = "http://${cfg.health.host}:${p}${cfg.health.path}"
        def code = host.httpGet(url)
        if (code != 200) fail "$svc: GET $url answered ${code < 0 ? 'nothing' : code}, expected 200"
        say "$svc: GET $url -> 200"
    }
}
