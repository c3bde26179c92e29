package dev.cairn.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A tls-alpn-01 responder (RFC 8737): accepts TLS, negotiates {@code acme-tls/1} and shows
 * the validation certificate most recently set. One certificate at a time is enough for
 * tests that validate one authorization after the other.
 */
final class TlsAlpn01Responder implements AutoCloseable {
    private final ServerSocket listener;
    private final AtomicReference<SSLContext> context = new AtomicReference<>();
    private final Thread acceptor;

    TlsAlpn01Responder() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "tls-alpn-01-responder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void serve(KeyPair key, X509Certificate certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("acme", key.getPrivate(), "x".toCharArray(), new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        context.set(ctx);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket plain = listener.accept();
                Thread t = new Thread(() -> handshake(plain), "tls-alpn-01-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handshake(Socket plain) {
        SSLContext ctx = context.get();
        try (plain) {
            if (ctx == null) {
                return;
            }
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, null, plain.getPort(), true)) {
                tls.setUseClientMode(false);
                SSLParameters params = tls.getSSLParameters();
                params.setApplicationProtocols(new String[] {"acme-tls/1"});
                tls.setSSLParameters(params);
                tls.setHandshakeApplicationProtocolSelector(
                        (s, offered) -> List.copyOf(offered).contains("acme-tls/1") ? "acme-tls/1" : null);
                tls.startHandshake();
                tls.getInputStream().read();
            }
        } catch (IOException e) {
            // the validator closes the connection right after the handshake (RFC 8737 §3)
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
