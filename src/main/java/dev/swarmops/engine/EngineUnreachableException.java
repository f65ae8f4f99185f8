package dev.swarmops.engine;

/** Nothing answered at the endpoint: says which one and how to point elsewhere. */
public class EngineUnreachableException extends RuntimeException {
    private final Endpoint endpoint;

    public EngineUnreachableException(Endpoint endpoint, Throwable cause) {
        super(timedOut(cause)
                ? "the Docker engine at " + endpoint.uri() + " did not answer within " + Engine.responseTimeout().toSeconds()
                        + "s (" + Engine.TIMEOUT_ENV + "); check that it is not hung, or point elsewhere with --host or DOCKER_HOST"
                : "cannot reach the Docker engine at " + endpoint.uri() + " (" + describe(cause)
                        + "); start it, or point elsewhere with --host or DOCKER_HOST", cause);
        this.endpoint = endpoint;
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
