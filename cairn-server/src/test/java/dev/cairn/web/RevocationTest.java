package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.LoopbackCa;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** revokeCert (RFC 8555 §7.6): who may revoke, which reasons, and what is answered (catalog REV). */
class RevocationTest {
    static final AtomicInteger NAMES = new AtomicInteger();

    static LoopbackCa ca;
    static AcmeFlow flow;
    static AcmeFlow.Acct owner;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
        flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
        owner = flow.account();
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    record Issued(byte[] der, KeyPair key) {
        String payload(int reason) {
            return "{\"certificate\":\"" + RawAcme.b64(der) + "\",\"reason\":" + reason + "}";
        }
    }

    /** A fresh certificate of {@link #owner} for a name of its own. */
    static Issued issue() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String certUrl = flow.issue(owner, key, "rev" + NAMES.incrementAndGet() + ".test")
                .get("certificate")
                .asText();
        String pem = flow.post(certUrl, owner, "").body();
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        return new Issued(leaf.getEncoded(), key);
    }

    static HttpResponse<String> revoke(AcmeFlow.Acct signer, String payload) throws Exception {
        return flow.post(flow.acme.url("revokeCert"), signer, payload);
    }

    static HttpResponse<String> revokeWithJwk(KeyPair key, String payload) throws Exception {
        return flow.acme.post(flow.acme.url("revokeCert"), key, null, payload);
    }

    @Test
    void reasonsTheSubscriberMayNotChooseAreBadRevocationReason() throws Exception {
        Issued cert = issue();
        for (int reason : new int[] {2, 6, 7, 8, 9, 10, 11, -1, 1000}) {
            HttpResponse<String> r = revoke(owner, cert.payload(reason));
            assertProblem(r, 400, "badRevocationReason");
            assertThat(RawAcme.json(r).get("detail").asText())
                    .as("lists the allowed codes")
                    .contains("keyCompromise");
        }
        assertThat(revoke(owner, cert.payload(4)).statusCode()).isEqualTo(200);
    }

    @Test
    void revocationAnswers200WithAReplayNonceAndASecondTimeIsAlreadyRevoked() throws Exception {
        Issued cert = issue();
        HttpResponse<String> r = revoke(owner, cert.payload(1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Replay-Nonce"))
                .hasValueSatisfying(n -> assertThat(n).isNotBlank());
        assertThat(r.headers().allValues("Link")).anyMatch(l -> l.contains("rel=\"index\""));
        assertProblem(revoke(owner, cert.payload(1)), 400, "alreadyRevoked");
        assertProblem(revokeWithJwk(cert.key(), cert.payload(0)), 400, "alreadyRevoked");
    }

    @Test
    void revocationWithoutAReasonIsAccepted() throws Exception {
        Issued cert = issue();
        assertThat(revoke(owner, "{\"certificate\":\"" + RawAcme.b64(cert.der()) + "\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void strangerAccountWithoutAuthorizationsIsUnauthorized() throws Exception {
        Issued cert = issue();
        assertProblem(revoke(flow.account(), cert.payload(0)), 403, "unauthorized");
        assertThat(revoke(owner, cert.payload(0)).statusCode())
                .as("still revocable")
                .isEqualTo(200);
    }

    @Test
    void jwkThatIsNotTheCertificateKeyIsUnauthorized() throws Exception {
        Issued cert = issue();
        assertProblem(revokeWithJwk(RawAcme.ecKey("secp256r1"), cert.payload(0)), 403, "unauthorized");
        assertProblem(revokeWithJwk(owner.key(), cert.payload(0)), 403, "unauthorized");
    }

    @Test
    void theCertificateKeyMayRevokeWithoutAnAccount() throws Exception {
        Issued cert = issue();
        HttpResponse<String> r = revokeWithJwk(cert.key(), cert.payload(1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
    }

    @Test
    void certificateNotIssuedByCairnIsNotFound() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        X500Name name = new X500Name("CN=elsewhere.test");
        Instant now = Instant.now();
        byte[] der = new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now),
                        Date.from(now.plus(1, ChronoUnit.DAYS)),
                        name,
                        key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
                .getEncoded();
        String payload = "{\"certificate\":\"" + RawAcme.b64(der) + "\"}";
        assertProblem(revoke(owner, payload), 404, "malformed");
        assertProblem(revokeWithJwk(key, payload), 404, "malformed");
    }

    @Test
    void certificateThatIsNotDerIsMalformed() throws Exception {
        assertProblem(
                revoke(owner, "{\"certificate\":\"" + RawAcme.b64(new byte[] {1, 2, 3}) + "\"}"), 400, "malformed");
        assertProblem(revoke(owner, "{\"reason\":1}"), 400, "malformed");
    }

    @Test
    void deactivatedAccountCannotRevoke() throws Exception {
        AcmeFlow.Acct account = flow.account();
        KeyPair key = RawAcme.ecKey("secp256r1");
        String certUrl =
                flow.issue(account, key, "deact.rev.test").get("certificate").asText();
        byte[] der = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(
                        flow.post(certUrl, account, "").body().getBytes(StandardCharsets.US_ASCII)))
                .getEncoded();
        assertThat(flow.post(account.kid(), account, "{\"status\":\"deactivated\"}")
                        .statusCode())
                .isEqualTo(200);
        assertProblem(revoke(account, new Issued(der, key).payload(0)), 401, "unauthorized");
    }
}
