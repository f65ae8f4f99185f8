package dev.swarmops.ops;

/**
 * How a job ended. {@code exitCode} is the job's own, or one of ours when it never ran to the end:
 * {@link #NOT_PLACED} (no eligible node), {@link #TIMED_OUT}.
 */
public record JobResult(String name, String state, int exitCode, String node, String message, String logs) {
    public static final int NOT_PLACED = 125;
    public static final int TIMED_OUT = 124;
}
