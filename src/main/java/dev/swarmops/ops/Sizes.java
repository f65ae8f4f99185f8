package dev.swarmops.ops;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parsing of human sizes and CPU counts, as the docker CLI flags take them. Anything not
 * plainly a positive decimal with an optional unit is refused with the field's name.
 */
public final class Sizes {

    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)([bkmgt]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CPUS = Pattern.compile("\\d+(?:\\.\\d{1,9})?");
    private static final String UNITS = "bkmgt";
    private static final long NANOS = 1_000_000_000L;

    private Sizes() {
    }

    /** {@code 4g}, {@code 512m}, {@code 1.5g}, {@code 1048576} → bytes. */
    public static long parseBytes(String field, String text) {
        Matcher m = BYTES.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new BadInputException(field + ": '" + text + "' is not a size (use a number with an optional unit b, k, m, g or t, e.g. 512m or 4g)");
        }
        int power = m.group(2).isEmpty() ? 0 : UNITS.indexOf(Character.toLowerCase(m.group(2).charAt(0)));
        // whole bytes: a fraction of one byte (0.5b) would be a limit of 0, which the engine reads as "no limit"
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power))
                .setScale(0, java.math.RoundingMode.DOWN);
        if (bytes.signum() <= 0) {
            throw new BadInputException(field + ": '" + text + "' must be greater than zero");
        }
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw new BadInputException(field + ": '" + text + "' is too large");
        }
    }

    /** Bytes in the shortest exact docker form: 4294967296 → {@code 4g}. */
    public static String formatBytes(long bytes) {
        for (int power = 4; power > 0; power--) {
            long unit = 1L << (10 * power);
            if (bytes % unit == 0) {
                return bytes / unit + String.valueOf(UNITS.charAt(power));
            }
        }
        return bytes + "b";
    }

    /** {@code 1.5} → 1500000000 nano-CPUs, as the Engine API wants them. */
    public static long parseCpus(String field, String text) {
        String t = text == null ? "" : text.trim();
        if (!CPUS.matcher(t).matches()) {
            throw new BadInputException(field + ": '" + text + "' is not a CPU count (use a decimal such as 2 or 1.5)");
        }
        BigDecimal nanos = new BigDecimal(t).multiply(BigDecimal.valueOf(NANOS));
        if (nanos.signum() <= 0) {
            throw new BadInputException(field + ": '" + text + "' must be greater than zero");
        }
        if (nanos.compareTo(BigDecimal.valueOf(4096 * NANOS)) > 0) {
            throw new BadInputException(field + ": '" + text + "' is more CPUs than any node has");
        }
        return nanos.longValueExact();
    }

    public static String formatCpus(long nanoCpus) {
        return new BigDecimal(nanoCpus).divide(BigDecimal.valueOf(NANOS)).stripTrailingZeros().toPlainString();
    }

    /** {@code 90}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d} → a duration. */
    public static java.time.Duration parseDuration(String field, String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = Pattern.compile("(\\d{1,9})([smhd]?)").matcher(t);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new BadInputException(field + ": '" + text + "' is not a duration (use e.g. 90s, 5m, 2h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            case "d" -> java.time.Duration.ofDays(n);
            default -> java.time.Duration.ofSeconds(n);
        };
    }

    /** A strictly positive whole number, e.g. a pids limit or replica count. */
    public static long parseCount(String field, String text) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("\\d{1,18}") || Long.parseLong(t) <= 0) {
            throw new BadInputException(field + ": '" + text + "' is not a positive whole number");
        }
        return Long.parseLong(t);
    }
}
