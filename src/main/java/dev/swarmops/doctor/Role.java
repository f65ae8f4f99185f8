package dev.swarmops.doctor;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What doctor checks this machine as: the checks differ between the manager and the two kinds of worker. */
public enum Role {
    MANAGER("manager"), CPU_WORKER("cpu-worker"), GPU_WORKER("gpu-worker");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static String choices() {
        return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    }

    /** {@code manager}, {@code cpu-worker} or {@code gpu-worker}; anything else is an IllegalArgumentException. */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.label.equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("expected one of " + choices() + " but was '" + text + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
