package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.authority.Account;
import dev.cairn.authority.AccountKey;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.Challenge;
import dev.cairn.authority.Order;
import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.protocol.AccountStatus;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.storage.sql.SqlStorage;
import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.Http01Responder;
import dev.cairn.web.jose.JwkKeys;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * Issue 3: Cairn on its embedded SQLite database stops and starts again exactly where it was,
 * and work left in flight is finished or failed cleanly, never stuck.
 */
class RestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    MockDnsServer dns;
    Http01Responder http01;
    CairnConfig config;

    @BeforeEach
    void setUp() throws Exception {
        dns = new MockDnsServer().start(new InetSocketAddress("127.0.0.1", 0));
        dns.setDefaultIpv4("127.0.0.1");
        http01 = new Http01Responder();
        config = CairnConfig.builder()
                .listen(new InetSocketAddress("127.0.0.1", freePort()))
                .adminListen(new InetSocketAddress("127.0.0.1", freePort()))
                .dataDir(dataDir)
                .dnsResolver(new InetSocketAddress("127.0.0.1", dns.port()))
                .http01Port(http01.port())
                .build();
    }

    @AfterEach
    void tearDown() {
        http01.close();
        dns.close();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    Certificate issue(Login login, String name) throws Exception {
        org.shredzone.acme4j.Order order =
                login.getAccount().newOrder().domain(name).create();
        for (org.shredzone.acme4j.Authorization authz : order.getAuthorizations()) {
            if (authz.getStatus() != Status.VALID) {
                Http01Challenge c = authz.findChallenge(Http01Challenge.class).orElseThrow();
                http01.put(c.getToken(), c.getAuthorization());
                c.trigger();
                assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
            }
        }
        order.waitUntilReady(WAIT);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        return order.getCertificate();
    }

    static String certStatus(CairnServer server, String serial) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(Acme4jSessions.trusting(server.trustAnchor()))
                .build();
        return http.send(
                        HttpRequest.newBuilder(server.adminUrl().resolve("/cert-status-by-serial/" + serial))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void accountsOrdersCertificatesAndRevocationsSurviveARestart() throws Exception {
        KeyPair accountKey = ecKey();
        URL accountUrl;
        URL orderUrl;
        URL certUrl;
        X509Certificate kept;
        X509Certificate revoked;
        X509Certificate root;
        try (CairnServer first = CairnServer.start(config)) {
            Session session = Acme4jSessions.session(first);
            Login login = new AccountBuilder()
                    .agreeToTermsOfService()
                    .useKeyPair(accountKey)
                    .createLogin(session);
            accountUrl = login.getAccountLocation();
            Certificate cert = issue(login, "kept.restart.test");
            certUrl = cert.getLocation();
            kept = cert.getCertificate();
            orderUrl = login.getAccount().getOrders().next().getLocation();
            Certificate toRevoke = issue(login, "revoked.restart.test");
            revoked = toRevoke.getCertificate();
            toRevoke.revoke(RevocationReason.SUPERSEDED);
            root = first.certificateAuthority().roots().get(0);
        }

        try (CairnServer second = CairnServer.start(config)) {
            assertThat(second.certificateAuthority().roots().get(0)).isEqualTo(root);
            Session session = Acme4jSessions.session(second);
            Login again =
                    new AccountBuilder().onlyExisting().useKeyPair(accountKey).createLogin(session);
            assertThat(again.getAccountLocation()).isEqualTo(accountUrl);
            assertThat(again.bindOrder(orderUrl).getStatus()).isEqualTo(Status.VALID);
            Certificate downloaded = again.bindCertificate(certUrl);
            downloaded.download();
            assertThat(downloaded.getCertificate()).isEqualTo(kept);
            kept.verify(downloaded.getCertificateChain().get(1).getPublicKey());
            assertThat(certStatus(second, kept.getSerialNumber().toString(16))).contains("\"Status\":\"Valid\"");
            assertThat(certStatus(second, revoked.getSerialNumber().toString(16)))
                    .contains("\"Status\":\"Revoked\"", "\"Reason\":4");
            Certificate fresh = issue(again, "after.restart.test");
            fresh.getCertificate()
                    .verify(second.certificateAuthority().intermediates().get(0).getPublicKey());
        }
    }

    @Test
    void orderLeftProcessingIsFailedAndValidationInFlightIsResumedOnStart() throws Exception {
        KeyPair key = ecKey();
        AccountKey accountKey = JwkKeys.toAccountKey(JwkKeys.toJwk(key.getPublic()));
        Instant now = Instant.now();
        Challenge inFlight = new Challenge(
                "c1", ChallengeType.HTTP_01, "tok-resumed-validation", ChallengeStatus.PROCESSING, null, null);
        Authorization authz = new Authorization(
                "authz1",
                "acct1",
                Identifier.dns("resume.test"),
                false,
                AuthorizationStatus.PENDING,
                now.plus(Duration.ofHours(1)),
                List.of(inFlight),
                0);
        Order processing = new Order(
                "order1",
                "acct1",
                OrderStatus.PROCESSING,
                now,
                now.plus(Duration.ofHours(1)),
                List.of(Identifier.dns("stuck.test")),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                0);
        try (SqlStorage storage = SqlStorage.sqlite(Storages.sqliteFile(dataDir))) {
            storage.createAccount(new Account("acct1", accountKey, List.of(), AccountStatus.VALID, true, now, null, 0));
            storage.createOrder(processing, List.of());
            storage.createOrder(
                    new Order(
                            "order2",
                            "acct1",
                            OrderStatus.PENDING,
                            now,
                            now.plus(Duration.ofHours(1)),
                            List.of(Identifier.dns("resume.test")),
                            List.of("authz1"),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            0),
                    List.of(authz));
        }
        http01.put("tok-resumed-validation", "tok-resumed-validation." + accountKey.thumbprint());

        try (CairnServer server = CairnServer.start(config)) {
            Session session = Acme4jSessions.session(server);
            Login login = session.login(
                    new URL(server.directoryUrl().resolve("/acme/acct/acct1").toString()), key);
            org.shredzone.acme4j.Order stuck = login.bindOrder(
                    new URL(server.directoryUrl().resolve("/acme/order/order1").toString()));
            assertThat(stuck.getStatus()).isEqualTo(Status.INVALID);
            assertThat(stuck.getError())
                    .hasValueSatisfying(
                            p -> assertThat(p.getDetail().orElse("")).contains("stopped"));
            org.shredzone.acme4j.Authorization resumed = login.bindAuthorization(
                    new URL(server.directoryUrl().resolve("/acme/authz/authz1").toString()));
            assertThat(resumed.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
    }
}
