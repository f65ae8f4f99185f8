// Enroll this machine as a CPU worker (run ON the worker, against its own engine): the seed's
// by-hand flow. Dry-run by default; --apply to change; --restart-dockerd to write daemon.json and
// restart the engine. The join token comes from $JOIN_TOKEN or --token-file, never argv.
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Enroll this machine as a CPU worker: daemon.json, join, label.'
option 'manager-addr', type: String, required: true, help: "The manager's swarm address, HOST:2377"
option 'advertise-addr', type: String, help: 'Address this worker advertises (default: the engine picks)'
option 'token-file', type: String, help: 'File holding the worker join token (default: $JOIN_TOKEN)'
option 'manager-host', type: String, help: "The manager's Engine endpoint, to label this node there (else: the command to run there)"
option 'restart-dockerd', type: Boolean, destructive: true, help: 'Write daemon.json and restart the engine'

settings 'enroll.yaml'

step('preflight') {
    worker.preflight(managerAddr: opts.managerAddr, tokenFile: opts.tokenFile, managerHost: opts.managerHost)
    swarm.refuseLiveRestoreUnless(opts.restartDockerd, 'restart-dockerd')
}

step('daemon.json: log rotation, no-new-privileges') {
    host.installDaemonJson(path: cfg.paths.daemon_json, keys: daemonKeys('cpu', []), when: opts.restartDockerd,
                           flag: 'restart-dockerd', validate: cfg.commands.validate_daemon_json, restart: cfg.commands.restart_engine)
}

step('join the swarm') {
    worker.join(managerAddr: opts.managerAddr, advertiseAddr: opts.advertiseAddr, tokenFile: opts.tokenFile, managerHost: opts.managerHost)
}

step('label platform.workload=cpu') {
    worker.label('cpu', opts.managerHost)
}
