package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.conformance.ConformanceReport;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.Http01Responder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * acme4j, a real ACME client, in-process against Cairn: every challenge type validated over
 * loopback for real (a mock DNS server Cairn resolves through, an http-01 web server, a
 * tls-alpn-01 TLS server), then key change, deactivation and revocation three ways.
 */
class Acme4jEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static MockDnsServer dns;
    static Http01Responder http01;
    static TlsAlpn01Responder tlsAlpn01;
    static CairnServer cairn;

    @BeforeAll
    static void start() throws Exception {
        // acme4j signs its tls-alpn-01 certificate with the "BC" provider, as its users register it.
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
        dns = new MockDnsServer().start(new InetSocketAddress("127.0.0.1", 0));
        dns.setDefaultIpv4("127.0.0.1");
        http01 = new Http01Responder();
        tlsAlpn01 = new TlsAlpn01Responder();
        cairn = CairnServer.start(CairnConfig.builder()
                .forTests()
                .dnsResolver(new InetSocketAddress("127.0.0.1", dns.port()))
                .http01Port(http01.port())
                .tlsAlpn01Port(tlsAlpn01.port())
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        cairn.close();
        http01.close();
        tlsAlpn01.close();
        dns.close();
    }

    static Session session() {
        return Acme4jSessions.session(cairn);
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static Account newAccount(KeyPair key) throws AcmeException {
        return new AccountBuilder()
                .agreeToTermsOfService()
                .addEmail("dev@example.test")
                .useKeyPair(key)
                .create(session());
    }

    static Login newLogin(KeyPair key) throws AcmeException {
        return new AccountBuilder()
                .agreeToTermsOfService()
                .addEmail("dev@example.test")
                .useKeyPair(key)
                .createLogin(session());
    }

    enum Method {
        HTTP,
        DNS,
        TLS_ALPN
    }

    static void authorize(Login login, Order order, Method method) throws Exception {
        for (Authorization authz : order.getAuthorizations()) {
            if (authz.getStatus() == Status.VALID) {
                continue;
            }
            String host = authz.getIdentifier().getValue();
            switch (method) {
                case HTTP -> {
                    Http01Challenge c =
                            authz.findChallenge(Http01Challenge.class).orElseThrow();
                    http01.put(c.getToken(), c.getAuthorization());
                    c.trigger();
                }
                case DNS -> {
                    Dns01Challenge c = authz.findChallenge(Dns01Challenge.class).orElseThrow();
                    dns.setTxt("_acme-challenge." + host, c.getDigest());
                    c.trigger();
                }
                case TLS_ALPN -> {
                    TlsAlpn01Challenge c =
                            authz.findChallenge(TlsAlpn01Challenge.class).orElseThrow();
                    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA"); // acme4j signs it with SHA256withRSA
                    rsa.initialize(2048);
                    KeyPair key = rsa.generateKeyPair();
                    tlsAlpn01.serve(key, c.createCertificate(key, authz.getIdentifier()));
                    c.trigger();
                }
            }
            assertThat(authz.waitForCompletion(WAIT))
                    .as("authorization of " + host)
                    .isEqualTo(Status.VALID);
        }
    }

    static Certificate issue(Login login, Method method, Identifier... identifiers) throws Exception {
        Order order =
                login.getAccount().newOrder().identifiers(List.of(identifiers)).create();
        authorize(login, order, method);
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        return order.getCertificate();
    }

    static List<String> sans(X509Certificate cert) throws Exception {
        List<String> out = new ArrayList<>();
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        for (List<?> n : names) {
            out.add(String.valueOf(n.get(1)));
        }
        return out;
    }

    static void assertChainsToCairnRoots(Certificate certificate) throws Exception {
        List<X509Certificate> chain = certificate.getCertificateChain();
        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        chain.get(0).verify(chain.get(1).getPublicKey());
        assertThat(cairn.certificateAuthority().roots()).anySatisfy(root -> {
            try {
                chain.get(chain.size() - 1).verify(root.getPublicKey());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void http01MultiNameOrderIssuesACertificateWithEveryName() throws Exception {
        Login login = newLogin(ecKey());
        Certificate cert = issue(login, Method.HTTP, Identifier.dns("a.http.test"), Identifier.dns("b.http.test"));
        assertThat(sans(cert.getCertificate())).containsExactlyInAnyOrder("a.http.test", "b.http.test");
        assertChainsToCairnRoots(cert);
    }

    @Test
    void aFullIssuanceByAcme4jLeavesItsConformanceReportClean() throws Exception {
        Login login = newLogin(ecKey());
        Certificate cert =
                issue(login, Method.HTTP, Identifier.dns("conform.test"), Identifier.dns("www.conform.test"));
        assertThat(cert.getAlternateCertificates()).isNotEmpty();
        login.getAccount()
                .getOrders()
                .forEachRemaining(o -> assertThat(o.getStatus()).isNotNull());
        cert.revoke(RevocationReason.SUPERSEDED);

        ConformanceReport report =
                cairn.conformanceReport(login.getAccount().getLocation().toString());
        assertThat(report.clean())
                .as("violations %s, retries owed %s", report.violations(), report.awaitingRetry())
                .isTrue();
        assertThat(report.client().accountUrl())
                .isEqualTo(login.getAccount().getLocation().toString());
    }

    @Test
    void dns01IssuesAWildcardCertificate() throws Exception {
        Login login = newLogin(ecKey());
        Certificate cert = issue(login, Method.DNS, Identifier.dns("*.wild.test"), Identifier.dns("wild.test"));
        assertThat(sans(cert.getCertificate())).containsExactlyInAnyOrder("*.wild.test", "wild.test");
    }

    @Test
    void tlsAlpn01IssuesACertificate() throws Exception {
        Login login = newLogin(ecKey());
        Certificate cert = issue(login, Method.TLS_ALPN, Identifier.dns("alpn.test"));
        assertThat(sans(cert.getCertificate())).containsExactly("alpn.test");
    }

    @Test
    void ipIdentifierIsValidatedOverHttp01() throws Exception {
        Login login = newLogin(ecKey());
        Certificate cert = issue(login, Method.HTTP, Identifier.ip(InetAddress.getByName("127.0.0.1")));
        assertThat(sans(cert.getCertificate())).containsExactly("127.0.0.1");
    }

    @Test
    void alternateChainIsOfferedAndEndsAtAnotherRoot() throws Exception {
        Login login = newLogin(ecKey());
        Certificate cert = issue(login, Method.HTTP, Identifier.dns("alt.test"));
        assertThat(cert.getAlternates()).isNotEmpty();
        Certificate alternate = cert.getAlternateCertificates().get(0);
        assertThat(alternate.getCertificate()).isEqualTo(cert.getCertificate());
        assertThat(alternate.getCertificateChain().get(1).getIssuerX500Principal())
                .isNotEqualTo(cert.getCertificateChain().get(1).getIssuerX500Principal());
        assertChainsToCairnRoots(alternate);
    }

    @Test
    void secondOrderReusesTheValidAuthorization() throws Exception {
        Login login = newLogin(ecKey());
        issue(login, Method.HTTP, Identifier.dns("reuse.test"));
        Order again = login.getAccount().newOrder().domain("reuse.test").create();
        assertThat(again.getStatus()).isEqualTo(Status.READY);
    }

    @Test
    void failedValidationMakesChallengeAuthorizationAndOrderInvalid() throws Exception {
        Login login = newLogin(ecKey());
        Order order = login.getAccount().newOrder().domain("wrong.test").create();
        Authorization authz = order.getAuthorizations().get(0);
        Http01Challenge challenge = authz.findChallenge(Http01Challenge.class).orElseThrow();
        http01.put(challenge.getToken(), "not-the-key-authorization");
        challenge.trigger();
        assertThat(challenge.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
        assertThat(challenge.getError())
                .hasValueSatisfying(p -> assertThat(p.getDetail().orElse("")).contains("not-the-key-authorization"));
        authz.fetch();
        assertThat(authz.getStatus()).isEqualTo(Status.INVALID);
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
        assertThat(order.getError()).isPresent();
    }

    @Test
    void keyChangeKeepsTheAccountAndPendingOrders() throws Exception {
        Account account = newAccount(ecKey());
        Order pending = account.newOrder().domain("rollover.test").create();
        KeyPair newKey = ecKey();
        account.changeKey(newKey);
        Login after = session().login(account.getLocation(), newKey);
        authorize(after, after.bindOrder(pending.getLocation()), Method.HTTP);
        Order order = after.bindOrder(pending.getLocation());
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        assertThat(new AccountBuilder()
                        .onlyExisting()
                        .useKeyPair(newKey)
                        .create(session())
                        .getLocation())
                .isEqualTo(account.getLocation());
    }

    @Test
    void keyChangeToAnotherAccountsKeyIsAConflict() throws Exception {
        KeyPair otherKey = ecKey();
        newAccount(otherKey);
        Account account = newAccount(ecKey());
        assertThatThrownBy(() -> account.changeKey(otherKey)).isInstanceOf(AcmeException.class);
    }

    @Test
    void deactivatedAccountCanNoLongerOrder() throws Exception {
        Account account = newAccount(ecKey());
        account.deactivate();
        assertThat(account.getStatus()).isEqualTo(Status.DEACTIVATED);
        assertThatThrownBy(() -> account.newOrder().domain("gone.test").create())
                .isInstanceOf(AcmeServerException.class);
    }

    @Test
    void revocationByTheOrderingAccount() throws Exception {
        Login login = newLogin(ecKey());
        Certificate cert = issue(login, Method.HTTP, Identifier.dns("revoke1.test"));
        cert.revoke(RevocationReason.SUPERSEDED);
        assertThatThrownBy(cert::revoke)
                .isInstanceOf(AcmeServerException.class)
                .hasMessageContaining("already revoked");
    }

    @Test
    void revocationByAnotherAccountHoldingAuthorizations() throws Exception {
        Login owner = newLogin(ecKey());
        Certificate cert = issue(owner, Method.HTTP, Identifier.dns("revoke2.test"));
        Login stranger = newLogin(ecKey());
        assertThatThrownBy(() -> Certificate.revoke(stranger, cert.getCertificate(), RevocationReason.UNSPECIFIED))
                .isInstanceOf(AcmeServerException.class);
        Order proof = stranger.getAccount().newOrder().domain("revoke2.test").create();
        authorize(stranger, proof, Method.HTTP);
        Certificate.revoke(stranger, cert.getCertificate(), RevocationReason.CESSATION_OF_OPERATION);
    }

    @Test
    void revocationSignedWithTheCertificateKey() throws Exception {
        Login login = newLogin(ecKey());
        Order order = login.getAccount().newOrder().domain("revoke3.test").create();
        authorize(login, order, Method.HTTP);
        order.waitUntilReady(WAIT);
        KeyPair domainKey = ecKey();
        order.execute(domainKey);
        order.waitForCompletion(WAIT);
        X509Certificate cert = order.getCertificate().getCertificate();
        Certificate.revoke(session(), domainKey, cert, RevocationReason.KEY_COMPROMISE);
        assertThatThrownBy(() -> Certificate.revoke(session(), domainKey, cert, RevocationReason.KEY_COMPROMISE))
                .isInstanceOf(AcmeServerException.class);
    }

    @Test
    void ordersAreListedOnTheAccount() throws Exception {
        Account account = newAccount(ecKey());
        account.newOrder().domain("list1.test").create();
        account.newOrder().domain("list2.test").create();
        List<URI> seen = new ArrayList<>();
        account.getOrders()
                .forEachRemaining(o -> seen.add(URI.create(o.getLocation().toString())));
        assertThat(seen).hasSize(2);
    }
}
