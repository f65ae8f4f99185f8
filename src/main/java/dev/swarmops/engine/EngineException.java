package dev.swarmops.engine;

/** The engine answered and refused the request; the message is the engine's own. */
public class EngineException extends RuntimeException {
    private final int status;

    public EngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
