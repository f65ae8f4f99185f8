package dev.swarmops.shell

import com.fasterxml.jackson.databind.JsonNode
import dev.swarmops.engine.Engine
import dev.swarmops.gate.ApplyGate
import dev.swarmops.gate.GateListener
import dev.swarmops.ops.NodeInfo
import dev.swarmops.ops.ServiceSpec
import dev.swarmops.ops.SwarmOps
import dev.swarmops.playbook.DslBindings
import dev.swarmops.playbook.Terminal
import dev.swarmops.testkit.Rig
import dev.swarmops.testkit.RigWorker
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * {@code swarmops shell} driven the way a person drives it: the real shell on a tty under tmux,
 * keys sent, the screen read back, against the rig's manager. Everything it could leave behind
 * is named spec-sh…: services (labelled for the rig's sweep), the node label spec.sh, files.
 */
@Requires({ System.getProperty('swarmops.rig') == 'true' })
class ShellSpec extends Specification {

    static final String LABEL_KEY = 'spec.sh'
    static final List<String> SERVICES = ['spec-sh-svc', 'spec-sh-imm', 'spec-sh-never', 'spec-sh-load']
    /** Exits within a second of SIGTERM, so removing the service is quick. */
    static final List<String> IDLE = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done']
    static final Path GUARDED_FILE = Path.of('/tmp/spec-sh-x')

    @Shared
    Engine engine = Rig.engine()
    @Shared
    SwarmOps ops = new SwarmOps(engine, new ApplyGate(engine, GateListener.SILENT))
    @Shared
    Path tmp = Files.createTempDirectory('spec-sh')
    @Shared
    int sessions

    List<TmuxShell> shells = []
    /** The node the shell labels: the rig's manager, which every rig has and no spec removes. */
    String host = Rig.manager().hostname()

    def setupSpec() {
        cleanEngine()
    }

    def cleanup() {
        shells.each { it.close() }
        Files.deleteIfExists(GUARDED_FILE)
        cleanEngine()
    }

    def cleanupSpec() {
        TmuxShell.killServer()
        tmp?.toFile()?.deleteDir()
    }

    /** Whatever a spec (or an aborted run) left: the node label spec.sh anywhere, spec-sh services. */
    private void cleanEngine() {
        ops.nodes().list().findAll { it.labels().containsKey(LABEL_KEY) }.each { NodeInfo n -> ops.nodes().unlabel(n.id(), LABEL_KEY) }
        Rig.remove(SERVICES)
    }

    private TmuxShell shell(List<String> args = [], Path history = tmp.resolve("history-${sessions + 1}")) {
        TmuxShell s = TmuxShell.start("spec-sh-${++sessions}", history, args)
        shells << s
        s
    }

    /** The node's labels as the engine has them (GET /nodes). */
    private Map<String, String> engineLabels(String hostname) {
        JsonNode n = engine.get('/nodes').find { it.path('Description').path('Hostname').asText() == hostname }
        assert n != null: "no node $hostname on the engine"
        n.path('Spec').path('Labels').properties().collectEntries { [(it.key): it.value.asText()] }
    }

    private boolean serviceExists(String name) {
        ops.services().find(name).present
    }

    private void createService(String name, String constraint = null) {
        ServiceSpec spec = new ServiceSpec(name).image(Rig.IMAGE).args(IDLE).replicas(1).label(Rig.LABEL, 'true')
        if (constraint) {
            spec.constraint(constraint)
        }
        ops.services().create(spec)
    }

    def "a mutation is queued, not made: :plan lists it, the engine has no such label until :apply"() {
        given:
        TmuxShell sh = shell()

        when: 'the operator labels a node'
        List<String> out = sh.run("nodes.label('$host', '$LABEL_KEY', 'y')")

        then: 'the shell shows the queued command; the engine has no such label'
        out.join('\n').contains("queued  ~ docker node update --label-add $LABEL_KEY=y $host")
        !engineLabels(host).containsKey(LABEL_KEY)

        when:
        out = sh.run(':plan')

        then: 'the plan lists it, in CLI form; still nothing on the engine'
        out[0] == "~ docker node update --label-add $LABEL_KEY=y $host"
        out.last() == '1 queued; :apply to run them, :discard to drop them'
        !engineLabels(host).containsKey(LABEL_KEY)

        when:
        out = sh.run(':apply')

        then: 'applied through the gate: the label is there'
        out.join('\n').contains("running ~ docker node update --label-add $LABEL_KEY=y $host")
        out.last() == 'applied 1 mutation(s)'
        engineLabels(host)[LABEL_KEY] == 'y'

        and: 'the queue is empty afterwards'
        sh.run(':plan') == ['nothing queued']
    }

    def ":discard drops the queue and nothing changes on the engine"() {
        given:
        TmuxShell sh = shell()
        sh.run("nodes.label('$host', '$LABEL_KEY', 'discarded')")
        sh.run("services.ensure('spec-sh-svc') { image '$Rig.IMAGE' }")

        expect:
        sh.run(':plan').last() == '2 queued; :apply to run them, :discard to drop them'

        when:
        List<String> out = sh.run(':discard')

        then:
        out == ['discarded 2 queued mutation(s)']
        sh.run(':plan') == ['nothing queued']
        sh.run(':apply') == ['nothing queued']
        !engineLabels(host).containsKey(LABEL_KEY)
        !serviceExists('spec-sh-svc')
    }

    def "Tab completes a live node hostname and a DSL call"() {
        given:
        TmuxShell sh = shell()
        def (String node, String prefix) = uniquelyCompletableNode()

        when: 'part of a real node hostname, then Tab'
        int m = sh.mark()
        sh.type("nodes.get('$prefix")
        sh.keys('Tab')

        then: 'the input line now holds the whole hostname'
        sh.awaitText(m, "nodes.get('$node")

        when: 'the line is finished and run'
        sh.type("')")
        sh.keys('Enter')
        sh.awaitPrompt(m)

        then: 'it names a node that exists'
        sh.output(m).join('\n').contains("hostname=$node")

        when: 'a DSL call, half typed'
        m = sh.mark()
        sh.type('nodes.la')
        sh.keys('Tab')

        then:
        sh.awaitText(m, 'nodes.label(')

        cleanup:
        sh.keys('C-c')
    }

    def "input spans lines while a bracket is open: a multi-line services.ensure queues one create"() {
        given:
        TmuxShell sh = shell()
        int m = sh.mark()

        when:
        sh.type("services.ensure('spec-sh-svc') {")
        sh.keys('Enter')
        awaitContinuation(sh, m, 1)
        sh.type("image '$Rig.IMAGE'")
        sh.keys('Enter')
        awaitContinuation(sh, m, 2)
        sh.type('}')
        sh.keys('Enter')
        sh.awaitPrompt(m)
        List<String> out = sh.output(m).drop(2)   // the two continuation lines

        then: 'the three lines were one input: one queued create'
        out == ["queued  + docker service create --name spec-sh-svc --no-resolve-image $Rig.IMAGE".toString()]
        !serviceExists('spec-sh-svc')

        and:
        sh.run(':discard') == ['discarded 1 queued mutation(s)']
        !serviceExists('spec-sh-svc')
    }

    /** Waits for the n-th continuation prompt ("   ... ") after the mark. */
    private static void awaitContinuation(TmuxShell sh, int m, int n) {
        long deadline = System.nanoTime() + TmuxShell.DEADLINE_SECONDS * 1_000_000_000L
        while (sh.lines().drop(m + 1).count { it ==~ /\s*\.\.\.( .*)?/ } < n || !(sh.lines().last() ==~ /\s*\.\.\./)) {
            assert System.nanoTime() < deadline: "no continuation prompt #$n; the screen:\n${sh.screen()}"
            Thread.sleep(100)
        }
    }

    def "an error prints one line, :trace shows the stack trace, and the shell carries on"() {
        given:
        Files.deleteIfExists(GUARDED_FILE)
        TmuxShell sh = shell()

        expect:
        sh.run(':trace') == ['no error yet']

        when: 'a construct the guard refuses'
        List<String> out = sh.run("new File('$GUARDED_FILE').text = 1")

        then: 'one line, naming the place and the reason; no file'
        out.size() == 1
        out[0].startsWith('error: line 1, column 1: new java.io.File(…) is not part of the playbook DSL; write files with host.write')
        !Files.exists(GUARDED_FILE)

        when: 'a runtime error'
        out = sh.run("nodes.get('no-such-node')")

        then:
        out.size() == 1
        out[0].startsWith("error: no node 'no-such-node'")

        when:
        out = sh.run(':trace')

        then: 'the whole stack trace of that last error'
        out[0].startsWith("dev.swarmops.ops.BadInputException: no node 'no-such-node'")
        out.count { it ==~ /\s+at dev\.swarmops\.\S+\(.*\)/ } >= 2

        and: 'the shell is alive and answers'
        sh.run('1 + 1') == ['=> 2']
        !sh.exited()
    }

    def "shell --apply: a destructive call asks first; n leaves the service, y removes it; the answers stay out of history"() {
        given:
        createService('spec-sh-imm')
        Path history = tmp.resolve('history-apply')
        TmuxShell sh = shell(['--apply'], history)

        when: 'the operator removes a service, and says no'
        int m = sh.mark()
        sh.type("services.remove('spec-sh-imm')")
        sh.keys('Enter')
        String asked = sh.awaitText(m, 'really? [y/N]')

        then: 'the question names the command; nothing is removed while it waits'
        asked.contains('docker service rm spec-sh-imm')
        serviceExists('spec-sh-imm')

        when:
        sh.type('n')
        sh.keys('Enter')
        sh.awaitPrompt(m)

        then:
        sh.output(m).last() == 'error: not confirmed: docker service rm spec-sh-imm'
        serviceExists('spec-sh-imm')

        when: 'again, and yes'
        m = sh.mark()
        sh.type("services.remove('spec-sh-imm')")
        sh.keys('Enter')
        sh.awaitText(m, 'really? [y/N]')
        sh.type('y')
        sh.keys('Enter')
        sh.awaitPrompt(m)

        then:
        sh.output(m).join('\n').contains('running - docker service rm spec-sh-imm')
        !serviceExists('spec-sh-imm')

        when: 'a change that removes nothing'
        List<String> out = sh.run("nodes.label('$host', '$LABEL_KEY', 'now')")

        then: 'runs at once, unasked'
        out.join('\n').contains("running ~ docker node update --label-add $LABEL_KEY=now $host")
        !out.join('\n').contains('really?')
        engineLabels(host)[LABEL_KEY] == 'now'

        and: 'history has the calls but not the y/n answers'
        List<String> recorded = Files.readAllLines(history).collect { it.substring(it.indexOf(':') + 1) }
        recorded.contains("services.remove('spec-sh-imm')")
        !recorded.any { it in ['y', 'n'] }
    }

    def "Ctrl-C cancels the line being typed, and a long wait, without leaving the shell"() {
        given:
        createService('spec-sh-never', 'node.labels.spec.sh.never==true')   // no node satisfies it: never converges
        TmuxShell sh = shell()

        when: 'a line typed, then Ctrl-C instead of Enter'
        int m = sh.mark()
        sh.type("nodes.label('$host', '$LABEL_KEY', 'cancelled')")
        sh.awaitText(m, 'cancelled')
        sh.keys('C-c')
        sh.awaitPrompt(m)

        then: 'it was not run'
        sh.run(':plan') == ['nothing queued']

        when: 'a wait that would last ten minutes'
        m = sh.mark()
        sh.type("services.waitConverged(['spec-sh-never'], 600)")
        sh.keys('Enter')
        sh.awaitText(m, 'converging: spec-sh-never 0/1')
        sh.keys('C-c')
        sh.awaitPrompt(m)

        then: 'interrupted, back at the prompt'
        sh.output(m).last().endsWith('interrupted')

        and: 'the shell is alive and its evaluator free (a still-running wait would hold this up)'
        sh.run('1 + 1') == ['=> 2']
        !sh.exited()
    }

    def ":load runs a Groovy file in the shell, its mutations queued"() {
        given:
        Path file = tmp.resolve('spec-sh-load.groovy')
        Files.writeString(file, """\
            services.ensure('spec-sh-load') {
                image '$Rig.IMAGE'
            }
            'spec-sh-load ' + 'done'
            """.stripIndent())
        TmuxShell sh = shell()

        when:
        List<String> out = sh.run(":load $file")

        then: 'the file ran: its mutation queued, its value shown'
        out.join('\n').contains("queued  + docker service create --name spec-sh-load --no-resolve-image $Rig.IMAGE")
        out.last() == '=> spec-sh-load done'
        !serviceExists('spec-sh-load')
        sh.run(':plan').last() == '1 queued; :apply to run them, :discard to drop them'

        and: 'a missing file is one error line'
        sh.run(":load ${tmp.resolve('missing.groovy')}") == ["error: :load needs a file (${tmp.resolve('missing.groovy')} not found)".toString()]

        and:
        sh.run(':discard') == ['discarded 1 queued mutation(s)']
        !serviceExists('spec-sh-load')
    }

    def "history persists across shell runs: Up in the second recalls a line of the first"() {
        given:
        Path history = tmp.resolve('history-shared')
        TmuxShell first = shell([], history)

        when:
        first.run("'spec-sh-' + 'history'")
        first.keys('C-d')
        first.awaitText(0, "$TmuxShell.EXITED 0")
        TmuxShell second = shell([], history)
        int m = second.mark()
        second.keys('Up')

        then:
        second.awaitText(m, "'spec-sh-' + 'history'")

        when:
        second.keys('Enter')
        second.awaitPrompt(m)

        then:
        second.output(m) == ['=> spec-sh-history']
    }

    /**
     * A node hostname and a prefix of it (three characters when the name is longer) that no other
     * name the completer offers starts with, so a single Tab completes it. The manager first:
     * spec workers come and go. Where no node has one (a manager called vm beside the DSL's
     * volumes), this run's own rig worker, joined for it.
     */
    private List<String> uniquelyCompletableNode() {
        List<String> stable = ops.nodes().list()*.hostname().findAll { it != host && !it.startsWith('spec-') }
        List<String> found = uniquePrefix([host] + stable)
        if (found == null) {
            RigWorker.shared().ensureJoined()
            found = uniquePrefix([RigWorker.NAME])
        }
        if (found == null) {
            throw new IllegalStateException("no node hostname can be completed uniquely among ${completerNames()}")
        }
        found
    }

    /** [hostname, prefix] for the first of these hostnames that has such a prefix; null if none has. */
    private List<String> uniquePrefix(List<String> hostnames) {
        List<String> names = completerNames()
        for (String h : hostnames) {
            List<String> rest = names.findAll { it != h }
            for (int k = Math.min(3, h.length() - 1); k >= 1 && k < h.length(); k++) {
                String prefix = h.substring(0, k)
                if (!rest.any { it.startsWith(prefix) }) {
                    return [h, prefix]
                }
            }
        }
        null
    }

    /** What the completer offers for a bare word: the DSL objects the shell binds, and the live names it reads. */
    private List<String> completerNames() {
        (DslBindings.of(ops, { String line -> } as Terminal, [:]).keySet() as List<String>) +
                ops.nodes().list()*.hostname() +
                ops.services().list(null).collect { it.path('Spec').path('Name').asText() } +
                engine.get('/networks').collect { it.path('Name').asText() } +
                ops.secrets().list().collect { it.path('Spec').path('Name').asText() }
    }
}
