package dev.swarmops.shell

import dev.swarmops.testkit.ProcessClasspath

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.jar.JarFile

/**
 * {@code swarmops shell} as a person uses it: a real process on a real tty, in a detached tmux
 * session on a tmux server of this test JVM's own (its own socket, no user configuration).
 * Keys go in with send-keys, the screen comes back with capture-pane; every wait polls the
 * screen until the expected text shows, with a generous deadline (a guard against a hung shell,
 * not an assertion about time).
 */
final class TmuxShell implements AutoCloseable {

    /** This JVM's tmux server: no clash with an operator's tmux or another test run. */
    static final String SOCKET = "spec-sh-${ProcessHandle.current().pid()}"
    /** Printed by the pane's wrapper once the shell process has ended, with its exit code. */
    static final String EXITED = 'swarmops-shell-exited'
    static final int DEADLINE_SECONDS = Integer.getInteger('swarmops.shell.deadline', 120)
    static final Path PROJECT = Path.of('').toAbsolutePath()

    private static Path config
    /** The server's socket file, which tmux leaves behind when the server ends. */
    private static String socketPath

    final String session
    /** The prompt as capture-pane shows it when the shell waits for input (trailing blank trimmed). */
    final String prompt

    private TmuxShell(String session, String prompt) {
        this.session = session
        this.prompt = prompt
    }

    /**
     * Starts {@code swarmops shell --history HISTORY args…} in a new 200×50 tmux session and
     * waits for its first prompt.
     */
    static TmuxShell start(String session, Path history, List<String> args = [], Map<String, String> env = [:]) {
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        // the tmux server's environment is its first client's: variables for this shell go on its command line
        List<String> argv = (env ? ['env'] + env.collect { k, v -> "$k=$v".toString() } : []) + [java, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', classpath(), 'dev.swarmops.cli.Main',
                             'shell', '--history', history.toString()] + args
        // the wrapper keeps the pane (and its last screen) after the shell ends, and says how it ended
        String wrapper = "\"\$@\"; echo \"$EXITED \$?\"; exec sleep 3600"
        tmux(['new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', PROJECT.toString(),
              'sh', '-c', wrapper, 'sh'] + argv)
        synchronized (TmuxShell) {
            socketPath = socketPath ?: tmux(['display-message', '-p', '-t', session, '#{socket_path}']).trim()
        }
        TmuxShell shell = new TmuxShell(session, args.contains('--apply') ? 'swarmops! >' : 'swarmops >')
        shell.awaitText(0, 'swarmops shell on ')
        shell.awaitPrompt(-1)
        shell
    }

    /** The whole screen and its scrollback, wrapped lines joined, trailing blanks dropped. */
    List<String> lines() {
        List<String> lines = tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', session]).readLines()
                .collect { it.replaceFirst(/\s+$/, '') }
        while (lines && lines.last().isEmpty()) {
            lines.removeLast()
        }
        lines
    }

    String screen() {
        lines().join('\n')
    }

    /** The index of the last line: where the next typed input appears. */
    int mark() {
        lines().size() - 1
    }

    /** Lines from the mark on (the mark's own line included). */
    String since(int mark) {
        lines().drop(Math.max(mark, 0)).join('\n')
    }

    /** Literal text, as typed (no key names interpreted). */
    void type(String text) {
        tmux(['send-keys', '-t', session, '-l', '--', text])
    }

    /** Keys by tmux name: Enter, Tab, Up, C-c, C-d. */
    void keys(String... keys) {
        tmux(['send-keys', '-t', session] + keys.toList())
    }

    /**
     * Types a line, presses Enter and waits for the prompt to come back; returns what the shell
     * printed in between (the echoed input line not included).
     */
    List<String> run(String line) {
        int m = mark()
        type(line)
        awaitText(m, line)
        keys('Enter')
        awaitPrompt(m)
        output(m)
    }

    /** What was printed after the input line at mark, up to the prompt that followed. */
    List<String> output(int mark) {
        List<String> ls = lines()
        ls.subList(mark + 1, ls.size() - 1)
    }

    /** Waits until this text shows at or after the mark; returns the screen from the mark. */
    String awaitText(int mark, String text) {
        poll("'$text' on the screen") { String s = since(mark); s.contains(text) ? s : null }
    }

    /** Waits until the shell prints a fresh prompt (after the mark) and waits for input. */
    void awaitPrompt(int mark) {
        poll('a fresh prompt') {
            List<String> ls = lines()
            ls.size() - 1 > mark && ls.last() == prompt ? true : null
        }
    }

    boolean exited() {
        screen().contains(EXITED)
    }

    private <T> T poll(String what, Closure<T> probe) {
        long deadline = System.nanoTime() + DEADLINE_SECONDS * 1_000_000_000L
        while (true) {
            T got = probe()
            if (got != null) {
                return got
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after ${DEADLINE_SECONDS}s waiting for $what in tmux session $session; the screen:\n${screen()}".toString())
            }
            Thread.sleep(100)
        }
    }

    @Override
    void close() {
        try {
            tmux(['kill-session', '-t', session])
        } catch (IllegalStateException ignored) {
            // already gone
        }
    }

    /** Ends this JVM's tmux server (and any session a failed spec left), and removes its socket file. */
    static synchronized void killServer() {
        try {
            tmux(['kill-server'])
        } catch (IllegalStateException ignored) {
            // no server was started
        }
        if (socketPath) {
            Files.deleteIfExists(Path.of(socketPath))
        }
    }

    static String tmux(List<String> args) {
        List<String> argv = ['tmux', '-L', SOCKET, '-f', config().toString()] + args
        ProcessBuilder pb = new ProcessBuilder(argv)
        pb.environment().remove('TMUX')
        pb.environment().remove('TMUX_PANE')
        pb.environment().putIfAbsent('TERM', 'xterm')
        Process p = pb.start()
        p.outputStream.close()
        StringBuffer err = new StringBuffer()
        Thread errReader = Thread.start { err.append(p.errorStream.getText('UTF-8')) }
        String out = new String(p.inputStream.readAllBytes(), StandardCharsets.UTF_8)
        int code = p.waitFor()
        errReader.join()
        if (code != 0) {
            throw new IllegalStateException("${argv.join(' ')} exited $code: $err")
        }
        out
    }

    /** No user tmux.conf; a long scrollback, so a stack trace does not push earlier output out of reach. */
    private static synchronized Path config() {
        if (config == null) {
            config = Files.createTempFile('spec-sh-tmux', '.conf')
            Files.writeString(config, 'set -g history-limit 50000\nset -g status off\n')
            config.toFile().deleteOnExit()
        }
        config
    }

    static String classpath() {
        ProcessClasspath.classpath()
    }
}
