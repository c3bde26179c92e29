package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.LoopbackCa;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ACME Renewal Information, RFC 9773 (catalog ARI-01..07, DIR-03). */
class RenewalInformationTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

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

    record Issued(X509Certificate leaf, String certId, String name) {}

    /** A fresh certificate of {@code account} for a name of its own, and its certID computed independently. */
    static Issued issue(AcmeFlow.Acct account) throws Exception {
        String name = "ari" + NAMES.incrementAndGet() + ".test";
        String certUrl = flow.issue(account, RawAcme.ecKey("secp256r1"), name)
                .get("certificate")
                .asText();
        X509Certificate leaf = parse(flow.post(certUrl, account, "").body());
        return new Issued(leaf, certId(leaf), name);
    }

    /** The leaf of a PEM chain. */
    static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** RFC 9773 §4.1, from the certificate's own extension and serial. */
    static String certId(X509Certificate leaf) {
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(leaf.getExtensionValue("2.5.29.35"))
                        .getOctets())
                .getKeyIdentifierOctets();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(aki) + "."
                + b64.encodeToString(leaf.getSerialNumber().toByteArray());
    }

    static String renewalInfoUrl(String certId) {
        return flow.acme.url("renewalInfo") + "/" + certId;
    }

    static HttpResponse<String> renewalInfo(String certId) throws Exception {
        return flow.acme.get(renewalInfoUrl(certId));
    }

    static HttpResponse<String> newOrder(AcmeFlow.Acct account, String replaces, String... names) throws Exception {
        String identifiers = AcmeFlow.identifiers(names);
        String payload = identifiers.substring(0, identifiers.length() - 1) + ",\"replaces\":\"" + replaces + "\"}";
        return flow.post(flow.acme.url("newOrder"), account, payload);
    }

    // ---- renewalInfo

    @Test
    void directoryAdvertisesRenewalInfo() {
        assertThat(flow.acme.url("renewalInfo"))
                .isEqualTo(
                        ca.server().directoryUrl().resolve("/acme/renewal-info").toString());
    }

    @Test
    void freshCertificateIsToBeRenewedWhenOneThirdOfItsLifetimeIsLeft() throws Exception {
        Issued cert = issue(owner);

        HttpResponse<String> r = renewalInfo(cert.certId());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode window = RawAcme.json(r).get("suggestedWindow");
        Instant start = Instant.parse(window.get("start").asText());
        Instant end = Instant.parse(window.get("end").asText());
        Instant notBefore = cert.leaf().getNotBefore().toInstant();
        Instant notAfter = cert.leaf().getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        assertThat(start).isCloseTo(notAfter.minus(lifetime.dividedBy(3)), within(1, ChronoUnit.SECONDS));
        assertThat(end).isCloseTo(notAfter.minus(lifetime.dividedBy(6)), within(1, ChronoUnit.SECONDS));
        assertThat(start).isAfter(Instant.now()).isBefore(end);
        assertThat(end).isBefore(notAfter);
    }

    @Test
    void revokedCertificateIsToBeRenewedNowWithTheWholeWindowInThePast() throws Exception {
        Issued cert = issue(owner);
        HttpResponse<String> revoked = flow.post(
                flow.acme.url("revokeCert"),
                owner,
                "{\"certificate\":\"" + RawAcme.b64(cert.leaf().getEncoded()) + "\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        JsonNode window = RawAcme.json(renewalInfo(cert.certId())).get("suggestedWindow");

        Instant start = Instant.parse(window.get("start").asText());
        Instant end = Instant.parse(window.get("end").asText());
        assertThat(start).isBefore(end);
        assertThat(end).isBefore(Instant.now());
    }

    @Test
    void renewalInfoCarriesRetryAfterTheIndexLinkAndCors() throws Exception {
        Issued cert = issue(owner);

        HttpResponse<String> r = flow.acme.http.send(
                HttpRequest.newBuilder(URI.create(renewalInfoUrl(cert.certId())))
                        .header("Origin", "https://console.example")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Retry-After")).contains("21600");
        assertThat(r.headers().allValues("Link"))
                .contains("<" + flow.acme.url("newNonce").replace("/acme/new-nonce", "/directory") + ">;rel=\"index\"");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(r.headers().firstValue("Replay-Nonce"))
                .as("an unauthenticated GET needs no nonce")
                .isEmpty();
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        Issued cert = issue(owner);

        HttpResponse<String> r = flow.acme.send("HEAD", renewalInfoUrl(cert.certId()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void postToRenewalInfoIsMethodNotAllowed() throws Exception {
        Issued cert = issue(owner);

        HttpResponse<String> r = flow.post(renewalInfoUrl(cert.certId()), owner, "");

        assertProblem(r, 405, "malformed");
        assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void malformedCertificateIdentifiersAreMalformed() throws Exception {
        String aki = certId(issue(owner).leaf()).split("\\.")[0];
        for (String bad : new String[] {
            "nodot", aki + ".AQID.AQID", aki + "=.AQID", aki + ".AQI=", aki + ".AQ+A", aki + ".AAECAw", aki + ".gQ"
        }) {
            assertProblem(renewalInfo(bad), 400, "malformed");
        }
    }

    @Test
    void unknownCertificatesAreNotFound() throws Exception {
        Issued cert = issue(owner);
        String[] parts = cert.certId().split("\\.");

        assertProblem(renewalInfo(parts[0] + ".AQIDBAUGBwg"), 404, "malformed");
        assertProblem(renewalInfo("AAAAAAAAAAAAAAAAAAAAAAAAAAA." + parts[1]), 404, "malformed");
    }

    // ---- replaces in newOrder (RFC 9773 §5)

    @Test
    void replacementOrderEchoesReplacesNowAndOnEveryFetch() throws Exception {
        Issued cert = issue(owner);

        HttpResponse<String> r = newOrder(owner, cert.certId(), cert.name());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(RawAcme.json(r).get("replaces").asText()).isEqualTo(cert.certId());
        String orderUrl = r.headers().firstValue("Location").orElseThrow();
        assertThat(flow.fetch(orderUrl, owner).get("replaces").asText()).isEqualTo(cert.certId());
    }

    @Test
    void secondReplacementOfOneCertificateIsAlreadyReplaced() throws Exception {
        Issued cert = issue(owner);
        assertThat(newOrder(owner, cert.certId(), cert.name()).statusCode()).isEqualTo(201);

        assertProblem(newOrder(owner, cert.certId(), cert.name()), 409, "alreadyReplaced");
    }

    @Test
    void certificateReplacedByAnIssuedOrderIsAlreadyReplaced() throws Exception {
        Issued cert = issue(owner);
        HttpResponse<String> first = newOrder(owner, cert.certId(), cert.name());
        String orderUrl = first.headers().firstValue("Location").orElseThrow();
        JsonNode ready = flow.awaitStatus(orderUrl, owner, "ready");
        HttpResponse<String> fin = flow.post(
                ready.get("finalize").asText(),
                owner,
                "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), cert.name())) + "\"}");
        assertThat(fin.statusCode()).as(fin.body()).isEqualTo(200);
        flow.awaitStatus(orderUrl, owner, "valid");

        assertProblem(newOrder(owner, cert.certId(), cert.name()), 409, "alreadyReplaced");
    }

    @Test
    void certificateWhoseReplacementFailedCanBeReplacedAgain() throws Exception {
        AcmeFlow.Acct fresh = flow.account();
        Issued other = issue(fresh);
        HttpResponse<String> first =
                newOrder(fresh, other.certId(), other.name(), "extra" + NAMES.incrementAndGet() + ".test");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String pendingAuthz = null;
        for (JsonNode authz : RawAcme.json(first).get("authorizations")) {
            if ("pending".equals(flow.fetch(authz.asText(), fresh).get("status").asText())) {
                pendingAuthz = authz.asText();
            }
        }
        assertThat(flow.post(pendingAuthz, fresh, "{\"status\":\"deactivated\"}")
                        .statusCode())
                .isEqualTo(200);
        flow.awaitStatus(first.headers().firstValue("Location").orElseThrow(), fresh, "invalid");

        HttpResponse<String> second = newOrder(fresh, other.certId(), other.name());

        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
    }

    @Test
    void anotherAccountsCertificateCannotBeReplaced() throws Exception {
        Issued cert = issue(owner);

        assertProblem(newOrder(flow.account(), cert.certId(), cert.name()), 403, "unauthorized");
    }

    @Test
    void replacementSharingNoIdentifierWithTheCertificateIsMalformed() throws Exception {
        Issued cert = issue(owner);

        HttpResponse<String> r = newOrder(owner, cert.certId(), "unrelated" + NAMES.incrementAndGet() + ".test");

        assertProblem(r, 400, "malformed");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("shares no identifier");
    }

    @Test
    void replacesNamingNoCertificateIsMalformed() throws Exception {
        Issued cert = issue(owner);
        String aki = cert.certId().split("\\.")[0];

        assertProblem(newOrder(owner, aki + ".AQIDBAUGBwg", cert.name()), 400, "malformed");
        assertProblem(newOrder(owner, "not-a-cert-id", cert.name()), 400, "malformed");
    }
}
