package dev.swarmops.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine lives, resolved the way the docker CLI resolves it (docker/cli
 * {@code resolveContextName}): {@code --context} or {@code --host} (not both), then DOCKER_HOST,
 * then DOCKER_CONTEXT, then the current context of the docker CLI's config.json, then the local
 * socket. The context {@code default} is DOCKER_HOST or the local socket; a host given directly
 * takes DOCKER_TLS_VERIFY / DOCKER_CERT_PATH for tcp, a context its own TLS material.
 */
public record Endpoint(URI uri, Path tlsCertDir) {

    public static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

    /** An endpoint and why it was chosen, e.g. {@code from context "rig", current in /root/.docker/config.json}. */
    public record Choice(Endpoint endpoint, String source) {
    }

    /** The endpoint of an explicit host, else of the environment (no --context). */
    public static Endpoint resolve(String explicitHost, Map<String, String> env) {
        return choose(explicitHost, null, env).endpoint();
    }

    /** The endpoint for these global options in this environment, and why. */
    public static Choice choose(String explicitHost, String context, Map<String, String> env) {
        boolean hostGiven = explicitHost != null && !explicitHost.isBlank();
        boolean contextGiven = context != null && !context.isEmpty();
        if (hostGiven && contextGiven) {
            throw new BadEndpointException("conflicting options: cannot specify both --host and --context");
        }
        if (contextGiven) {
            return named(context, "--context", env);
        }
        if (hostGiven) {
            return new Choice(withEnvTls(explicitHost, env), "from --host");
        }
        if (!env.getOrDefault("DOCKER_HOST", "").isEmpty()) {
            return defaultContext(env, "from DOCKER_HOST");
        }
        String fromEnv = env.getOrDefault("DOCKER_CONTEXT", "");
        if (!fromEnv.isEmpty()) {
            return named(fromEnv, "DOCKER_CONTEXT", env);
        }
        DockerContexts store = DockerContexts.of(env);
        Optional<String> current = store.current();
        if (current.isPresent()) {
            return named(current.get(), "current in " + store.configFile(), env);
        }
        return defaultContext(env, "the default: no --host, --context, DOCKER_HOST, DOCKER_CONTEXT or current context");
    }

    private static Choice named(String name, String origin, Map<String, String> env) {
        String source = "from context \"" + name + "\", " + origin;
        if (name.equals(DockerContexts.DEFAULT)) {
            return defaultContext(env, source + (env.getOrDefault("DOCKER_HOST", "").isEmpty() ? ": the local socket" : ": DOCKER_HOST"));
        }
        return new Choice(DockerContexts.of(env).endpoint(name), source);
    }

    /** The context {@code default}: DOCKER_HOST, else the local socket. */
    private static Choice defaultContext(Map<String, String> env, String source) {
        String host = env.getOrDefault("DOCKER_HOST", "");
        return new Choice(withEnvTls(host.isEmpty() ? DEFAULT_SOCKET : host, env), source);
    }

    /** A host with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH applied, as docker applies them to the default context. */
    private static Endpoint withEnvTls(String host, Map<String, String> env) {
        Path certs = null;
        // as the docker CLI reads it: any non-empty DOCKER_TLS_VERIFY turns TLS on
        if (!env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty()) {
            String dir = env.getOrDefault("DOCKER_CERT_PATH", "");
            certs = dir.isEmpty() ? DockerContexts.of(env).dir() : Path.of(dir);
        }
        Endpoint e = parse(host, certs);
        if (e.tls()) {
            completeTls(certs, "DOCKER_TLS_VERIFY is set, and the certificate directory (DOCKER_CERT_PATH)");
        }
        return e;
    }

    /**
     * The directory, when it holds all of ca.pem, cert.pem and key.pem: docker-java's client
     * quietly talks plain HTTP when one is missing, so half a set is refused here, naming it.
     */
    static Path completeTls(Path dir, String where) {
        java.util.List<String> missing = java.util.stream.Stream.of("ca.pem", "cert.pem", "key.pem")
                .filter(f -> !java.nio.file.Files.isRegularFile(dir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new BadEndpointException(where + " " + dir + " lacks " + String.join(", ", missing) + " (TLS needs ca.pem, cert.pem and key.pem)");
        }
        return dir;
    }

    /** A host string as an endpoint; TLS (certs in {@code tlsCertDir}) for tcp only. */
    static Endpoint parse(String host, Path tlsCertDir) {
        URI uri;
        try {
            uri = URI.create(host.contains("://") ? host : "unix://" + host);
        } catch (IllegalArgumentException e) {
            throw new BadEndpointException("engine host '" + host + "' is not a valid address (use unix:///path or tcp://host:port)");
        }
        String scheme = uri.getScheme();
        if (!"unix".equals(scheme) && !"tcp".equals(scheme)) {
            throw new BadEndpointException("engine host '" + host + "' has unsupported scheme '" + scheme + "' (use unix:// or tcp://)");
        }
        return new Endpoint(uri, "tcp".equals(scheme) ? tlsCertDir : null);
    }

    public boolean tls() {
        return tlsCertDir != null;
    }

    @Override
    public String toString() {
        return uri + (tls() ? " (TLS, certs in " + tlsCertDir + ")" : "");
    }

    /** The endpoint string itself is malformed: bad input, not an engine failure. */
    public static final class BadEndpointException extends IllegalArgumentException {
        public BadEndpointException(String message) {
            super(message);
        }
    }
}
