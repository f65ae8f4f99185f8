package dev.swarmops.doctor;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parsing of /proc/net: {@code tcp}, {@code tcp6}, {@code udp}, {@code udp6} for bound sockets, and
 * {@code route}, {@code ipv6_route} for the interface that carries an address. The kernel prints IPv4
 * addresses as one little-endian 32-bit word ({@code 0100E70A} is 10.231.0.1) and IPv6 addresses as
 * four such words.
 */
public final class ProcNet {

    /** TCP_LISTEN in /proc/net/tcp's {@code st} column. */
    static final String TCP_LISTEN = "0A";

    /** One socket line: {@code proto} is tcp or udp (v6 folded in), {@code state} the kernel's hex state. */
    public record Socket(String proto, String address, int port, String state, long inode) {

        /** A TCP socket in LISTEN, or any bound UDP socket (UDP has no listening state). */
        public boolean listening() {
            return proto.equals("udp") || state.equals(TCP_LISTEN);
        }

        @Override
        public String toString() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/" + proto;
        }
    }

    private ProcNet() {
    }

    /** The sockets of one /proc/net/{tcp,tcp6,udp,udp6} file; {@code proto} is tcp or udp. Malformed lines are skipped. */
    public static List<Socket> sockets(String text, String proto) {
        List<Socket> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue; // the header, or a blank line
            }
            int colon = f[1].lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                out.add(new Socket(proto, address(f[1].substring(0, colon)), Integer.parseInt(f[1].substring(colon + 1), 16),
                        f[3].toUpperCase(), Long.parseLong(f[9])));
            } catch (IllegalArgumentException e) {
                // not a socket line
            }
        }
        return out;
    }

    /** The listening sockets on a port, e.g. {@code listening(all, "tcp", 2377)}. */
    public static List<Socket> listening(List<Socket> sockets, String proto, int port) {
        return sockets.stream().filter(s -> s.proto().equals(proto) && s.port() == port && s.listening()).toList();
    }

    /** {@code 0100E70A} → 10.231.0.1; 32 hex digits → the IPv6 address. */
    static String address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("not an address: " + hex);
        }
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                // each 32-bit word is little-endian
                int at = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return compress(InetAddress.getByAddress(b).getHostAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code 0:0:0:0:0:0:0:1} → {@code ::1}: the longest run of zero groups (two or more) becomes {@code ::}. */
    static String compress(String v6) {
        if (!v6.contains(":")) {
            return v6;
        }
        String[] g = v6.split(":");
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < g.length; ) {
            int j = i;
            while (j < g.length && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestAt < 0) {
            return v6;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestAt));
        String tail = String.join(":", java.util.Arrays.copyOfRange(g, bestAt + bestLen, g.length));
        return head + "::" + tail;
    }

    /**
     * The interface whose route carries {@code addr}: the longest matching prefix in /proc/net/route
     * (IPv4) or /proc/net/ipv6_route (IPv6). Empty when no route covers it.
     */
    public static Optional<String> routeInterface(String routeText, String ipv6RouteText, String addr) {
        byte[] want = literal(addr);
        if (want == null) {
            return Optional.empty();
        }
        String best = null;
        int bestLen = -1;
        if (want.length == 4 && routeText != null) {
            for (String line : routeText.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8 || f[0].equals("Iface")) {
                    continue;
                }
                try {
                    long dest = leWord(f[1]);
                    long mask = leWord(f[7]);
                    int flags = Integer.parseInt(f[3], 16);
                    long ip = new BigInteger(1, want).longValue();
                    int len = Long.bitCount(mask);
                    if ((flags & 1) != 0 && (ip & mask) == dest && len > bestLen) {
                        best = f[0];
                        bestLen = len;
                    }
                } catch (NumberFormatException e) {
                    // not a route line
                }
            }
        }
        if (want.length == 16 && ipv6RouteText != null) {
            BigInteger ip = new BigInteger(1, want);
            for (String line : ipv6RouteText.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10) {
                    continue;
                }
                try {
                    BigInteger dest = new BigInteger(f[0], 16);
                    int len = Integer.parseInt(f[1], 16);
                    if (len > bestLen && len <= 128 && ip.shiftRight(128 - len).equals(dest.shiftRight(128 - len))
                            && !f[9].equals("lo")) {
                        best = f[9];
                        bestLen = len;
                    }
                } catch (NumberFormatException e) {
                    // not a route line
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The bytes of an IPv4 or IPv6 literal; null for anything else (never a name lookup). */
    static byte[] literal(String addr) {
        if (addr == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})").matcher(addr);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(m.group(i + 1));
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return b;
        }
        if (!addr.contains(":") || !addr.matches("[0-9A-Fa-f:.\\[\\]]+")) {
            return null;
        }
        try {
            // with a colon and hex digits only, this parses an IPv6 literal and never looks a name up
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A little-endian 32-bit word of /proc/net/route as the big-endian number it stands for. */
    private static long leWord(String hex) {
        long v = Long.parseLong(hex, 16);
        return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | ((v >> 24) & 0xff);
    }
}
