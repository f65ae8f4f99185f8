package dev.swarmops.host;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Addresses of this machine's interfaces, for "is the advertise address local?". */
public final class LocalAddresses {

    private LocalAddresses() {
    }

    public static boolean contains(String addr) {
        String ip = addr.replaceFirst(":\\d+$", "");
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.getHostAddress().replaceFirst("%.*$", "").equals(ip)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SocketException e) {
            return false;
        }
    }
}
