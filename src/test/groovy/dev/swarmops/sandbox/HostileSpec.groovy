package dev.swarmops.sandbox

import dev.swarmops.testkit.Cli
import dev.swarmops.testkit.CliRun
import dev.swarmops.testkit.FakeEngine
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Hostile playbooks, each written to act around the gate, in a dry-run against a stand-in engine
 * that records every request: each is refused as bad input (exit 2), naming the line, with no
 * file written, no process started, no socket opened and no mutating request sent. What the
 * compiler can see is refused before any code runs; what only a run-time value shows (a
 * receiver, a computed name) is refused when reached, before the call happens.
 */
class HostileSpec extends Specification {

    @Shared
    @AutoCleanup
    FakeEngine engine = new FakeEngine().manager([['m1', 'manager-1']])
    @TempDir
    Path dir
    ServerSocket socket = new ServerSocket(0, 1, InetAddress.loopbackAddress)
    volatile boolean connected

    def setup() {
        socket.soTimeout = 0
        Thread.startDaemon { try { socket.accept(); connected = true } catch (IOException ignored) { } }
    }

    def cleanup() {
        socket.close()
    }

    /** Line 5 holds the snippet, in a second step after a harmless first; TOP: snippets go at line 1. */
    Path playbook(String snippet) {
        String s = snippet.replace('@DIR@', dir.toString()).replace('@URL@', engine.endpoint().replace('tcp:', 'http:'))
                .replace('@PORT@', socket.localPort.toString()).replace('@ENGINE@', engine.endpoint())
        boolean top = s.startsWith('TOP:')
        Path p = dir.resolve('hostile.groovy')
        p.text = (top ? s.substring(4) : '// a playbook') + '\n' + """\
            description 'tries to act around the gate'
            step('harmless') { say 'THE FIRST STEP RAN' }
            step('around the gate') {
                ${top ? 'say 1' : s}
            }
            """.stripIndent()
        p
    }

    CliRun run(String snippet, String... extra) {
        Cli.run(['--host', engine.endpoint(), 'run', playbook(snippet).toString()] + extra.toList() as String[])
    }

    /** Nothing of what the snippet aimed at happened. */
    boolean nothingHappened() {
        !Files.exists(dir.resolve('x')) && !connected && engine.mutations().isEmpty()
    }

    def "#family: #snippet is refused before the run starts, naming the place"() {
        given:
        int before = engine.requests.size()

        when:
        CliRun r = run(snippet)

        then:
        r.code == 2
        r.errLine() ==~ /swarmops: .*hostile\.groovy: line \d+, column \d+: .*/
        r.errLine().contains(says)
        !r.out.contains('THE FIRST STEP RAN')
        engine.requests.size() == before   // compiling asked the engine nothing
        nothingHappened()

        where:
        family        | snippet                                                                                                  || says
        'process'     | "new ProcessBuilder('touch', '@DIR@/x').start()"                                                         || 'new java.lang.ProcessBuilder(…) is not part of the playbook DSL; run commands with host.run'
        'process'     | "Runtime.getRuntime().exec('touch @DIR@/x')"                                                             || 'java.lang.Runtime.getRuntime() is not part of the playbook DSL'
        'process'     | "def r = Runtime.runtime; r.exec('touch @DIR@/x')"                                                       || 'java.lang.Runtime'
        'process'     | "'touch @DIR@/x'.&execute()"                                                                             || 'method pointers'
        'process'     | "ProcessBuilder.newInstance(['touch', '@DIR@/x']).start()"                                               || 'java.lang.ProcessBuilder'
        'process'     | "'touch @DIR@/x'::execute"                                                                               || 'method pointers'
        'reflection'  | "def k = 'java.lang.Runtime' as Class"                                                                   || 'java.lang.Class is not part of the playbook DSL'
        'reflection'  | "'x'.asType(Class.forName('java.lang.ProcessBuilder'))"                                                  || 'java.lang.Class'
        'reflection'  | "this.class.classLoader.loadClass('java.lang.Runtime')"                                                  || "'class' is not part of the playbook DSL"
        'reflection'  | "getClass().classLoader"                                                                                 || 'getClass(…) is not part of the playbook DSL'
        'reflection'  | "metaClass.invokeMethod(this, 'evaluate', 'x')"                                                          || "'metaClass' is not part of the playbook DSL"
        'reflection'  | "Class.forName('sun.misc.Unsafe')"                                                                       || 'java.lang.Class'
        'reflection'  | "sun.misc.Unsafe.theUnsafe"                                                                              || 'sun.misc.Unsafe is not part of the playbook DSL'
        'reflection'  | "java.lang.invoke.MethodHandles.lookup()"                                                                || 'java.lang.invoke.MethodHandles'
        'reflection'  | "String.forName('java.lang.Runtime')"                                                                   || 'java.lang.String.forName() is not part of the playbook DSL'
        'reflection'  | "Math.getClassLoader()"                                                                                  || 'java.lang.Math.getClassLoader() is not part of the playbook DSL'
        'reflection'  | "Integer.getInteger('java.home')"                                                                        || 'java.lang.Integer.getInteger() is not part of the playbook DSL'
        'reflection'  | "binding.variables"                                                                                      || "'binding' is not part of the playbook DSL"
        'reflection'  | "super.evaluate('1')"                                                                                    || 'super'
        'exit'        | "System.exit(7)"                                                                                         || 'java.lang.System'
        'exit'        | "def s = System; s.exit(7)"                                                                              || 'java.lang.System'
        'exit'        | "System.&exit"                                                                                           || 'method pointers'
        'exit'        | "Runtime.runtime.halt(3)"                                                                                || 'java.lang.Runtime'
        'thread'      | "Thread.start { 'touch @DIR@/x'.execute() }"                                                             || 'java.lang.Thread'
        'thread'      | "new Thread({ }).start()"                                                                                || 'new java.lang.Thread'
        'thread'      | "java.util.concurrent.Executors.newSingleThreadExecutor()"                                               || 'java.util.concurrent.Executors'
        'compiler'    | "new ConfigSlurper().parse(\"x = 'touch @DIR@/x'.execute()\")"                                            || 'new groovy.util.ConfigSlurper(…)'
        'compiler'    | "new GroovyShell().evaluate(\"'touch @DIR@/x'.execute()\")"                                               || 'new groovy.lang.GroovyShell(…)'
        'compiler'    | "evaluate(\"'touch @DIR@/x'.execute()\")"                                                                 || 'evaluate(…) is not part of the playbook DSL'
        'compiler'    | "new GroovyScriptEngine('.').run('x', new Binding())"                                                    || 'new groovy.util.GroovyScriptEngine(…)'
        'compiler'    | "Eval.me(\"'touch @DIR@/x'.execute()\")"                                                                 || 'groovy.util.Eval'
        'compiler'    | "jdk.jshell.JShell.create().eval('1')"                                                                   || 'jdk.jshell.JShell.create() is not part of the playbook DSL'
        'compiler'    | "javax.tools.ToolProvider.getSystemJavaCompiler()"                                                      || 'javax.tools.ToolProvider.getSystemJavaCompiler() is not part of the playbook DSL'
        'compiler'    | "new GroovyClassLoader().parseClass('class X {}')"                                                       || 'new groovy.lang.GroovyClassLoader(…)'
        'transform'   | "TOP:@groovy.transform.ASTTest(value={ new File('@DIR@/x').text = 'x' })\ndef y = 1"                     || '@ASTTest is not part of the playbook DSL'
        'transform'   | "TOP:@Grab('org.apache.commons:commons-lang3:3.14.0')\nimport org.apache.commons.lang3.StringUtils"      || '@Grab is not part of the playbook DSL'
        'transform'   | "TOP:@GrabConfig(systemClassLoader=true)\nimport groovy.transform.Field"                                 || '@GrabConfig is not part of the playbook DSL'
        'transform'   | "TOP:import groovy.transform.ASTTest as BaseScript"                                                      || 'import aliases are not part of the playbook DSL'
        'transform'   | "TOP:@groovy.transform.Field def f = new File('@DIR@/x')"                                                || '@Field is not part of the playbook DSL'
        'class'       | "TOP:class Evil { static { new File('@DIR@/x').text = 'x' } }"                                           || 'a class of its own (Evil)'
        'jdk'         | "new java.util.Formatter('@DIR@/x').format('x').close()"                                                 || 'new java.util.Formatter(…)'
        'jdk'         | "new java.util.logging.FileHandler('@DIR@/x')"                                                           || 'new java.util.logging.FileHandler(…)'
        'jdk'         | "new FileTreeBuilder(new File('@DIR@')).file('x', 'y')"                                                  || 'new groovy.util.FileTreeBuilder(…)'
        'jdk'         | "javax.xml.transform.TransformerFactory.newInstance()"                                                  || 'javax.xml.transform.TransformerFactory.newInstance() is not part of the playbook DSL'
        'jdk'         | "new java.beans.XMLDecoder(new ByteArrayInputStream('x'.bytes))"                                         || 'new java.beans.XMLDecoder(…)'
        'jdk'         | "javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse('@URL@/x')"           || 'javax.xml.parsers.DocumentBuilderFactory.newInstance() is not part of the playbook DSL'
        'jdk'         | "new javax.naming.InitialContext().lookup('rmi://127.0.0.1:@PORT@/x')"                                   || 'new javax.naming.InitialContext(…) is not part of the playbook DSL'
        'jdk'         | "java.lang.management.ManagementFactory.getRuntimeMXBean()"                                             || 'java.lang.management.ManagementFactory'
        'jdk'         | "new File('@DIR@/x').text = 'x'"                                                                          || 'new java.io.File(…)'
        'jdk'         | "java.nio.file.Files.writeString(java.nio.file.Path.of('@DIR@/x'), 'x')"                                 || 'java.nio.file.Files'
        'jdk'         | "new URL('@URL@/v1.45/swarm/leave').openConnection().inputStream.text"                                   || 'new java.net.URL(…)'
        'jdk'         | "new Socket('127.0.0.1', @PORT@)"                                                                        || 'new java.net.Socket(…)'
        'jdk'         | "java.net.http.HttpClient.newHttpClient()"                                                               || 'java.net.http.HttpClient'
        'library'     | "new org.yaml.snakeyaml.Yaml().load('!!java.io.FileOutputStream [\"@DIR@/x\"]')"                          || 'new org.yaml.snakeyaml.Yaml(…) is not part of the playbook DSL'
        'library'     | "new com.fasterxml.jackson.databind.ObjectMapper().readValue('1', Object)"                               || 'new com.fasterxml.jackson.databind.ObjectMapper(…) is not part of the playbook DSL'
        'library'     | "com.github.dockerjava.core.DockerClientBuilder.getInstance('@ENGINE@').build().leaveSwarmCmd().exec()"  || 'is not part of the playbook DSL'
        'reflection'  | "'x'.with { getClass() }"                                                                                || 'getClass(…) is not part of the playbook DSL'
        'internals'   | "swarm.@ctx.ops().engine().send('POST', '/swarm/leave', null, [:])"                                      || 'direct field access'
        'internals'   | "new dev.swarmops.playbook.PlaybookRunner(null, [:])"                                                    || 'new dev.swarmops.playbook.PlaybookRunner(…) is not part of the playbook DSL'
        'internals'   | "dev.swarmops.playbook.PlaybookCompiler.compile('x', 'y')"                                               || 'dev.swarmops.playbook.PlaybookCompiler.compile() is not part of the playbook DSL'
        'internals'   | "dev.swarmops.cli.Main.run('--version')"                                                                 || 'dev.swarmops.cli.Main.run() is not part of the playbook DSL'
        'internals'   | "new dev.swarmops.engine.Engine(dev.swarmops.engine.Endpoint.resolve('@ENGINE@', [:]))"                  || 'new dev.swarmops.engine.Engine(…) is not part of the playbook DSL'
        'internals'   | "dev.swarmops.host.Probe.run(['touch', '@DIR@/x'])"                                                      || 'dev.swarmops.host.Probe.run() is not part of the playbook DSL'
        'internals'   | "new dev.swarmops.gate.ApplyGate(null, null)"                                                            || 'new dev.swarmops.gate.ApplyGate(…) is not part of the playbook DSL'
        'internals'   | "dev.swarmops.gate.Redactor.scrub('x')"                                                                  || 'dev.swarmops.gate.Redactor.scrub() is not part of the playbook DSL'
        'internals'   | "dev.swarmops.cli.Resident.main('--serve', '@DIR@/x', '60000')"                                          || 'dev.swarmops.cli.Resident.main() is not part of the playbook DSL'
        'internals'   | "dev.swarmops.playbook.GroovyWarmup.start()"                                                             || 'dev.swarmops.playbook.GroovyWarmup.start() is not part of the playbook DSL'
    }

    def "#family: #snippet is refused when reached, before the call, naming the place"() {
        when:
        CliRun r = run(snippet)

        then:
        r.code == 2
        r.errLine() ==~ /swarmops: line 5, column \d+: .* is not part of the playbook DSL; .*/
        r.errLine().contains(says)
        r.out.contains('THE FIRST STEP RAN')
        nothingHappened()

        where:
        family       | snippet                                                                               || says
        'process'    | "'touch @DIR@/x'.execute()"                                                          || 'java.lang.String.execute()'
        'process'    | "['touch', '@DIR@/x'].execute()"                                                     || 'java.util.ArrayList.execute()'
        'process'    | "'touch @DIR@/x'.\"\${'exe' + 'cute'}\"()"                                           || 'java.lang.String.execute()'
        'process'    | "'touch @DIR@/x'.invokeMethod('execute', null)"                                      || 'java.lang.String.invokeMethod()'
        'process'    | "host.probe(['touch', '@DIR@/x'])"                                                   || 'dev.swarmops.playbook.HostDsl.probe()'
        'reflection' | "''.getClass().forName('java.lang.Runtime')"                                         || 'java.lang.String.getClass()'
        'reflection' | "''.class.forName('java.lang.Runtime')"                                              || 'java.lang.String.class'
        'reflection' | "'x'.respondsTo('execute')[0].doMethodInvoke('touch @DIR@/x', null)"                 || 'java.lang.String.respondsTo()'
        'reflection' | "def m = 'x'.metaClass"                                                              || 'java.lang.String.metaClass'
        'reflection' | "def n = 'getClass'; 'x'.\"\$n\"()"                                                  || 'java.lang.String.getClass()'
        'reflection' | "cfg.getClass().classLoader"                                                         || '.getClass()'
        'reflection' | "[1].each { it.getClass() }"                                                         || 'java.lang.Integer.getClass()'
        'reflection' | "[1, 2].parallelStream()"                                                            || 'java.util.ArrayList.parallelStream()'
        'reflection' | "'x'.with { 1 }"                                                                     || 'java.lang.String.with()'
        'network'    | "'@URL@/v1.45/swarm/leave'.toURL().text"                                             || 'java.lang.String.toURL()'
        'internals'  | "swarm.ctx.ops()"                                                                    || 'dev.swarmops.playbook.SwarmDsl.ctx'
        'internals'  | "services.\"ctx\""                                                                   || 'dev.swarmops.playbook.ServicesDsl.ctx'
        'internals'  | "host['ctx']"                                                                        || 'dev.swarmops.playbook.HostDsl[]'
        'internals'  | "nodes.getProperty('ctx')"                                                           || 'dev.swarmops.playbook.NodesDsl.getProperty()'
        'internals'  | "def r = [services]; r[0].ctx"                                                       || 'dev.swarmops.playbook.ServicesDsl.ctx'
        'internals'  | "swarm.metaClass"                                                                    || 'dev.swarmops.playbook.SwarmDsl.metaClass'
        'internals'  | "services.invokeMethod('find', 'x')"                                                 || 'dev.swarmops.playbook.ServicesDsl.invokeMethod()'
        'reflection' | "def s = String; s.forName('java.lang.Runtime')"                                    || 'java.lang.String.forName()'
        'process'    | "say \"\${-> 'touch @DIR@/x'.execute()}\""                                             || 'java.lang.String.execute()'
        'process'    | "switch ('x') { case { 'touch @DIR@/x'.execute() }: break }"                          || 'java.lang.String.execute()'
        'process'    | "def m = [:].withDefault { 'touch @DIR@/x'.execute() }; m.k"                          || 'java.util.LinkedHashMap.withDefault()'
        'internals'  | "nodes.list[0].raw().get('ID')"                                                       || 'ObjectNode.get()'
        'internals'  | "env.getClass()"                                                                     || '.getClass()'
        'internals'  | "services.registryAuth('r', 'HOME', 'PATH').reveal()"                                 || 'dev.swarmops.gate.Sensitive.reveal()'
        // a bare name in a spec block is the playbook's, never the spec's private field of that name
        'internals'  | "services.ensure('spec-x') { image 'i'; secrets.getClass() }"                        || 'dev.swarmops.playbook.DataDsl.getClass()'
    }

    def "readYaml builds plain data only: a YAML gadget naming Java classes is bad input, and nothing is loaded or reached"() {
        when:
        CliRun r = run("readYaml('!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:@PORT@/\"]]]]')")

        then:
        r.code == 2
        r.errLine() == 'swarmops: readYaml: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager'
        r.out.contains('THE FIRST STEP RAN')
        nothingHappened()
    }

    def "a loop without end is stopped at --step-timeout, and the run still gives its summary (#snippet)"() {
        when:
        CliRun r = run(snippet, '--step-timeout', '1')

        then:
        r.code == 1
        r.errLine() == "swarmops: step 'around the gate' ran for more than 1s (--step-timeout)"
        r.out.contains('Plan: ')

        where:
        snippet << ['while (true) { }', 'for (;;) { }', '(1..2000000000).each { }', 'def i = 0; while (i >= 0) { i = i + 1 }']
    }

    def "recursion without end ends the run with one line and its summary"() {
        when:
        CliRun r = run('def f; f = { f() }; f()')

        then:
        r.code == 1
        r.errLine() == 'swarmops: the playbook recursed without end'
        r.out.contains('Plan: ')
    }

    def "settings commands never run in a dry-run: the daemon.json validator and the restart are shown, not run"() {
        when:
        CliRun r = run("host.installDaemonJson(path: '@DIR@/daemon.json', keys: [debug: true], when: true, flag: 'restart-dockerd', "
                + "validate: ['touch', '@DIR@/x'], restart: ['touch', '@DIR@/x'])")

        then:
        r.code == 0
        r.out.contains("then: validate with 'touch ${dir}/x' before writing")
        r.out.contains("! touch ${dir}/x")
        nothingHappened()
        !Files.exists(dir.resolve('daemon.json'))
    }
}
