package dev.swarmops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class-data-sharing training run (scripts/swarmops): runs the read paths of typical
 * commands end to end — parsing, help, errors, the engine client, HTTP, JSON, tables, doctor's
 * checks — so the archive holds what a real run loads. It never talks to a real engine: every engine run passes
 * {@code --host} naming either a stub engine this process serves, with canned answers to reads
 * and to the one create of a job run (the finished job it lists), on a socket in the directory given as the first argument (the launcher makes a fresh
 * temporary directory and removes it afterwards), or a socket that does not exist. Without an
 * argument only the engine-free and unreachable-engine paths run. Nothing is written but that
 * socket; doctor reads this machine's files (/proc, /sys, daemon.json) as it always does.
 */
public final class Train {

    private Train() {
    }

    public static void main(String[] args) throws IOException {
        Main.fastStart();
        dev.swarmops.engine.Warmup.start();
        Path dir = Path.of(args.length > 0 ? args[0] : "/nonexistent/swarmops-train");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            String stubHost = "unix://" + dir.resolve("engine.sock");
            if (args.length > 0) {
                try {
                    server.bind(UnixDomainSocketAddress.of(dir.resolve("engine.sock")));
                    Thread stub = new Thread(() -> serve(server), "train-stub-engine");
                    stub.setDaemon(true);
                    stub.start();
                } catch (IOException | RuntimeException e) {
                    // no stub (say, a path too long for a socket): those runs find no engine instead
                }
            }
            String nowhere = "unix://" + dir.resolve("absent.sock");
            String[][] runs = {
                    {"--help"}, {"worker", "--help"}, {"worker", "list", "--help"}, {"worker", "token", "--help"},
                    {"run", "--help"}, {"job", "--help"}, {"doctor", "--help"}, {"shell", "--help"},
                    {"--version"}, {"worker", "nonsense"}, {"worker", "token"},
                    {"worker", "daemon-json", "--gpu"},
                    {"--host", stubHost, "worker", "list"},
                    {"--host", stubHost, "--json", "worker", "list"},
                    {"--host", stubHost, "worker", "ls", "--no-color"},
                    {"--host", stubHost, "worker", "token", "--gpu", "--quiet"},
                    {"--host", stubHost, "worker", "token", "--cpu"},
                    {"--host", stubHost, "--json", "worker", "token", "--gpu"},
                    {"--host", stubHost, "worker", "inspect", "w1"},
                    {"--host", stubHost, "job", "ls"},
                    {"--host", stubHost, "--json", "job", "ls"},
                    {"--host", stubHost, "worker", "list", "--format", "table {{.Hostname}}\\t{{.Status}}\\t{{json .Labels}}"},
                    {"--host", stubHost, "job", "ls", "--format", "json"},
                    // the docker context store, read-only: no context can be named with spaces, so none is found
                    {"--context", "no such context", "worker", "list"},
                    {"--host", stubHost, "--json", "worker", "inspect", "w1"},
                    {"--host", stubHost, "doctor", "--role", "manager"},
                    {"--host", stubHost, "doctor"},
                    {"--host", stubHost, "--json", "doctor", "--role", "manager"},
                    {"--host", nowhere, "doctor"},
                    {"--host", stubHost, "--dry-run", "worker", "label", "w1", "--workload", "gpu"},
                    {"--host", stubHost, "--dry-run", "worker", "drain", "w1"},
                    {"--host", stubHost, "job", "run", "--gpu", "1", "busybox:1.36", "--", "true"},
                    {"--host", nowhere, "worker", "list"},
                    {"--host", nowhere, "worker", "token", "--gpu", "--quiet"},
                    // a playbook dry-run: the Groovy runtime and a precompiled stock playbook (no engine: planned, not applied)
                    {"--host", nowhere, "run", stockPlaybook(), "--advertise-addr", "127.0.0.1"},
            };
            for (int round = 0; round < 2; round++) {
                for (String[] run : runs) {
                    picocli.CommandLine cl = Main.commandLine(run);
                    StringWriter sink = new StringWriter();
                    cl.setOut(new PrintWriter(sink));
                    cl.setErr(new PrintWriter(sink));
                    cl.execute(run);
                }
            }
            // a resident JVM's client deciding what it may hand over
            Resident.servable(new String[] {"--host", stubHost, "run", stockPlaybook(), "--env-file", "/dev/stdin"});
            // coloured output, as on a terminal
            Console c = new Console(new PrintWriter(new StringWriter()), true);
            c.println(c.bold("b") + c.dim("d") + c.ok("o") + c.warn("w") + c.error("e"));
        }
    }

    /** playbooks/install-manager.groovy beside the jar (an installed copy) or beside its target/ directory (a checkout). */
    private static String stockPlaybook() {
        try {
            Path dir = Path.of(Train.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
            Path beside = dir.resolve("playbooks/install-manager.groovy");
            return (Files.isRegularFile(beside) ? beside : dir.getParent().resolve("playbooks/install-manager.groovy")).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "playbooks/install-manager.groovy";
        }
    }

    // ---- the stub engine: canned answers to reads, and to a job's service create ----

    private static void serve(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> answer(ch), "train-stub-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(SocketChannel ch) {
        try (ch; InputStream in = Channels.newInputStream(ch); OutputStream out = Channels.newOutputStream(ch)) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] line = head.substring(0, head.indexOf('\r')).split(" ");
                long length = 0;
                for (String h : head.split("\r\n")) {
                    if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Long.parseLong(h.substring(15).trim());
                    }
                }
                in.skipNBytes(length);
                String path = line[1].replaceFirst("^/v1\\.\\d+", "").replaceFirst("\\?.*$", "");
                // a job run: its service "created" as the finished job whose task the stub lists
                String body = "GET".equals(line[0]) ? reply(path)
                        : "POST".equals(line[0]) && path.equals("/services/create") ? "{\"ID\":\"svc000000000000000000001\"}" : null;
                int status = body == null ? 404 : 200;
                byte[] bytes = (body == null ? "{\"message\":\"stub engine: no such object\"}" : body)
                        .getBytes(StandardCharsets.UTF_8);
                StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Not Found")
                        .append("\r\nApi-Version: 1.45\r\nContent-Type: application/json\r\nServer: Docker/26.1.5 (linux)\r\n")
                        .append("Swarm: active/manager\r\n");
                if (bytes.length > 512) {
                    // all but small answers come chunked from a real engine
                    h.append("Transfer-Encoding: chunked\r\n\r\n");
                    out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
                    int half = bytes.length / 2;
                    out.write((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, 0, half);
                    out.write(("\r\n" + Integer.toHexString(bytes.length - half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, half, bytes.length - half);
                    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    h.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
                    out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                }
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client hung up; training goes on
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            sb.append((char) b);
            if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) {
                return sb.toString();
            }
        }
        return null;
    }

    private static String reply(String path) {
        switch (path) {
            case "/_ping":
                return "OK";
            case "/version":
                return VERSION;
            case "/info":
                return INFO;
            case "/swarm":
                return SWARM;
            case "/nodes":
                return "[" + MANAGER + "," + WORKER + "]";
            default:
                if (path.startsWith("/nodes/")) {
                    String ref = path.substring("/nodes/".length());
                    return ref.equals("w1") || ref.startsWith("wkr") ? WORKER : ref.equals("vm") || ref.startsWith("mgr") ? MANAGER : null;
                }
                if (path.equals("/services")) {
                    return "[" + JOB + "]";
                }
                if (path.equals("/tasks")) {
                    return "[" + TASK + "]";
                }
                if (path.equals("/networks") || path.equals("/containers/json")) {
                    return "[]";
                }
                return null;
        }
    }

    private static final String VERSION = """
            {"Platform":{"Name":""},"Version":"26.1.5","ApiVersion":"1.45","MinAPIVersion":"1.24","Os":"linux",\
            "Arch":"amd64","KernelVersion":"6.1.0","GoVersion":"go1.22","GitCommit":"411e817","BuildTime":"2024-07-20T00:00:00Z"}
            """;

    private static final String INFO = """
            {"ID":"4a1b","Containers":3,"Images":2,"Driver":"overlay2","Name":"vm","ServerVersion":"26.1.5",\
            "OperatingSystem":"Debian GNU/Linux 12","NCPU":2,"MemTotal":25275752448,"Runtimes":{"runc":{"path":"runc"}},\
            "DefaultRuntime":"runc","Labels":[],"GenericResources":null,\
            "Swarm":{"NodeID":"mgr0000000000000000000001","NodeAddr":"10.231.0.1","LocalNodeState":"active",\
            "ControlAvailable":true,"Error":"","RemoteManagers":[{"NodeID":"mgr0000000000000000000001","Addr":"10.231.0.1:2377"}],\
            "Nodes":2,"Managers":1,"Cluster":{"ID":"clu000000000000000000001","Version":{"Index":10},\
            "CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z","Spec":{"Name":"default","Labels":{},\
            "Orchestration":{"TaskHistoryRetentionLimit":5},"Raft":{"SnapshotInterval":10000,"KeepOldSnapshots":0,\
            "LogEntriesForSlowFollowers":500,"ElectionTick":10,"HeartbeatTick":1},"Dispatcher":{"HeartbeatPeriod":5000000000},\
            "CAConfig":{"NodeCertExpiry":7776000000000000},"TaskDefaults":{},"EncryptionConfig":{"AutoLockManagers":false}},\
            "TLSInfo":{"TrustRoot":"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n","CertIssuerSubject":"MBMx",\
            "CertIssuerPublicKey":"MFkw"},"RootRotationInProgress":false,"DefaultAddrPool":["10.0.0.0/8"],"SubnetSize":24,\
            "DataPathPort":4789}},"LiveRestoreEnabled":false,"Isolation":"","InitBinary":"docker-init",\
            "SecurityOptions":["name=seccomp,profile=builtin","name=cgroupns"],"Warnings":null}
            """;

    private static final String SWARM = """
            {"ID":"clu000000000000000000001","Version":{"Index":10},"CreatedAt":"2026-01-01T00:00:00Z",\
            "UpdatedAt":"2026-01-01T00:00:00Z","Spec":{"Name":"default","Labels":{},"Orchestration":{"TaskHistoryRetentionLimit":5},\
            "Raft":{"SnapshotInterval":10000,"KeepOldSnapshots":0,"LogEntriesForSlowFollowers":500,"ElectionTick":10,"HeartbeatTick":1},\
            "Dispatcher":{"HeartbeatPeriod":5000000000},"CAConfig":{"NodeCertExpiry":7776000000000000},"TaskDefaults":{},\
            "EncryptionConfig":{"AutoLockManagers":false}},"TLSInfo":{"TrustRoot":"x","CertIssuerSubject":"y","CertIssuerPublicKey":"z"},\
            "RootRotationInProgress":false,"DefaultAddrPool":["10.0.0.0/8"],"SubnetSize":24,"DataPathPort":4789,\
            "JoinTokens":{"Worker":"SWMTKN-1-train-worker","Manager":"SWMTKN-1-train-manager"}}
            """;

    private static final String MANAGER = """
            {"ID":"mgr0000000000000000000001","Version":{"Index":9},"CreatedAt":"2026-01-01T00:00:00Z",\
            "UpdatedAt":"2026-01-01T00:00:00Z","Spec":{"Labels":{},"Role":"manager","Availability":"active"},\
            "Description":{"Hostname":"vm","Platform":{"Architecture":"x86_64","OS":"linux"},\
            "Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275752448},"Engine":{"EngineVersion":"26.1.5",\
            "Plugins":[{"Type":"Log","Name":"json-file"},{"Type":"Network","Name":"overlay"}]},\
            "TLSInfo":{"TrustRoot":"x","CertIssuerSubject":"y","CertIssuerPublicKey":"z"}},\
            "Status":{"State":"ready","Addr":"10.231.0.1"},"ManagerStatus":{"Leader":true,"Reachability":"reachable",\
            "Addr":"10.231.0.1:2377"}}
            """;

    /** A finished broker job and its task, so job ls and doctor's job checks have a row to read. */
    private static final String JOB = """
            {"ID":"svc000000000000000000001","Version":{"Index":20},"CreatedAt":"2026-01-01T00:00:00.123456789Z",\
            "UpdatedAt":"2026-01-01T00:00:01Z","Spec":{"Name":"job-train-1","Labels":{"swarmops.job":"gpu"},\
            "TaskTemplate":{"ContainerSpec":{"Image":"busybox:1.36","Args":["true"]},"Resources":{"Reservations":{\
            "GenericResources":[{"DiscreteResourceSpec":{"Kind":"NVIDIA-GPU","Value":1}}]}},\
            "RestartPolicy":{"Condition":"none"},"Placement":{"Constraints":["node.labels.platform.workload==gpu"]}},\
            "Mode":{"ReplicatedJob":{"MaxConcurrent":1,"TotalCompletions":1}}},\
            "JobStatus":{"JobIteration":{"Index":20},"LastExecution":"2026-01-01T00:00:00Z"}}
            """;

    private static final String TASK = """
            {"ID":"tsk000000000000000000001","Version":{"Index":25},"CreatedAt":"2026-01-01T00:00:00Z",\
            "UpdatedAt":"2026-01-01T00:00:02Z","ServiceID":"svc000000000000000000001","Slot":1,\
            "NodeID":"wkr0000000000000000000002","Status":{"Timestamp":"2026-01-01T00:00:02Z","State":"complete",\
            "Message":"finished","ContainerStatus":{"ContainerID":"c0ffee","PID":0,"ExitCode":0}},"DesiredState":"complete"}
            """;

    private static final String WORKER = """
            {"ID":"wkr0000000000000000000002","Version":{"Index":12},"CreatedAt":"2026-01-01T00:00:00Z",\
            "UpdatedAt":"2026-01-01T00:00:00Z","Spec":{"Labels":{"platform.workload":"gpu"},"Role":"worker",\
            "Availability":"active"},"Description":{"Hostname":"w1","Platform":{"Architecture":"x86_64","OS":"linux"},\
            "Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275752448,"GenericResources":[\
            {"NamedResourceSpec":{"Kind":"NVIDIA-GPU","Value":"GPU-0"}},{"NamedResourceSpec":{"Kind":"NVIDIA-GPU","Value":"GPU-1"}},\
            {"DiscreteResourceSpec":{"Kind":"SSD","Value":1}}]},"Engine":{"EngineVersion":"26.1.5"},\
            "TLSInfo":{"TrustRoot":"x","CertIssuerSubject":"y","CertIssuerPublicKey":"z"}},\
            "Status":{"State":"ready","Addr":"10.231.0.2"}}
            """;
}
