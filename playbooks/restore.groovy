// Bring a swarm manager back on a fresh machine from a backup.groovy archive: the archive's Raft
// state replaces this engine's (with the engine stopped), the engine is unlocked with the
// archive's key when autolock was on, and `docker swarm init --force-new-cluster` makes it the one
// manager of a swarm with every service, secret, config and network of the old one; its services
// start again here. With --restore-databases the dumps are loaded into the (new, empty) database
// services and verified against the archive's row counts, as install-manager's restore step does.
// Only onto an engine outside any swarm. Each of the two is behind its own flag; dry-run by
// default.
//
//   swarmops run playbooks/restore.groovy --archive /srv/backups/swarm-backup-m1-….tar.gz           # plan
//   swarmops run playbooks/restore.groovy --archive … --advertise-addr 10.0.0.9 --force-new-cluster --restore-databases --apply
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Restore a manager from a backup archive: its Raft state, --force-new-cluster, unlock, services back, then the databases.'
option 'archive', type: String, required: true, help: 'the archive backup.groovy wrote'
option 'advertise-addr', type: String, help: "this machine's address for the swarm (default: the backed-up node's, when it is this machine's)"
option 'force-new-cluster', type: Boolean, destructive: true, help: "replace this engine's swarm state with the archive's and start a single-manager swarm from it"
option 'restore-databases', type: Boolean, destructive: true, help: 'load the dumps into the empty database services, verified against their row counts'
option 'wait', type: Integer, default: 300, help: 'seconds for the services to run again'

settings 'install-manager.yaml'

def m = null            // the archive's manifest
def key = null          // its unlock key, when autolock was on
def addr = null
def stateDir = null
def stage = null        // BACKUP-DIR/.restore-STAMP: the unpacked archive, 0700

step('preflight') {
    if (!host.exists(opts.archive)) reject "--archive: ${opts.archive} does not exist"
    def text = host.archiveMember(opts.archive, 'manifest.yaml')
    if (text == null) reject "--archive: ${opts.archive} has no manifest.yaml (not an archive of backup.groovy)"
    m = readYaml(text)
    if (m.format != 'swarmops-backup/1') reject "--archive: format '${m.format}' is not swarmops-backup/1"
    say "backup of ${m.node.hostname} (swarm ${m.swarm.id}, ${m.swarm.managers} manager(s), ${m.swarm.raft}), taken ${m.created} on engine ${m.engine}"
    say "databases in it: ${m.databases ? m.databases*.service.join(', ') : '(none)'}"
    if (opts.restoreDatabases && !opts.forceNewCluster)
        reject '--restore-databases needs --force-new-cluster: the dumps are loaded into the services the restored swarm runs'
    def st = swarm.state
    if (st.localState() != 'inactive')
        reject "this engine is in a swarm (${st.localState()}${st.nodeId() ? ', node ' + st.nodeId() : ''}): a restore goes onto an engine outside any swarm; leave it first (docker swarm leave --force)"
    stateDir = swarm.stateDir
    addr = opts['advertise-addr'] ?: m.node.address
    if (!host.isLocalAddress(addr))
        reject "--advertise-addr: $addr is not an address of this machine${opts['advertise-addr'] ? '' : " (it was ${m.node.hostname}'s; pass this machine's)"}"
    if (m.swarm.autolock) {
        // moby's swarm init drops the unlock key when it forces a new cluster, so a locked state can
        // only come back as it was: one manager, at its own address
        if (m.swarm.managers != 1 || addr != m.node.address)
            reject "autolock was on, and Engine 26 cannot --force-new-cluster from locked Raft state (moby's init drops the unlock key): " +
                   "this archive restores only as the one manager it was${m.swarm.managers != 1 ? ' (it had ' + m.swarm.managers + ')' : ''}, " +
                   "at ${m.node.address}${addr != m.node.address ? ' (not ' + addr + ')' : ''}; take backups with autolock off for that"
        key = host.archiveSecret(opts.archive, 'unlock-key')
        say "autolock was on: the archive's unlock key unlocks the restored state, which comes back as this swarm's one manager"
    }
    stage = "${cfg.backup.dir}/.restore-${host.utcStamp}"
}

step('unpack the archive', requires: 'force-new-cluster') {
    host.mkdir(stage, '0700')
    host.untar(opts.archive, stage)
}

step("the archive's swarm state, with the engine stopped", requires: 'force-new-cluster') {
    host.whileEngineStopped(stop: cfg.commands.stop_engine, start: cfg.commands.start_engine, seconds: cfg.backup.engine_timeout) {
        host.removeTree(stateDir)
        host.copyTree("$stage/swarm", stateDir)
    }
    swarm.waitActive(cfg.backup.engine_timeout, key)
}

step('force a new cluster', requires: 'force-new-cluster') {
    if (key) say '= the unlocked state is its one manager again, at its own address: no new cluster needed'
    else {
        swarm.forceNewCluster(addr)
        swarm.waitManager(cfg.backup.engine_timeout, null)
        // found on Engine 26: after --force-new-cluster the engine's network agent stays inactive and every
        // task on an overlay network is rejected ("cannot create a swarm scoped network when swarm is not
        // active") until the engine restarts
        host.run('restart the engine, so its overlay networks work again', cfg.commands.restart_engine)
        swarm.waitForEngine(cfg.backup.engine_timeout)
    }
    swarm.waitManager(cfg.backup.engine_timeout, null)
}

step('services running again', requires: 'force-new-cluster', applyOnly: true) {
    // the restored state still shows the old machine's tasks as running: only tasks with a container here count
    services.waitRunningHere(m.databases*.service, opts.wait)
    services.names.each { say "service $it: ${services.runningHere(it)} task(s) running here" }
    def gone = nodes.list.findAll { it.status() == 'down' }*.hostname()
    if (gone) say "nodes of the old swarm still listed, down: ${gone.join(', ')} (re-join them, or remove them: swarmops worker rm, remove-manager.groovy)"
}

step('restore the databases', requires: 'restore-databases') {
    m.databases.each { pg ->
        // the dumps exist once the archive is unpacked, which only an apply does
        if (!isApplying()) { say "then: load ${pg.dump} into ${pg.service}, verified against ${pg.rowcounts} (both in the archive)"; return }
        databases.restore(service: pg.service, db: pg.db, user: pg.user, passwordSecret: secrets.current(pg.password_secret),
                          backupDir: "$stage/db", dump: pg.dump, rowcounts: pg.rowcounts,
                          image: cfg.images.postgres, network: cfg.networks.challenges)
    }
}

step('remove the unpacked archive', requires: 'force-new-cluster') {
    host.removeTree(stage)
}
