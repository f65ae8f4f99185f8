package dev.swarmops.engine;

import com.github.dockerjava.transport.SSLConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.SecureRandom;

/**
 * Start-up only: the TLS context handed to docker-java's zerodep client for a unix socket.
 * Zerodep builds a TLS strategy for every client and, given no context, initialises the JDK's
 * default one (JSSE provider, cipher suites, the cacerts trust store): about a tenth of a second
 * of a read-only command. A unix-socket client only ever routes scheme {@code unix}, and zerodep
 * upgrades to TLS for scheme {@code https} alone, so this context is never used; were it ever
 * used, it would fail loudly rather than talk plain text.
 */
final class NoTls {

    static final SSLConfig CONFIG = () -> new SSLContext(new Spi(), null, "none (unix socket)") {
    };

    private NoTls() {
    }

    private static final class Spi extends SSLContextSpi {

        private static UnsupportedOperationException unused() {
            return new UnsupportedOperationException("no TLS over a unix socket");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw unused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw unused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw unused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw unused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw unused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw unused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw unused();
        }
    }
}
