// Back up a swarm manager into one archive: the swarm's Raft state (every service, secret,
// config, network and node), copied with this engine stopped as Docker's guide says; the unlock
// key when autolock is on; and plain-SQL dumps of the platform's PostgreSQL databases, each with
// the row counts of that very dump in the rowcounts-*.txt format install-manager's restore step
// verifies. Run it on a follower of three or more managers: the others keep the majority while
// its engine is stopped. On the leader or the only manager the swarm's management pauses for the
// copy (and this node's containers restart), so that takes --stop-engine. The archive and its
// directory are readable by their owner only: they hold the swarm's keys. Dry-run by default.
//
//   swarmops run playbooks/backup.groovy                            # plan
//   swarmops run playbooks/backup.groovy --apply --out /srv/backups # on a follower
//   swarmops run playbooks/backup.groovy --apply --stop-engine      # on a single manager
// Restore with restore.groovy on a fresh machine.
@groovy.transform.BaseScript dev.swarmops.playbook.Playbook playbook

description 'Back up this manager: Raft state (engine stopped), unlock key, PostgreSQL dumps with row counts, in one archive.'
option 'out', type: String, help: 'directory for the archive (default: backup.dir in the settings, /var/backups/swarmops)'
option 'stop-engine', type: Boolean, destructive: true, help: "stop this engine for the copy although it is the leader or the others would lose their majority (the swarm's management pauses)"

settings 'install-manager.yaml'

def outDir = { (opts.out ?: cfg.backup.dir).toString().replaceAll('/+$', '') }
def stage = null        // OUT/.NAME.partial: 0700, removed once the archive is in place
def archive = null      // OUT/swarm-backup-HOST-STAMP.tar.gz
def stateDir = null
def key = null          // the unlock key, when autolock is on
def present = []        // the settings' databases whose services run here
def manifest = [:]

step('preflight') {
    if (!swarm.state.manager()) reject 'run this on a swarm manager: its Raft state is what a restore needs'
    stateDir = swarm.stateDir
    if (!host.exists(stateDir)) fail "$stateDir does not exist: is this engine's data root on this machine?"
    def self = nodes.self
    def q = managers.quorum
    def leader = self.managerStatus() == 'leader'
    say "this node: ${self.hostname()} (${self.managerStatus()}); managers: $q"
    if (q.survivesStopping(leader)) {
        say 'its engine stops for the copy; the other managers keep the majority'
    } else if (!opts.stopEngine) {
        reject((leader ? (q.managers() == 1 ? 'this is the only manager' : 'this node is the leader')
                : 'the other managers would lose their majority') +
               ": stopping its engine for the copy pauses the swarm's management and restarts this node's containers; " +
               'run this on a follower of three or more managers, or pass --stop-engine')
    } else {
        warn "stopping this engine (--stop-engine): the swarm's management pauses, and this node's containers restart, for the copy"
    }
    if (swarm.autolock) {
        key = swarm.unlockKey
        say 'autolock is on: the archive holds the unlock key, and this manager is unlocked with it after the restart'
        warn "with autolock on, this archive restores only as a single manager at ${self.addr()}: Engine 26 cannot --force-new-cluster from locked Raft state; turn autolock off (docker swarm update --autolock=false) for backups meant for a new machine"
    }
    present = cfg.postgres.findAll { services.exists(it.service) }
    (cfg.postgres - present).each { warn "database service ${it.service} is not on this swarm: not in the backup" }
    def name = "swarm-backup-${self.hostname()}-${host.utcStamp}"
    archive = "${outDir()}/${name}.tar.gz"
    stage = "${outDir()}/.${name}.partial"
    manifest = [format: 'swarmops-backup/1', created: host.utcStamp, engine: engineVersion,
                node: [hostname: self.hostname(), id: self.id(), address: self.addr()],
                swarm: [id: swarm.state.clusterId(), managers: q.managers(), autolock: key != null,
                        raft: q.survivesStopping(leader) ? 'engine stopped on a follower' : 'engine stopped (--stop-engine)'],
                databases: present.collect { [service: it.service, db: it.db, user: it.user, password_secret: it.password_secret,
                                              dump: it.dump, rowcounts: it.rowcounts] }]
    say "archive: $archive"
}

step('staging directory') {
    host.mkdir(outDir(), '0700')
    host.mkdir("$stage/content/db", '0700')
}

step('dump the databases') {
    if (!present) say 'no platform database on this swarm'
    present.each { pg ->
        databases.dump(service: pg.service, db: pg.db, user: pg.user, passwordSecret: secrets.current(pg.password_secret),
                       outDir: "$stage/content/db", dump: pg.dump, rowcounts: pg.rowcounts,
                       image: cfg.images.postgres, network: cfg.networks.challenges)
    }
}

step('unlock key and manifest') {
    if (key) host.writeSecret("$stage/content/unlock-key", key, '0600')
    host.write("$stage/content/manifest.yaml", yaml(manifest), '0600')
}

step('swarm state, with the engine stopped') {
    host.whileEngineStopped(stop: cfg.commands.stop_engine, start: cfg.commands.start_engine, seconds: cfg.backup.engine_timeout) {
        host.copyTree(stateDir, "$stage/content/swarm")
    }
    swarm.waitManager(cfg.backup.engine_timeout, key)
}

step('archive') {
    host.tar("$stage/content", "$stage/archive.tar.gz")
    host.run('readable by its owner only', ['chmod', '0600', "$stage/archive.tar.gz"])
    host.run('into place', ['mv', '--', "$stage/archive.tar.gz", archive])
    host.removeTree(stage)
}

step('report', applyOnly: true) {
    say "wrote $archive (${host.size(archive)} bytes): swarm state${key ? ', unlock key' : ''}${present ? ', ' + present*.service.join(', ') : ''}"
}
