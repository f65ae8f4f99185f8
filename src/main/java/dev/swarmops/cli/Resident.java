package dev.swarmops.cli;

import dev.swarmops.gate.Redactor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The resident JVM (opt-in, {@code SWARMOPS_RESIDENT}; docs/benchmarks.md): a playbook run costs
 * ~0.7 s of a cold JVM interpreting the Groovy runtime, the HTTP client and JSON before any of it
 * is compiled, and ~0.25 s once they are. The launcher keeps one JVM per user, working directory,
 * environment, umask, namespaces and build (the socket's name is a digest of all of them), so a
 * run it serves sees exactly what a fresh JVM would. It serves {@code run} and {@code job run},
 * the commands that are repeated and wait; everything else runs here as always.
 *
 * <p>Client ({@code --connect SOCKET WAIT_MS -- ARGS}): sends the arguments and whether this is a
 * terminal, relays the run's stdout and stderr, exits with its code. No resident JVM, a busy one
 * or any failure before the run started: the command runs in this JVM instead, as without one.
 * SIGINT or SIGTERM is passed on: the resident JVM exits as an interrupted one would (shutdown
 * hooks run: a job's service is removed, even when this JVM was killed) and this one exits 130 or 143 after it.
 *
 * <p>Server ({@code --serve SOCKET IDLE_MS}): one run at a time, only for a peer of its own user;
 * exits after IDLE_MS without a run, or once its socket file is gone. Files are the launcher's:
 * this class binds the socket and writes nothing else.
 */
public final class Resident {

    private static final int VERSION = 1;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int EXIT = 3;
    private static final int BUSY = 4;
    /** The first frame of a run it took. */
    private static final int STARTED = 5;
    /** Client to server, after the request: the client was signalled. */
    private static final int INTERRUPT = 'I';

    private Resident() {
    }

    public static void main(String[] a) throws IOException, InterruptedException {
        if (a.length == 3 && a[0].equals("--serve")) {
            serve(Path.of(a[1]), Long.parseLong(a[2]));
        } else if (a.length >= 4 && a[0].equals("--connect") && a[3].equals("--")) {
            String[] args = Arrays.copyOfRange(a, 4, a.length);
            if (servable(args)) {
                try (SocketChannel ch = connect(Path.of(a[1]), Long.parseLong(a[2]))) {
                    if (ch != null) {
                        Integer code = relay(ch, args);
                        if (code != null) {
                            System.exit(code);
                        }
                    }
                } catch (IOException e) {
                    // not served: run here
                }
            }
            Main.main(args);
        } else {
            System.err.println("swarmops: usage: Resident --serve SOCKET IDLE_MS | --connect SOCKET WAIT_MS -- ARGS");
            System.exit(Failures.BAD_INPUT);
        }
    }

    // ---- client ----

    /**
     * {@code run} or {@code job run}, naming no file only this process can open: {@code --env-file <(pass show …)} is
     * /dev/fd/63 here and nothing there, and /dev/stdin or /proc/self/… would be the other JVM's.
     */
    static boolean servable(String[] args) {
        Class<?>[] path = Main.commandPath(args);
        if (path == null || !(path[0] == RunCommand.class || path[1] == JobRun.class)) {
            return false;
        }
        for (String a : args) {
            if (a.equals("-") || a.matches("(.*=)?/(dev|proc)/.*")) {
                return false;
            }
        }
        return true;
    }

    /** Connected, or null when nothing listens there within waitMs (a resident JVM the launcher just started may still be starting). */
    private static SocketChannel connect(Path socket, long waitMs) throws InterruptedException {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (true) {
            try {
                return SocketChannel.open(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                Thread.sleep(10);
            }
        }
    }

    /** The run's exit code, or null when it was not served (busy, or gone before it began): run here then. */
    private static Integer relay(SocketChannel ch, String[] args) throws IOException {
        DataOutputStream req = new DataOutputStream(new java.io.BufferedOutputStream(output(ch)));
        req.writeInt(VERSION);
        req.writeBoolean(System.console() != null);
        req.writeInt(args.length);
        for (String arg : args) {
            req.writeUTF(arg);
        }
        req.flush();
        DataInputStream in = new DataInputStream(input(ch));
        int first;
        try {
            first = in.readByte();
        } catch (IOException e) {
            return null; // gone before it began
        }
        if (first != STARTED) {
            return null; // busy
        }
        // only now: a command this JVM runs itself keeps the JVM's own ^C
        int[] signalled = {0};
        for (String name : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                signalled[0] = s.getNumber();
                try {
                    req.write(INTERRUPT);
                    req.flush();
                } catch (IOException e) {
                    // gone already
                }
            });
        }
        // this JVM's own streams, not scrubbing again: the resident JVM scrubbed what it sends
        PrintStream out = System.out;
        PrintStream err = System.err;
        // from here on the run is the resident JVM's: whatever breaks, it is never run again here
        try {
            while (true) {
                int type = in.readByte();
                if (type == EXIT) {
                    int code = in.readInt();
                    return signalled[0] != 0 ? 128 + signalled[0] : code;
                }
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                PrintStream to = type == STDOUT ? out : err;
                to.write(b, 0, b.length);
                to.flush();
            }
        } catch (IOException e) {
            if (signalled[0] != 0) {
                return 128 + signalled[0];
            }
            err.println("swarmops: the resident JVM stopped before the run finished");
            return Failures.REFUSED;
        }
    }

    // ---- server ----

    private static void serve(Path socket, long idleMs) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Object ours = fileKey(socket);
        AtomicBoolean busy = new AtomicBoolean();
        long[] lastUse = {System.nanoTime()};
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                // removing the socket file is how to stop it; another JVM's socket in its place, too
                boolean idle = !busy.get() && System.nanoTime() - lastUse[0] > idleMs * 1_000_000;
                if (idle || !java.util.Objects.equals(ours, fileKey(socket))) {
                    System.exit(0);
                }
            }
        }, "swarmops-resident-watch");
        watch.setDaemon(true);
        watch.start();
        String me = System.getProperty("user.name");
        while (true) {
            SocketChannel ch = server.accept();
            try {
                if (!me.equals(ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName())) {
                    ch.close();
                    continue;
                }
            } catch (IOException | UnsupportedOperationException e) {
                ch.close();
                continue;
            }
            if (!busy.compareAndSet(false, true)) {
                try (ch) {
                    output(ch).write(BUSY);
                }
                continue;
            }
            Thread run = new Thread(() -> {
                try (ch) {
                    serveOne(ch);
                } catch (IOException | RuntimeException e) {
                    // the client is gone or spoke nonsense: nothing to answer
                } finally {
                    lastUse[0] = System.nanoTime();
                    busy.set(false);
                }
            }, "swarmops-resident-run");
            run.start();
        }
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void serveOne(SocketChannel ch) throws IOException {
        DataInputStream in = new DataInputStream(input(ch));
        if (in.readInt() != VERSION) {
            return;
        }
        boolean terminal = in.readBoolean();
        String[] args = new String[in.readInt()];
        for (int i = 0; i < args.length; i++) {
            args[i] = in.readUTF();
        }
        DataOutputStream frames = new DataOutputStream(new java.io.BufferedOutputStream(output(ch)));
        frames.writeByte(STARTED);
        frames.flush();
        AtomicBoolean done = new AtomicBoolean();
        Thread watch = new Thread(() -> awaitInterrupt(in, done), "swarmops-resident-client");
        watch.setDaemon(true);
        watch.start();
        PrintStream out = System.out;
        PrintStream err = System.err;
        int code;
        try {
            System.setOut(Redactor.scrubbing(new PrintStream(new Frames(frames, STDOUT), false, java.nio.charset.StandardCharsets.UTF_8)));
            System.setErr(Redactor.scrubbing(new PrintStream(new Frames(frames, STDERR), false, java.nio.charset.StandardCharsets.UTF_8)));
            Console.terminal = terminal;
            code = Main.run(args);
            System.out.flush();
            System.err.flush();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        done.set(true);
        synchronized (frames) {
            frames.writeByte(EXIT);
            frames.writeInt(code);
            frames.flush();
        }
    }

    /** A client that is signalled or dies takes the run with it, as the end of a process would. */
    private static void awaitInterrupt(InputStream in, AtomicBoolean done) {
        try {
            in.read();
        } catch (IOException e) {
            // closed: the same as gone
        }
        if (!done.get()) {
            System.exit(130);
        }
    }

    /*
     * Streams straight on the channel: a run writes while another thread waits to read, and the
     * streams of java.nio.channels.Channels take one lock for both directions.
     */
    private static InputStream input(SocketChannel ch) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    private static OutputStream output(SocketChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
    }

    /** An output stream to the client, one frame per write. */
    private static final class Frames extends OutputStream {

        private final DataOutputStream frames;
        private final int type;

        Frames(DataOutputStream frames, int type) {
            this.frames = frames;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (frames) {
                frames.writeByte(type);
                frames.writeInt(len);
                frames.write(b, off, len);
                frames.flush();
            }
        }
    }
}
