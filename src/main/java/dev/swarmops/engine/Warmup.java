package dev.swarmops.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Start-up only: runs the engine side's one-time initialisation on the second core while picocli
 * is still building the command tree on the first. The first zerodep client and request cost
 * about a tenth of a second of class initialisation and cold code (slf4j's binding scan opens
 * every jar on the class path, the public-suffix list is parsed, the HTTP client's defaults are
 * built, the request chain and the unix-socket layer initialise), and Jackson's first mapper and
 * parse a few tens of milliseconds more. None of it depends on the command.
 *
 * <p>The warm-up builds a throwaway client for a socket path that does not exist, sends it one
 * GET, which fails at the connect (nothing is there), closes it, and parses a small engine-like
 * answer with the shared mapper. It talks to no engine, writes nothing and swallows its own
 * failures: whatever it did not get to, the command does itself, exactly as without it.
 */
public final class Warmup {

    private Warmup() {
    }

    /** Starts the warm-up on a daemon thread; returns at once. */
    public static void start() {
        Thread t = new Thread(Warmup::run, "swarmops-warmup");
        t.setDaemon(true);
        t.start();
    }

    static void run() {
        try (DockerHttpClient client = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create("unix:///nonexistent/swarmops-warmup.sock"))
                .sslConfig(NoTls.CONFIG)
                .build()) {
            client.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path("/_ping").build())
                    .close();
        } catch (Exception | LinkageError e) {
            // expected: no socket there
        }
        try {
            Engine.JSON.readTree(SAMPLE);
        } catch (Exception | LinkageError e) {
            // only a warm-up
        }
    }

    /** Shaped like an engine answer, and bytes as the engine's are: nesting, numbers, an escape. */
    private static final byte[] SAMPLE = ("[{\"ID\":\"x1\",\"Version\":{\"Index\":12},\"CreatedAt\":\"2026-01-01T00:00:00.5Z\","
            + "\"Spec\":{\"Labels\":{\"a.b\":\"c\"},\"Role\":\"worker\",\"Availability\":\"active\"},"
            + "\"Description\":{\"Hostname\":\"h\\u00e9\",\"Resources\":{\"NanoCPUs\":2000000000,\"MemoryBytes\":25275752448,"
            + "\"GenericResources\":[{\"DiscreteResourceSpec\":{\"Kind\":\"SSD\",\"Value\":1}}]},\"Ratio\":0.5,"
            + "\"Engine\":{\"EngineVersion\":\"26.1.5\",\"Plugins\":[{\"Type\":\"Log\",\"Name\":\"json-file\"}]}},"
            + "\"Status\":{\"State\":\"ready\",\"Addr\":\"10.0.0.2\"},\"Flag\":true,\"None\":null}]")
            .getBytes(StandardCharsets.UTF_8);
}
