package dev.swarmops.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that talks to the Engine API, over docker-java's {@link DockerHttpClient}.
 * Raw JSON rather than docker-java's typed commands: the typed models lack replicated jobs,
 * generic-resource reservations and pids limits, and raw requests are what a plan shows.
 *
 * <p>{@link #get} and friends are reads and anyone may call them. {@link #send} mutates and is
 * reserved to the gate package (enforced by GateArchitectureSpec).
 */
public final class Engine implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** Seconds an answer may take before the engine counts as hung (default 60: swarm join takes seconds). */
    public static final String TIMEOUT_ENV = "SWARMOPS_ENGINE_TIMEOUT";

    /** How long one request may wait for its answer: an engine that accepts and never answers is an error, not a hang. */
    static Duration responseTimeout() {
        String v = System.getenv(TIMEOUT_ENV);
        return Duration.ofSeconds(v != null && v.matches("[1-9][0-9]{0,5}") ? Long.parseLong(v) : 60);
    }

    private final Endpoint endpoint;
    private final boolean empty;
    private DockerHttpClient http;
    private EngineVersion version;
    private ApiVersion use;
    private boolean pinged;
    private String swarmStatus;
    private Events events;
    /**
     * Whether this engine manages a swarm, as its ping, its last {@code /info} or a swarm read's 503 said;
     * null when unknown, and again once a change is sent (a join or an init changes it).
     */
    private volatile Boolean manages;
    /**
     * {@link #recall} answers by path while a run {@link #remembering remembers}, until the gate
     * applies a change ({@link #forget}); null outside a run. A playbook run asks for the same
     * secret, network and config lists many times while it plans; within the run they only change
     * when it changes them, and a dry-run never does. Outside one (a shell, a test holding this
     * engine) anything may have changed them since, so nothing is remembered.
     */
    private volatile java.util.concurrent.ConcurrentHashMap<String, JsonNode> recalled;

    /**
     * Reads only a swarm manager answers. A non-manager answers them 503, which the HTTP client
     * retries after a second (zerodep's shaded Apache client retries 429 and 503 for idempotent
     * requests, and exposes no setting): when this engine is known not to manage a swarm, the read
     * gets the engine's answer here, without the round trip and the second.
     */
    private static final java.util.regex.Pattern SWARM_READ = java.util.regex.Pattern.compile("/v[0-9.]+/(swarm|nodes|services|tasks|secrets|configs)([/?].*)?");


    public Engine(Endpoint endpoint) {
        this(endpoint, false);
    }

    private Engine(Endpoint endpoint, boolean empty) {
        this.endpoint = endpoint;
        this.empty = empty;
    }

    /**
     * A stand-in for an engine that is not there yet: it answers reads as a fresh engine outside
     * any swarm would, so a dry-run can show a newcomer the whole bring-up. It cannot send.
     */
    public static Engine empty(Endpoint endpoint) {
        return new Engine(endpoint, true);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The stand-in of {@link #empty}: nothing to stream, nothing to wait for. */
    boolean isEmpty() {
        return empty;
    }

    /** This engine's event stream, connected on first use. */
    public synchronized Events events() {
        if (events == null) {
            events = new Events(this);
        }
        return events;
    }

    /** GET a versioned path whose answer streams until closed; the caller reads and closes it. */
    DockerHttpClient.Response stream(String path) {
        return execute("GET", versioned(path), null, Map.of());
    }

    /** Engine and API version; negotiated once, on first use, with one unversioned request. */
    public EngineVersion version() {
        if (version == null) {
            JsonNode v = exchange("GET", "/version", null, Map.of());
            ApiVersion engineApi = ApiVersion.parse(v.path("ApiVersion").asText("0.0"));
            if (engineApi.compareTo(ApiVersion.OLDEST) < 0) {
                throw new EngineException(0, "engine " + v.path("Version").asText() + " speaks API " + engineApi
                        + "; swarmops needs API " + ApiVersion.OLDEST + " (Engine 20.10) or newer");
            }
            ApiVersion use = engineApi.compareTo(ApiVersion.NEWEST) > 0 ? ApiVersion.NEWEST : engineApi;
            version = new EngineVersion(v.path("Version").asText(), engineApi, use, v.path("Os").asText(), v.path("Arch").asText());
        }
        return version;
    }

    /**
     * The engine's swarm status as {@code GET /_ping} states it ({@code active/manager},
     * {@code active/worker}, {@code inactive}, ...), or null when its answer said none.
     */
    public String swarmStatus() {
        ping();
        return swarmStatus;
    }

    /**
     * Start-up: one {@code GET /_ping} (~0.5 ms of engine time) tells the API version and the swarm
     * status in its headers, where {@code /version} and {@code /info} take ~6 ms each. Whatever it
     * does not tell is asked of those as before, so their answers and refusals stay the word.
     */
    private void ping() {
        if (pinged || empty) {
            return;
        }
        pinged = true;
        try (DockerHttpClient.Response r = execute("GET", "/_ping", null, Map.of())) {
            if (r.getStatusCode() == 200) {
                String api = r.getHeader("Api-Version");
                ApiVersion engineApi = api == null ? null : ApiVersion.parse(api);
                if (engineApi != null && engineApi.compareTo(ApiVersion.OLDEST) >= 0) {
                    use = engineApi.compareTo(ApiVersion.NEWEST) > 0 ? ApiVersion.NEWEST : engineApi;
                }
                swarmStatus = r.getHeader("Swarm");
                if (swarmStatus != null) {
                    manages = swarmStatus.equals("active/manager");
                }
            }
        } catch (EngineUnreachableException e) {
            throw e; // not asked again: a second connect would only double a timeout
        } catch (RuntimeException e) {
            // not an engine's ping answer: /version says what is wrong
        }
    }

    /** GET a versioned path; a 404 is an {@link EngineException} with status 404. */
    public JsonNode get(String path) {
        return exchange("GET", versioned(path), null, Map.of());
    }

    /** GET a versioned path; 404 means absent. */
    public Optional<JsonNode> find(String path) {
        return absentOn404(() -> get(path));
    }

    private static Optional<JsonNode> absentOn404(java.util.function.Supplier<JsonNode> read) {
        try {
            return Optional.of(read.get());
        } catch (EngineException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * {@link #get}, answered from memory when the same path was read in this run since the last
     * change the gate applied. For objects nothing changes behind a run's back while it plans
     * (secrets, configs, networks); never for what a wait polls.
     */
    public JsonNode recall(String path) {
        java.util.Map<String, JsonNode> memo = recalled;
        if (memo == null) {
            return get(path);
        }
        // not computeIfAbsent: the read may take seconds and must not hold up other paths
        JsonNode known = memo.get(path);
        if (known == null) {
            known = get(path);
            memo.put(path, known);
        }
        return known;
    }

    /** A run: {@link #recall} remembers until it is closed. */
    public Remembering remembering() {
        recalled = new java.util.concurrent.ConcurrentHashMap<>();
        return () -> recalled = null;
    }

    /** The scope of {@link #remembering}. */
    public interface Remembering extends AutoCloseable {
        @Override
        void close();
    }

    /** {@link #find} through {@link #recall}. */
    public Optional<JsonNode> recallFind(String path) {
        return absentOn404(() -> recall(path));
    }

    /** Drop what {@link #recall} remembers: the gate applied a change, here or anywhere in the swarm. */
    public void forget() {
        // a fresh map, not clear(): a read in flight from before the change then lands in the old one
        if (recalled != null) {
            recalled = new java.util.concurrent.ConcurrentHashMap<>();
        }
    }

    /** GET a versioned path whose answer is a byte stream (logs), read whole. */
    public byte[] getBytes(String path) {
        if (empty) {
            throw new EngineException(404, "no such object (no engine)");
        }
        try (DockerHttpClient.Response r = execute("GET", versioned(path), null, Map.of())) {
            byte[] body = r.getBody().readAllBytes();
            if (r.getStatusCode() >= 400) {
                throw refusal(r.getStatusCode(), body);
            }
            return body;
        } catch (IOException e) {
            throw new EngineUnreachableException(endpoint, e);
        }
    }

    /**
     * Send a mutating request. Only the gate may call this: every caller elsewhere is a hole in
     * the dry-run guarantee.
     */
    public JsonNode send(String method, String path, byte[] jsonBody, Map<String, String> headers) {
        manages = null;
        return exchange(method, versioned(path), jsonBody, headers);
    }

    private String versioned(String path) {
        if (version == null && use == null) {
            ping();
        }
        return "/v" + (version != null ? version.use() : use != null ? use : version().use()) + path;
    }

    private JsonNode exchange(String method, String fullPath, byte[] body, Map<String, String> headers) {
        if (empty) {
            return EmptyEngine.answer(method, fullPath);
        }
        boolean swarmRead = "GET".equals(method) && SWARM_READ.matcher(fullPath).matches();
        if (swarmRead && Boolean.FALSE.equals(manages)) {
            throw new EngineException(503, EmptyEngine.NOT_A_MANAGER);
        }
        try (DockerHttpClient.Response r = execute(method, fullPath, body, headers)) {
            byte[] bytes = readAll(r.getBody());
            if (r.getStatusCode() >= 400) {
                if (r.getStatusCode() == 400 && !endpoint.tls() && new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("HTTP request to an HTTPS server")) {
                    throw EngineUnreachableException.tlsRequired(endpoint);
                }
                if (swarmRead && r.getStatusCode() == 503 && new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("not a swarm manager")) {
                    manages = false;
                }
                throw refusal(r.getStatusCode(), bytes);
            }
            JsonNode answer = bytes.length == 0 ? MissingNode.getInstance() : JSON.readTree(bytes);
            if ("GET".equals(method) && fullPath.endsWith("/info")) {
                manages = answer.path("Swarm").path("ControlAvailable").asBoolean();
            }
            return answer;
        } catch (IOException e) {
            throw new EngineUnreachableException(endpoint, e);
        }
    }

    private DockerHttpClient.Response execute(String method, String fullPath, byte[] body, Map<String, String> headers) {
        DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.valueOf(method)).path(fullPath).headers(headers);
        if (body != null) {
            b.putHeader("Content-Type", "application/json").body(new ByteArrayInputStream(body));
        }
        try {
            return client().execute(b.build());
        } catch (RuntimeException e) {
            // zerodep wraps connect failures (missing socket, refused port, TLS) in runtime exceptions
            throw new EngineUnreachableException(endpoint, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in == null ? new byte[0] : in.readAllBytes();
    }

    private static EngineException refusal(int status, byte[] body) {
        String message;
        try {
            JsonNode n = JSON.readTree(body);
            message = n.path("message").asText(new String(body).trim());
        } catch (IOException | RuntimeException e) {
            message = new String(body).trim();
        }
        return new EngineException(status, message.isEmpty() ? "HTTP " + status : message);
    }

    private DockerHttpClient client() {
        if (http == null) {
            URI uri = endpoint.uri();
            ZerodepDockerHttpClient.Builder b = new ZerodepDockerHttpClient.Builder()
                    .dockerHost(uri).connectionTimeout(Duration.ofSeconds(5)).responseTimeout(responseTimeout()).maxConnections(8);
            if (endpoint.tls()) {
                b.sslConfig(new LocalDirectorySSLConfig(endpoint.tlsCertDir().toString()));
            } else if ("unix".equals(uri.getScheme())) {
                b.sslConfig(NoTls.CONFIG); // start-up: see NoTls
            }
            http = b.build();
        }
        return http;
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        if (http != null) {
            try {
                http.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
