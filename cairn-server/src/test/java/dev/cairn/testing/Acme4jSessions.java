package dev.cairn.testing;

import dev.cairn.server.CairnServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/** acme4j sessions that trust only a given Cairn's listener root (no global SSL changes). */
public final class Acme4jSessions {
    private Acme4jSessions() {}

    public static Session session(CairnServer server) {
        return session(server.directoryUrl(), server.trustAnchor());
    }

    public static Session session(URI directory, X509Certificate trustAnchor) {
        return new Session(directory, new GenericAcmeProvider() {
            @Override
            public HttpClient createHttpClient(NetworkSettings settings) {
                return HttpClient.newBuilder()
                        .sslContext(trusting(trustAnchor))
                        .connectTimeout(settings.getTimeout())
                        .build();
            }
        });
    }

    public static SSLContext trusting(X509Certificate anchor) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("cairn", anchor);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
