package dev.swarmops.engine;

/** Nothing answered at the endpoint: says which one and how to point elsewhere. */
public class EngineUnreachableException extends RuntimeException {
    private final Endpoint endpoint;

    public EngineUnreachableException(Endpoint endpoint, Throwable cause) {
        super(timedOut(cause)
                ? "the Docker engine at " + endpoint.uri() + " did not answer within " + Engine.responseTimeout().toSeconds()
                        + "s (" + Engine.TIMEOUT_ENV + "); check that it is not hung, or point elsewhere with --host or DOCKER_HOST"
                : tlsRefusal(endpoint, cause) != null ? "the TLS handshake with the Docker engine at " + endpoint.uri() + " failed: "
                        + tlsRefusal(endpoint, cause)
                : "cannot reach the Docker engine at " + endpoint.uri() + " (" + describe(cause)
                        + "); start it, or point elsewhere with --host or DOCKER_HOST", cause);
        this.endpoint = endpoint;
    }

    private EngineUnreachableException(Endpoint endpoint, String message) {
        super(message);
        this.endpoint = endpoint;
    }

    /** A TLS listener answered a plain request: the client side lacks its TLS settings. */
    static EngineUnreachableException tlsRequired(Endpoint endpoint) {
        return new EngineUnreachableException(endpoint, "the Docker engine at " + endpoint.uri() + " speaks TLS: set DOCKER_TLS_VERIFY=1 and "
                + "DOCKER_CERT_PATH to a directory with ca.pem, cert.pem and key.pem, or use a docker context (--context) that has them");
    }

    /** Which side's certificate the handshake refused, in the operator's terms; null when it was no TLS refusal. */
    private static String tlsRefusal(Endpoint endpoint, Throwable cause) {
        if (!endpoint.tls()) {
            return null;
        }
        String all = "";
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all += " " + c.getMessage();
        }
        if (all.contains("certification path") || all.contains("PKIX")) {
            return "its certificate is not signed by the CA in " + endpoint.tlsCertDir().resolve("ca.pem");
        }
        if (all.contains("bad_certificate") || all.contains("certificate_unknown") || all.contains("certificate_required")
                || all.contains("unknown_ca")) {
            return "it refused the client certificate in " + endpoint.tlsCertDir().resolve("cert.pem") + " (not signed by a CA it trusts)";
        }
        if (all.contains("Broken pipe") || all.contains("Connection reset")) {
            // TLS 1.3: the engine checks the client certificate after the client's side of the handshake has ended
            return "it closed the connection after the handshake, which is how it refuses a client certificate: is "
                    + endpoint.tlsCertDir().resolve("cert.pem") + " signed by a CA the engine trusts (its --tlscacert)?";
        }
        return null;
    }

    private static boolean timedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return msg == null || msg.isBlank() ? root.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
    }
}
