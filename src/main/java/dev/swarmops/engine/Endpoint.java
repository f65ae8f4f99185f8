package dev.swarmops.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the engine lives, resolved the way the docker CLI resolves it: an explicit host wins,
 * then DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH for tcp), then the local socket.
 */
public record Endpoint(URI uri, Path tlsCertDir) {

    public static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

    public static Endpoint resolve(String explicitHost, Map<String, String> env) {
        String host = explicitHost != null && !explicitHost.isBlank() ? explicitHost
                : env.getOrDefault("DOCKER_HOST", "").isBlank() ? DEFAULT_SOCKET : env.get("DOCKER_HOST");
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
        Path certs = null;
        String verify = env.getOrDefault("DOCKER_TLS_VERIFY", "");
        // as the docker CLI reads it: any non-empty DOCKER_TLS_VERIFY turns TLS on
        if ("tcp".equals(scheme) && !verify.isEmpty()) {
            String dir = env.getOrDefault("DOCKER_CERT_PATH", "");
            certs = dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".docker") : Path.of(dir);
        }
        return new Endpoint(uri, certs);
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
