package dev.swarmops.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/** A read-only HTTP GET for health checks: the status code, or -1 when nothing answered. */
public final class HttpProbe {

    private HttpProbe() {
    }

    public static int get(String url, int timeoutMillis) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setRequestMethod("GET");
            int code = c.getResponseCode();
            try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            c.disconnect();
            return code;
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }
}
