package dev.swarmops.doctor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel's build configuration ({@code /proc/config.gz}, {@code /boot/config-RELEASE}): option → y, m, a value, or "n". */
public record KernelConfig(String source, Map<String, String> options) {

    private static final Pattern SET = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
    private static final Pattern UNSET = Pattern.compile("^#\\s*(CONFIG_[A-Za-z0-9_]+) is not set\\s*$");

    public static KernelConfig parse(String source, String text) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SET.matcher(line.trim());
            if (m.matches()) {
                opts.put(m.group(1), m.group(2));
                continue;
            }
            Matcher u = UNSET.matcher(line.trim());
            if (u.matches()) {
                opts.put(u.group(1), "n");
            }
        }
        return new KernelConfig(source, Map.copyOf(opts));
    }

    /** {@code y}, {@code m}, a value, or {@code n} when unset or not mentioned. */
    public String get(String option) {
        return options.getOrDefault(option, "n");
    }

    /** Built in or a module. */
    public boolean has(String option) {
        String v = get(option);
        return v.equals("y") || v.equals("m");
    }
}
