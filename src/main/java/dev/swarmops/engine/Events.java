package dev.swarmops.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine's event stream ({@code GET /events}), read on a daemon thread, so that a wait
 * re-checks its condition as soon as something happens instead of sleeping out a poll interval.
 *
 * <p>What it can and cannot see: a manager reports node, service, network, secret and config
 * changes of the whole swarm (a node going down or coming back is one event), and container
 * changes of its own engine only. There is no task event in the Engine API (moby's cluster watch
 * covers none), so a task on another node is still seen by reading its state; a waiter passes the
 * longest it may sleep, and that poll is also the fallback whenever the stream is not connected.
 */
public final class Events implements AutoCloseable {

    private static final String FILTER = "?filters=" + java.net.URLEncoder.encode("{\"type\":[\"container\",\"node\",\"service\"]}", StandardCharsets.UTF_8);
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final Engine engine;
    private final Map<String, Long> byType = new HashMap<>();
    private long total;
    private String since;
    private Thread reader;
    private volatile DockerHttpClient.Response open;
    private volatile boolean closed;

    Events(Engine engine) {
        this.engine = engine;
    }

    /** Events seen so far, of any type; pass it back to {@link #awaitAfter}. Starts the reader on first use. */
    public synchronized long seen() {
        start();
        return total;
    }

    /** Events seen so far of one type ({@code node}, {@code service}, {@code container}). */
    public synchronized long seen(String type) {
        start();
        return byType.getOrDefault(type, 0L);
    }

    /**
     * Block until an event after {@code seen} arrives or {@code max} passes, whichever is first;
     * returns the count now. Without a stream this is a plain sleep of {@code max}: polling.
     */
    public synchronized long awaitAfter(long seen, Duration max) throws InterruptedException {
        start();
        long deadline = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos(); total == seen && left > 0; left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        return total;
    }

    /** Whether the reader thread runs (for the spec: it ends with the engine). */
    synchronized boolean reading() {
        return reader != null && reader.isAlive();
    }

    private void start() {
        if (reader == null && !closed && !engine.isEmpty()) {
            reader = new Thread(this::run, "engine-events");
            reader.setDaemon(true); // never keeps a command alive
            reader.start();
        }
    }

    private void run() {
        while (!closed) {
            try (DockerHttpClient.Response r = engine.stream("/events" + FILTER + (since == null ? "" : "&since=" + since))) {
                open = r;
                if (r.getStatusCode() >= 400) {
                    return; // this engine will not stream events: every wait polls
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(r.getBody(), StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null && !closed; line = in.readLine()) {
                    seen(Engine.JSON.readTree(line));
                }
            } catch (IOException | RuntimeException e) {
                // disconnected (engine restarted, idle timeout): waits poll until the stream is back
            } finally {
                open = null;
            }
            try {
                Thread.sleep(RECONNECT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void seen(JsonNode event) {
        long nanos = event.path("timeNano").asLong();
        if (nanos > 0) {
            since = nanos / 1_000_000_000L + "." + String.format("%09d", nanos % 1_000_000_000L);
        }
        byType.merge(event.path("Type").asText(), 1L, Long::sum);
        total++;
        notifyAll();
    }

    @Override
    public void close() {
        closed = true;
        DockerHttpClient.Response r = open;
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException ignored) {
                // the reader ends on its own
            }
        }
    }
}
