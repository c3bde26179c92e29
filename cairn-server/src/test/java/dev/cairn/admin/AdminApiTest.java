package dev.cairn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.LoopbackCa;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/** The Pebble-compatible management API on its own listener (catalog §2.5). */
class AdminApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static LoopbackCa ca;
    static HttpClient http;
    static Login login;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
        SSLContext ssl = ca.trustingContext();
        http = HttpClient.newBuilder().sslContext(ssl).build();
        Session session = new Session(ca.server().directoryUrl(), new GenericAcmeProvider() {
            @Override
            public HttpClient createHttpClient(NetworkSettings settings) {
                return HttpClient.newBuilder()
                        .sslContext(ssl)
                        .connectTimeout(settings.getTimeout())
                        .build();
            }
        });
        login = new org.shredzone.acme4j.AccountBuilder()
                .agreeToTermsOfService()
                .useKeyPair(ecKey())
                .createLogin(session);
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static HttpResponse<String> admin(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(ca.server().adminUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static X509Certificate pem(String text) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    static Certificate issue(String name) throws Exception {
        Order order = login.getAccount().newOrder().domain(name).create();
        for (Authorization authz : order.getAuthorizations()) {
            Http01Challenge challenge =
                    authz.findChallenge(Http01Challenge.class).orElseThrow();
            ca.http01().put(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        return order.getCertificate();
    }

    @Test
    void rootZeroIsTheDefaultRootAsPem() throws Exception {
        HttpResponse<String> r = admin("/roots/0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pem-certificate-chain");
        assertThat(pem(r.body()))
                .isEqualTo(ca.server().certificateAuthority().roots().get(0));
        assertThat(r.headers().allValues("Link"))
                .anyMatch(l -> l.contains("/roots/1") && l.contains("rel=\"alternate\""));
    }

    @Test
    void rootOneIsTheAlternateRoot() throws Exception {
        List<X509Certificate> roots = ca.server().certificateAuthority().roots();
        assertThat(roots).hasSizeGreaterThanOrEqualTo(2);
        HttpResponse<String> r = admin("/roots/1");
        assertThat(r.statusCode()).isEqualTo(200);
        X509Certificate root = pem(r.body());
        assertThat(root).isEqualTo(roots.get(1)).isNotEqualTo(roots.get(0));
        root.verify(root.getPublicKey());
    }

    @Test
    void rootsOutOfRangeOrNotNumbersAre404() throws Exception {
        for (String path : List.of("/roots/9", "/roots/-1", "/roots/x", "/roots/", "/intermediates/9", "/nothing")) {
            assertThat(admin(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void intermediateZeroIsSignedByRootZero() throws Exception {
        HttpResponse<String> r = admin("/intermediates/0");
        assertThat(r.statusCode()).isEqualTo(200);
        X509Certificate intermediate = pem(r.body());
        assertThat(intermediate)
                .isEqualTo(ca.server().certificateAuthority().intermediates().get(0));
        intermediate.verify(ca.server().certificateAuthority().roots().get(0).getPublicKey());
    }

    @Test
    void certStatusIsValidAfterIssuanceAndRevokedWithReasonAfterRevocation() throws Exception {
        Certificate cert = issue("status.admin.test");
        X509Certificate leaf = cert.getCertificate();
        String serial = leaf.getSerialNumber().toString(16);
        ObjectMapper json = new ObjectMapper();

        HttpResponse<String> valid = admin("/cert-status-by-serial/" + serial);
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode status = json.readTree(valid.body());
        assertThat(status.get("Status").asText()).isEqualTo("Valid");
        assertThat(new java.math.BigInteger(status.get("Serial").asText(), 16)).isEqualTo(leaf.getSerialNumber());
        assertThat(pem(status.get("Certificate").asText())).isEqualTo(leaf);
        assertThat(status.has("Reason")).isFalse();
        assertThat(admin("/cert-status-by-serial/" + serial.toUpperCase()).statusCode())
                .isEqualTo(200);

        Instant before = Instant.now().minusSeconds(1);
        cert.revoke(RevocationReason.KEY_COMPROMISE);
        JsonNode revoked =
                json.readTree(admin("/cert-status-by-serial/" + serial).body());
        assertThat(revoked.get("Status").asText()).isEqualTo("Revoked");
        assertThat(revoked.get("Reason").asInt()).isEqualTo(1);
        Instant revokedAt = Instant.parse(revoked.get("RevokedAt").asText());
        assertThat(revokedAt)
                .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void certStatusOfAnUnknownSerialIs404AndOfANonHexSerialIs400() throws Exception {
        assertThat(admin("/cert-status-by-serial/abcdef0123456789").statusCode())
                .isEqualTo(404);
        assertThat(admin("/cert-status-by-serial/not-hex").statusCode()).isEqualTo(400);
        assertThat(admin("/cert-status-by-serial/").statusCode()).isEqualTo(400);
    }

    @Test
    void aThrowAwayCaServesItsKeysLikePebble() throws Exception {
        for (int n = 0; n < ca.server().certificateAuthority().roots().size(); n++) {
            HttpResponse<String> rootKey = admin("/root-keys/" + n);
            assertThat(rootKey.statusCode()).isEqualTo(200);
            assertThat(signsFor(
                            rootKey.body(),
                            ca.server().certificateAuthority().roots().get(n)))
                    .isTrue();
            HttpResponse<String> intermediateKey = admin("/intermediate-keys/" + n);
            assertThat(intermediateKey.statusCode()).isEqualTo(200);
            assertThat(signsFor(
                            intermediateKey.body(),
                            ca.server().certificateAuthority().intermediates().get(n)))
                    .isTrue();
        }
        assertThat(admin("/root-keys/9").statusCode()).isEqualTo(404);
    }

    @Test
    void aCaWithKeysOnDiskNeverServesThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (LoopbackCa durable = LoopbackCa.start(b -> b.inMemory(false).dataDir(dir))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .sslContext(durable.trustingContext())
                    .build();
            for (String path : new String[] {"/root-keys/0", "/intermediate-keys/0"}) {
                HttpResponse<String> r = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        durable.server().adminUrl().resolve(path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("PRIVATE KEY");
            }
        }
    }

    /** Whether the PEM private key signs something the certificate's public key verifies. */
    private static boolean signsFor(String pem, java.security.cert.X509Certificate cert) throws Exception {
        java.security.PrivateKey key = dev.cairn.issuance.Pem.parsePrivateKey(pem);
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        java.security.Signature signer = java.security.Signature.getInstance(alg);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance(alg);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }
}
