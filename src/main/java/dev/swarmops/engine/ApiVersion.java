package dev.swarmops.engine;

/** An Engine API version such as 1.45, compared numerically. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    /** Engine 20.10: the oldest engine whose API has replicated jobs and pids limits. */
    public static final ApiVersion OLDEST = new ApiVersion(1, 41);
    /** Engine 26.1: the newest API this client has been checked against. */
    public static final ApiVersion NEWEST = new ApiVersion(1, 45);

    public static ApiVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an API version: " + text);
        }
        return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
