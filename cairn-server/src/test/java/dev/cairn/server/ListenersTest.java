package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.issuance.ListenerCertificates;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

class ListenersTest {
    private static final ListenerCertificates CERTS =
            ListenerCertificates.selfIssued(null, List.of("127.0.0.1"), Clock.systemUTC(), new SecureRandom());

    @Test
    void aListenerTrustsOnlyCairnsOwnTlsRootNotTheJdksDefaultAuthorities() throws Exception {
        Server server = new Server();
        ServerConnector connector = Listeners.https(server, new InetSocketAddress("127.0.0.1", 0), true, false);
        Listeners.useCertificates(connector, CERTS);

        KeyStore trust = sslContextFactory(connector).getTrustStore();
        assertThat(Collections.list(trust.aliases())).containsExactly(Listeners.TRUST_ANCHOR_ALIAS);
        assertThat(trust.getCertificate(Listeners.TRUST_ANCHOR_ALIAS)).isEqualTo(CERTS.trustAnchor());
    }

    @Test
    void aListenerWithItsCertificatesMakesATlsContextThatServesTheListenerChain() throws Exception {
        Server server = new Server();
        ServerConnector connector = Listeners.https(server, new InetSocketAddress("127.0.0.1", 0), false, false);
        Listeners.useCertificates(connector, CERTS);
        SslContextFactory.Server ssl = sslContextFactory(connector);
        ssl.start();
        try {
            assertThat(ssl.getSslContext().getProtocol()).isNotEmpty();
            assertThat(ssl.getAliases()).contains(ListenerCertificates.ALIAS);
        } finally {
            ssl.stop();
        }
    }

    private static SslContextFactory.Server sslContextFactory(ServerConnector connector) {
        return (SslContextFactory.Server)
                connector.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory();
    }
}
