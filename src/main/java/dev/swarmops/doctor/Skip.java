package dev.swarmops.doctor;

/**
 * Thrown by a check (or a fact it reads) that has nothing to judge because something another
 * check already reports is missing: daemon.json that does not parse, say. {@link Doctor} counts the
 * check as skipped with this reason instead of printing a second failure for the same cause.
 */
public final class Skip extends RuntimeException {
    public Skip(String reason) {
        super(reason, null, false, false);
    }
}
