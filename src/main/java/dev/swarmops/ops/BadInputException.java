package dev.swarmops.ops;

/** The caller asked for something malformed or impossible; caught before any mutation. */
public class BadInputException extends IllegalArgumentException {
    public BadInputException(String message) {
        super(message);
    }
}
