package dev.swarmops.playbook;

/** A playbook stopped on purpose ({@code fail('why')}, a preflight check): one line, exit 1. */
public final class PlaybookFailure extends RuntimeException {
    public PlaybookFailure(String message) {
        super(message);
    }
}
