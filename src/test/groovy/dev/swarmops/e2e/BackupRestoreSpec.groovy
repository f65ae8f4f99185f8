package dev.swarmops.e2e

import dev.swarmops.engine.Engine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

import static dev.swarmops.e2e.E2eRig.MANAGER
import static dev.swarmops.e2e.E2eRig.Proc

/**
 * Issue 11 §2 on the rig: a manager of its own swarm (a rig node, its own engine, hostname and
 * address), with the platform's master database holding data. backup.groovy writes one archive
 * (Raft state with the engine stopped, the unlock key, the dump and its row counts); the node is
 * destroyed (engine, data root, volumes) and made again empty; restore.groovy brings the swarm,
 * its services and secret, and the data back, counts equal. Twice: with autolock on (the state
 * comes back unlocked as the one manager it was) and off (--force-new-cluster). The playbooks
 * run inside the node's network namespace, as they would on that machine.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class BackupRestoreSpec extends Specification {

    static final String NODE = 'e2e-bk'
    static final String SOCK = E2eRig.workerSock(NODE)
    static final String PG = 'platform-master-postgres'
    static final String WEB = 'e2e-bk-web'
    static final String PASSWORD = 'e2e-bk-pg-password-7c41'
    static final String PG_IMAGE = 'swarmops/postgres:rig'

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    Path dir
    @Shared
    Path config
    @Shared
    String clusterId
    @Shared
    Map<String, Long> before

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('BackupRestoreSpec')
        E2eRig.engine(MANAGER).withCloseable { Engine m -> E2eRig.sweep(m, [NODE]) }
        dir = Files.createTempDirectory('swarmops-backup-spec-')
        config = dir.resolve('settings.yaml')
        String sh = E2eRig.WORKER_SH.toString()
        config.text = """\
            commands:
              stop_engine: [$sh, stop, $NODE]
              start_engine: [$sh, start, $NODE]
              restart_engine: [$sh, restart, $NODE]
            backup:
              dir: ${dir.resolve('out')}
            images:
              postgres: $PG_IMAGE
            postgres:
              - service: $PG
                volume: platform_master_pg
                db: platform
                user: platform
                password_secret: platform_master_pg_password
                url_secret: platform_master_database_url
                dump: platform.sql
                rowcounts: rowcounts-platform.txt
            """.stripIndent()
        freshNode()
        docker(['swarm', 'init', '--advertise-addr', E2eRig.workerIp(NODE)])
        docker(['network', 'create', '-d', 'overlay', '--attachable', 'platform_challenges'])
        Proc secret = E2eRig.sh(['sh', '-c', "printf %s '$PASSWORD' | docker -H $SOCK secret create platform_master_pg_password -"])
        assert secret.code == 0: secret
        docker(['service', 'create', '-d', '--name', PG, '--hostname', PG, '--network', 'platform_challenges',
                '--secret', 'source=platform_master_pg_password,target=postgres_password',
                '--mount', 'type=volume,source=platform_master_pg,target=/var/lib/postgresql/data',
                '-e', 'POSTGRES_DB=platform', '-e', 'POSTGRES_USER=platform', '-e', 'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
                '-e', 'PGDATA=/var/lib/postgresql/data/pgdata', PG_IMAGE])
        docker(['service', 'create', '-d', '--name', WEB, E2eRig.IMAGE, 'sleep', '1d'])
        psql('create table items(id int primary key, name text); insert into items select g, \'item \' || g from generate_series(1, 137) g; ' +
             'create table "Empty"(x int); create schema acct; create table acct.users(id serial, email text); ' +
             "insert into acct.users(email) values ('a@example.org'), (E'two\\nlines');")
        clusterId = swarmId()
        E2eRig.waitFor('both services running', 120) { services() == ["$PG 1/1", "$WEB 1/1"]*.toString().sort() }
    }

    def cleanupSpec() {
        try {
            E2eRig.engine(MANAGER).withCloseable { Engine m -> E2eRig.removeWorker(m, NODE) }
            E2eRig.sh(['rm', '-rf', dir.toString()])
        } finally {
            rigLock?.close()
        }
    }

    /** A machine with nothing on it: a new engine, data root and volumes, outside any swarm, with the database image. */
    static void freshNode() {
        if (NODE in E2eRig.rigWorkerNames()) {
            assert E2eRig.sh([E2eRig.WORKER_SH.toString(), 'rm', NODE]).code == 0
        }
        Proc add = E2eRig.sh([E2eRig.WORKER_SH.toString(), 'add', NODE, '--join', 'none'])
        assert add.code == 0: add
        Proc load = E2eRig.sh(['sh', '-c', "docker save $PG_IMAGE | docker -H $SOCK load"])
        assert load.code == 0: load
    }

    static String docker(List<String> args) {
        Proc p = E2eRig.sh(['docker', '-H', SOCK] + args)
        assert p.code == 0: p
        p.out.trim()
    }

    static String swarmId() {
        E2eRig.engine(SOCK).withCloseable { Engine e -> e.get('/info').path('Swarm').path('Cluster').path('ID').asText() }
    }

    static String psql(String sql) {
        String container = E2eRig.waitFor("$PG accepting connections", 120) {
            String c = E2eRig.sh(['docker', '-H', SOCK, 'ps', '-q', '-f', "label=com.docker.swarm.service.name=$PG"]).out.trim()
            c && E2eRig.sh(['docker', '-H', SOCK, 'exec', c, 'pg_isready', '-q', '-U', 'platform']).code == 0 ? c : null
        }
        docker(['exec', container, 'psql', '-XAt', '-v', 'ON_ERROR_STOP=1', '-U', 'platform', '-d', 'platform', '-c', sql])
    }

    /** The rows as the live database counts them, in the rowcounts-*.txt shape. */
    static Map<String, Long> live() {
        ['public.items': psql('select count(*) from items') as long, 'public.Empty': psql('select count(*) from "Empty"') as long,
         'acct.users': psql('select count(*) from acct.users') as long]
    }

    /** A playbook run on the node itself: in its network namespace, against its engine. */
    Proc run(String playbook, List<String> args) {
        E2eRig.start(['nsenter', "--net=/var/run/netns/$NODE".toString(), '--'] + E2eRig.launcher()
                + ['--host', SOCK, 'run', "playbooks/$playbook".toString(), '--config', config.toString()] + args, E2eRig.env([:])).await()
    }

    List<Path> archives() {
        Path out = dir.resolve('out')
        Files.isDirectory(out) ? Files.list(out).withCloseable { it.toList() }.sort(false) : []
    }

    String unlockKey() {
        E2eRig.engine(SOCK).withCloseable { Engine e -> e.get('/swarm/unlockkey').path('UnlockKey').asText() }
    }

    static List<String> services() {
        E2eRig.sh(['docker', '-H', SOCK, 'service', 'ls', '--format', '{{.Name}} {{.Replicas}}']).out.readLines().sort()
    }

    /** What a refused or planned run must leave alone. */
    Map state() {
        [pid     : E2eRig.dockerdPid(NODE), swarm: E2eRig.engine(SOCK).withCloseable { Engine e -> e.get('/info').path('Swarm').path('LocalNodeState').asText() },
         services: services(),
         out     : archives()]
    }

    def "backup on the only manager without --stop-engine: exit 2, one line, nothing changed"() {
        given:
        docker(['swarm', 'update', '--autolock=true'])
        Map was = state()

        when:
        Proc run = run('backup.groovy', ['--apply'])

        then:
        run.code == 2
        run.errLines() == ['swarmops: this is the only manager: stopping its engine for the copy pauses the swarm\'s management and restarts ' +
                           'this node\'s containers; run this on a follower of three or more managers, or pass --stop-engine']
        state() == was
    }

    def "a dry-run shows the dump, the key file, the stop, copy and start, and the archive; no key is printed; nothing changes"() {
        given:
        Map was = state()

        when:
        Proc run = run('backup.groovy', ['--stop-engine'])

        then:
        run.code == 0
        run.out.contains("--mount type=bind,source=${dir.resolve('out')}")
        run.out.contains('pg_dump --no-owner --no-privileges')
        run.out.contains('# from stdin: <unlock key from the engine>')
        run.out.contains("${E2eRig.WORKER_SH} stop $NODE")
        run.out.contains("cp -a -- /var/lib/swarmops-rig/$NODE/swarm ")
        run.out.contains("${E2eRig.WORKER_SH} start $NODE")
        run.out.contains('tar --create --gzip')
        !run.all.contains(unlockKey())
        state() == was
    }

    def "backup --stop-engine with autolock on: one owner-only archive with the Raft state, the key, the dump and its counts; the manager is back"() {
        given:
        before = live()

        when:
        Proc run = run('backup.groovy', ['--stop-engine', '--apply'])
        Path archive = archives().find { it.fileName.toString().endsWith('.tar.gz') }

        then:
        run.code == 0
        run.out.contains('swarm locked (autolock): unlocked with unlock key from the engine (hidden)')
        !run.all.contains(unlockKey())
        archives() == [archive]   // no staging directory left
        PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)) == 'rw-------'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve('out'))) == 'rwx------'
        List<String> members = E2eRig.sh(['tar', '-tzf', archive.toString()]).out.readLines()
        ['./manifest.yaml', './unlock-key', './db/platform.sql', './db/rowcounts-platform.txt', './swarm/raft/',
         './swarm/certificates/swarm-root-ca.crt'].every { it in members }
        E2eRig.sh(['tar', '-xzOf', archive.toString(), './unlock-key']).out.trim() == unlockKey()

        and: "the counts in the archive are the live database's, in the restore's format"
        E2eRig.sh(['tar', '-xzOf', archive.toString(), './db/rowcounts-platform.txt']).out.readLines()
                .collectEntries { String l -> [(l.split(' ')[0]): l.split(' ')[1] as long] } == before

        and: "the manager is unlocked and runs its services again"
        E2eRig.waitFor('services running again', 120) { services() == ["$PG 1/1", "$WEB 1/1"]*.toString().sort() }
    }

    def "the machine dies: a new engine, data root and volumes, outside any swarm"() {
        when:
        freshNode()

        then:
        state().swarm == 'inactive'
        swarmId() == ''
    }

    def "restore: #what: exit 2, one line naming the problem, nothing changed"() {
        given:
        Map was = state()
        String archive = archiveArg == 'the archive' ? archives()[0].toString() : archiveArg

        when:
        Proc run = host == null ? run('restore.groovy', ['--archive', archive, '--apply'] + args)
                : E2eRig.swarmops(['--host', host, 'run', 'playbooks/restore.groovy', '--config', config.toString(), '--archive', archive] + args)

        then:
        run.code == 2
        run.errLines().size() == 1
        run.errLines()[0].startsWith(says)
        state() == was

        where:
        what                                  | archiveArg      | host    | args                     || says
        'databases without the swarm state'   | 'the archive'   | null    | ['--restore-databases']  || 'swarmops: --restore-databases needs --force-new-cluster'
        'a file that is not an archive'       | '/etc/hostname' | null    | ['--force-new-cluster']  || 'swarmops: /etc/hostname is not a readable .tar.gz'
        'no such file'                        | '/nonexistent'  | null    | ['--force-new-cluster']  || 'swarmops: --archive: /nonexistent does not exist'
        'an engine already in a swarm'        | 'the archive'   | MANAGER | ['--force-new-cluster']  || 'swarmops: this engine is in a swarm (active'
    }

    def "restore with autolock: the swarm, its services and secret, and the data come back; counts equal"() {
        when:
        Proc run = run('restore.groovy', ['--archive', archives()[0].toString(), '--force-new-cluster', '--restore-databases', '--apply'])

        then:
        run.code == 0
        run.out.contains('unlocked with value from unlock-key in')
        run.out.contains('row counts match the baseline (3 tables)')
        !run.all.contains(E2eRig.sh(['tar', '-xzOf', archives()[0].toString(), './unlock-key']).out.trim())
        swarmId() == clusterId
        docker(['secret', 'ls', '--format', '{{.Name}}']).readLines().contains('platform_master_pg_password')
        E2eRig.waitFor('both services running', 120) { services() == ["$PG 1/1", "$WEB 1/1"]*.toString().sort() }
        live() == before
    }

    def "with autolock off, a restore forces a new cluster (and restarts the engine so its overlays work); counts equal"() {
        given: "autolock off, one more row, a new backup"
        docker(['swarm', 'update', '--autolock=false'])
        psql("insert into acct.users(email) values ('c@example.org')")
        before = live()
        Files.list(dir.resolve('out')).withCloseable { it.toList() }.each { Files.delete(it) }
        Proc backup = run('backup.groovy', ['--stop-engine', '--apply'])
        assert backup.code == 0: backup
        assert !backup.all.contains('unlock-key')

        when:
        freshNode()
        Proc run = run('restore.groovy', ['--archive', archives()[0].toString(), '--force-new-cluster', '--restore-databases', '--apply'])

        then:
        run.code == 0
        run.out.contains("docker swarm init --force-new-cluster --advertise-addr ${E2eRig.workerIp(NODE)}")
        run.out.contains("${E2eRig.WORKER_SH} restart $NODE")
        swarmId() == clusterId
        E2eRig.waitFor('both services running', 120) { services() == ["$PG 1/1", "$WEB 1/1"]*.toString().sort() }
        live() == before
        before['acct.users'] == 3
    }
}
