package dev.cairn.server;

import dev.cairn.issuance.ListenerCertificates;
import dev.cairn.web.AcmeHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS listeners (RFC 8555 §6.1: ACME is HTTPS only), HTTP/2 and HTTP/1.1 (or HTTP/1.1 only) chosen by ALPN. */
final class Listeners {
    static final String TRUST_ANCHOR_ALIAS = "cairn-tls-root";

    private Listeners() {}

    /**
     * A listener that can be bound at once; its certificates come later, through {@link
     * #useCertificates}, before the server starts (so that they can be made in parallel).
     *
     * <p>{@code http2} false: ALPN offers HTTP/1.1 only (legal-variation mode's {@code
     * http-version}), so a client asking for h2 gets HTTP/1.1. {@code encodedSlashes}: accept
     * {@code %2F} in a path, which Jetty refuses by default as an ambiguous separator; only the
     * management API needs it, for account URLs given percent-encoded in {@code
     * /clients/{account}/report}. The ACME listener keeps the default.
     */
    static ServerConnector https(Server server, InetSocketAddress address, boolean http2, boolean encodedSlashes) {
        HttpConfiguration http = new HttpConfiguration();
        if (encodedSlashes) {
            http.setUriCompliance(
                    UriCompliance.DEFAULT.with("cairn-management", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        }
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach Cairn by IP or by names outside the certificate in tests; URLs never come from Host.
        secure.setSniHostCheck(false);
        secure.setSniRequired(false);
        http.addCustomizer(secure);

        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(h1.getProtocol());

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        ssl.setSniRequired(false);
        SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());

        // Requests that never wait run on the selector thread that read them (ByConnector), so
        // one selector per core lets them use every core; Jetty's default is one for two cores.
        int selectors = Runtime.getRuntime().availableProcessors();
        ServerConnector connector = http2
                ? new ServerConnector(server, -1, selectors, tls, alpn, h2, h1)
                : new ServerConnector(server, -1, selectors, tls, alpn, h1);
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        return connector;
    }

    static void useCertificates(ServerConnector connector, ListenerCertificates certs) {
        SslContextFactory.Server ssl = (SslContextFactory.Server)
                connector.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory();
        ssl.setKeyStore(certs.keyStore());
        ssl.setKeyStorePassword(new String(certs.keyStorePassword()));
        ssl.setTrustStore(trustStore(certs.trustAnchor()));
    }

    /**
     * The listeners never ask for a client certificate, so their trust store is never consulted;
     * without one the JDK loads its default trust store (about 140 CA certificates, 50 to 100 ms of
     * every start, docs/performance.md "Start-up") into each TLS context. Cairn's own TLS root is
     * the one anchor instead: should client certificates ever be asked for, nothing else is trusted.
     */
    static KeyStore trustStore(X509Certificate anchor) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(TRUST_ANCHOR_ALIAS, anchor);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the listeners' trust store", e);
        }
    }

    /**
     * Sends each request to the handler of the listener it arrived on, and decides which thread
     * runs it. Jetty runs a non-blocking handler on the thread that read the request, with no hand-over
     * to another thread; that hand-over (a wake-up and a context switch each way) was most of what
     * newNonce cost (docs/performance.md "newNonce"). So this handler declares itself non-blocking,
     * answers the requests that never wait (newNonce and the directory by GET or HEAD, CORS
     * preflights) at once, and
     * hands every other request, which may wait on storage, a validation or its own body, to the
     * request executor: virtual threads on JDK 21+, Jetty's pool on 17.
     */
    static final class ByConnector extends Handler.Abstract {
        private final ServerConnector acmeConnector;
        private final AcmeHandler acme;
        private final Handler admin;
        private Executor blocking;

        ByConnector(ServerConnector acmeConnector, AcmeHandler acme, Handler admin) {
            super(InvocationType.NON_BLOCKING);
            this.acmeConnector = acmeConnector;
            this.acme = acme;
            this.admin = admin;
            addBean(acme);
            addBean(admin);
        }

        @Override
        public void setServer(Server server) {
            super.setServer(server);
            acme.setServer(server);
            admin.setServer(server);
            Executor virtual = VirtualThreads.getVirtualThreadsExecutor(server.getThreadPool());
            blocking = virtual != null ? virtual : server.getThreadPool();
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            boolean isAcme = request.getConnectionMetaData().getConnector() == acmeConnector;
            if (isAcme
                    && acme.answersWithoutWaiting(
                            request.getMethod(), request.getHttpURI().getPath())) {
                return acme.handleWithoutWaiting(request, response, callback);
            }
            Handler target = isAcme ? acme : admin;
            blocking.execute(() -> handleBlocking(target, request, response, callback));
            return true;
        }

        private static void handleBlocking(Handler target, Request request, Response response, Callback callback) {
            try {
                if (!target.handle(request, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable t) {
                Response.writeError(request, response, callback, t);
            }
        }
    }
}
