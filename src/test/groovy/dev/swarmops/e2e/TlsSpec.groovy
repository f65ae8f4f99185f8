package dev.swarmops.e2e

import dev.swarmops.engine.Engine
import dev.swarmops.shell.TmuxShell
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path

import static dev.swarmops.e2e.E2eRig.IMAGE
import static dev.swarmops.e2e.E2eRig.MANAGER
import static dev.swarmops.e2e.E2eRig.Proc

/**
 * Issue 12 §2 on the rig: a manager reached only over mutual TLS. A rig node (its own engine and
 * address) runs a swarm of its own and listens on tcp://IP:2376 with --tlsverify and a
 * certificate of a throwaway CA the rig makes with openssl. Every command works there with the
 * client certificate from DOCKER_CERT_PATH; a client of another CA, or none, is refused with one
 * line naming the endpoint; enrollment labels a worker through the manager's TLS endpoint.
 */
@Stepwise
@Requires({ E2eRig.rig() })
class TlsSpec extends Specification {

    static final String NODE = 'e2e-tls'
    static final String WORKER = 'e2e-tls-w'
    static final Path TLS = Path.of('/var/lib/swarmops-rig/tls')
    /** A certificate directory with the CA only, no client certificate or key. */
    static final Path CA_ONLY = Files.createTempDirectory('e2e-tls-ca-only')
    /** The engine's CA, but a client certificate of another CA. */
    static final Path FOREIGN_CLIENT = Files.createTempDirectory('e2e-tls-foreign-client')

    @Shared
    E2eRig.RigLock rigLock
    @Shared
    String tcp

    def setupSpec() {
        rigLock = E2eRig.RigLock.acquire('TlsSpec')
        E2eRig.engine(MANAGER).withCloseable { Engine m -> E2eRig.sweep(m, [NODE, WORKER]) }
        Proc tls = E2eRig.sh([E2eRig.WORKER_SH.toString(), 'add', NODE, '--join', 'none', '--tls'])
        assert tls.code == 0: tls
        Proc w = E2eRig.sh([E2eRig.WORKER_SH.toString(), 'add', WORKER, '--join', 'none'])
        assert w.code == 0: w
        tcp = "tcp://${E2eRig.workerIp(NODE)}:2376"
        Files.copy(TLS.resolve('ca.pem'), CA_ONLY.resolve('ca.pem'))
        Files.copy(TLS.resolve('ca.pem'), FOREIGN_CLIENT.resolve('ca.pem'))
        ['cert.pem', 'key.pem'].each { Files.copy(TLS.resolve('client-wrong-ca').resolve(it), FOREIGN_CLIENT.resolve(it)) }
        ['swarm init --advertise-addr ' + E2eRig.workerIp(NODE), "node update --label-add platform.workload=cpu $NODE"].each { String cmd ->
            Proc p = E2eRig.sh(['docker', '-H', E2eRig.workerSock(NODE)] + cmd.split(' ').toList())
            assert p.code == 0: p
        }
        E2eRig.engine(E2eRig.workerSock(NODE)).withCloseable { Engine e -> E2eRig.ensureJobsNetwork(e) }
    }

    def cleanupSpec() {
        try {
            E2eRig.engine(MANAGER).withCloseable { Engine m -> E2eRig.sweep(m, [WORKER, NODE]) }
            [CA_ONLY, FOREIGN_CLIENT]*.toFile()*.deleteDir()
        } finally {
            rigLock?.close()
        }
    }

    /** The operator's TLS environment: DOCKER_TLS_VERIFY and a client certificate directory. */
    static Map<String, String> tlsEnv(String certs = 'client') {
        [DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: TLS.resolve(certs).toString()]
    }

    Proc overTls(List<String> args, Map<String, String> env = tlsEnv()) {
        E2eRig.swarmops(['--host', tcp] + args, env)
    }

    def "the engine answers only with a client certificate: its tcp listener is TLS, its socket is not"() {
        expect: "curl with the rig's client certificate gets in; without one the handshake fails"
        E2eRig.sh(['curl', '-sf', '--cacert', TLS.resolve('client/ca.pem').toString(), '--cert', TLS.resolve('client/cert.pem').toString(),
                   '--key', TLS.resolve('client/key.pem').toString(), "https://${E2eRig.workerIp(NODE)}:2376/_ping".toString()]).out == 'OK'
        E2eRig.sh(['curl', '-sf', '--cacert', TLS.resolve('client/ca.pem').toString(), "https://${E2eRig.workerIp(NODE)}:2376/_ping".toString()]).code != 0
    }

    def "#command works over TLS with the client certificate"() {
        when:
        Proc run = overTls(args)

        then:
        run.code == code
        says.every { run.out.contains(it) }

        where:
        command            | args                                                                                 | code || says
        'worker list'      | ['worker', 'list']                                                                   | 0    || [NODE]
        'worker inspect'   | ['worker', 'inspect', NODE]                                                          | 0    || [NODE, 'cpu']
        'worker label'     | ['worker', 'label', NODE, '--workload', 'cpu']                                       | 0    || []
        'job run'          | ['job', 'run', '--timeout', '60', IMAGE, '--', 'echo', 'hello-over-tls']             | 0    || ['hello-over-tls']
        'job ls'           | ['job', 'ls']                                                                        | 0    || []
        'run (a playbook)' | ['run', 'playbooks/rotate.groovy', '--worker-token', '--apply']                      | 0    || ['docker swarm join-token --rotate -q worker']
    }

    def "doctor over TLS says which endpoint it used and reaches the engine"() {
        when:
        Proc run = overTls(['doctor', '--role', 'manager', '--json'])

        then:
        run.code in [0, 1]   // the rig node is no full platform manager: some checks may fail; the engine check must not
        def checks = E2eRig.JSON.readTree(run.out)
        def engine = checks.find { it.path('check').asText().toLowerCase().contains('engine reachable') }
        engine.path('status').asText() == 'ok'
        engine.path('saw').asText().contains(tcp)
    }

    def "the shell over TLS reads the swarm and applies a change"() {
        given:
        TmuxShell shell = TmuxShell.start('spec-tls', Files.createTempFile('spec-tls-history', ''), ['--host', tcp, '--apply'], tlsEnv())

        when:
        List<String> nodes = shell.run('nodes.list*.hostname()')
        shell.run("nodes.label('$NODE', 'spec.tls', 'yes')")

        then:
        nodes.join('\n').contains(NODE)
        E2eRig.engine(E2eRig.workerSock(NODE)).withCloseable { Engine e -> E2eRig.reads(e).nodes().get(NODE).labels()['spec.tls'] } == 'yes'

        cleanup:
        shell?.close()
        TmuxShell.killServer()
    }

    def "#what: one line naming the endpoint, exit #code, nothing changed"() {
        given:
        String labels = E2eRig.engine(E2eRig.workerSock(NODE)).withCloseable { Engine e -> E2eRig.reads(e).nodes().get(NODE).labels().toString() }

        when:
        Proc run = overTls(['worker', 'label', NODE, '--workload', 'gpu'], env)

        then:
        run.code == code
        run.errLines().size() == 1
        run.errLines()[0].startsWith('swarmops: ')
        run.errLines()[0].contains(mentions)
        E2eRig.engine(E2eRig.workerSock(NODE)).withCloseable { Engine e -> E2eRig.reads(e).nodes().get(NODE).labels().toString() } == labels

        where:
        what                                    | env                                                                 | code || mentions
        'trusting another CA'                   | tlsEnv('client-wrong-ca')                                           | 3    || "failed: its certificate is not signed by the CA in $TLS/client-wrong-ca/ca.pem"
        'a client certificate of another CA'    | [DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: FOREIGN_CLIENT.toString()] | 3  || 'which is how it refuses a client certificate'
        'no TLS settings (plain HTTP)'          | [:]                                                                 | 3    || 'speaks TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH'
        'a certificate directory without a key' | [DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: CA_ONLY.toString()]      | 2    || 'lacks cert.pem, key.pem'
    }

    def "enroll-cpu on a worker labels it through the manager's TLS endpoint"() {
        given:
        String token = E2eRig.engine(E2eRig.workerSock(NODE)).withCloseable { Engine e -> e.get('/swarm').path('JoinTokens').path('Worker').asText() }

        when:
        Proc run = E2eRig.swarmops(['--host', E2eRig.workerSock(WORKER), 'run', 'playbooks/enroll-cpu.groovy', '--manager-addr', "${E2eRig.workerIp(NODE)}:2377".toString(),
                                    '--advertise-addr', E2eRig.workerIp(WORKER), '--manager-host', tcp, '--apply'], tlsEnv() + [JOIN_TOKEN: token])

        then:
        run.code == 0
        !run.all.contains(token)
        E2eRig.engine(E2eRig.workerSock(NODE)).withCloseable { Engine e -> E2eRig.reads(e).nodes().get(WORKER).labels()['platform.workload'] } == 'cpu'
    }
}
