package dev.swarmops.host;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether something accepts TCP connections at host:port (read-only: connect, then close). */
public final class TcpProbe {

    private TcpProbe() {
    }

    /** Empty when reachable, otherwise why not. */
    public static String check(String host, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            return "";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
