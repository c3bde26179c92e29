package dev.cairn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.issuance.Pem;
import dev.cairn.testing.LoopbackCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.toolbox.AcmeUtils;

/**
 * Settable renewal windows on the management API (RFC 9773 §4.2): Cairn's {@code /renewal-info}
 * and Pebble's {@code /set-renewal-info/}, seen through the ACME listener's renewalInfo.
 */
class RenewalInfoAdminTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    static LoopbackCa ca;
    static HttpClient http;
    static Login login;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
        http = HttpClient.newBuilder().sslContext(ca.trustingContext()).build();
        login = ca.newLogin();
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static Certificate issue() throws Exception {
        String name = "ari-admin" + NAMES.incrementAndGet() + ".test";
        return ca.complete(login.getAccount().newOrder().domain(name).create(), WAIT);
    }

    static String certId(Certificate cert) {
        return AcmeUtils.getRenewalUniqueIdentifier(cert.getCertificate());
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(
                HttpRequest.newBuilder(URI.create(ca.server().adminUrl() + path))
                        .method(method, publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> renewalInfo(Certificate cert) throws Exception {
        URI url = cert.getRenewalInfoLocation().orElseThrow().toURI();
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String window(String certificate, Instant start, Instant end, String explanationUrl) {
        ObjectNode body = JSON.createObjectNode()
                .put("certificate", certificate)
                .put("start", start.toString())
                .put("end", end.toString());
        if (explanationUrl != null) {
            body.put("explanationURL", explanationUrl);
        }
        return body.toString();
    }

    static void assertProblem(HttpResponse<String> r, int status, String detailPart) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:ietf:params:acme:error:malformed");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detailPart);
    }

    @Test
    void aWindowSetByCertIdIsWhatRenewalInfoAnswersWithItsRetryAfter() throws Exception {
        Certificate cert = issue();
        Instant start = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofDays(1));

        HttpResponse<String> set =
                send("POST", "/renewal-info", window(certId(cert), start, end, "https://ca.test/incident"));

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode reply = JSON.readTree(set.body());
        assertThat(reply.path("source").asText()).isEqualTo("override");
        assertThat(reply.path("certificate").asText()).isEqualTo(certId(cert));
        HttpResponse<String> info = renewalInfo(cert);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.headers().firstValue("Retry-After")).contains("21600");
        JsonNode body = JSON.readTree(info.body());
        assertThat(body.at("/suggestedWindow/start").asText()).isEqualTo(start.toString());
        assertThat(body.at("/suggestedWindow/end").asText()).isEqualTo(end.toString());
        assertThat(body.path("explanationURL").asText()).isEqualTo("https://ca.test/incident");
    }

    @Test
    void aWindowSetBySerialAppliesAndDeleteRestoresTheComputedOne() throws Exception {
        Certificate cert = issue();
        X509Certificate leaf = cert.getCertificate();
        String serial = leaf.getSerialNumber().toString(16).toUpperCase();
        String computed = renewalInfo(cert).body();
        Instant start = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(send("POST", "/renewal-info", window(serial, start, start.plusSeconds(60), null))
                        .statusCode())
                .isEqualTo(200);
        assertThat(JSON.readTree(renewalInfo(cert).body())
                        .at("/suggestedWindow/start")
                        .asText())
                .isEqualTo("2030-01-01T00:00:00Z");
        assertThat(JSON.readTree(send("GET", "/renewal-info/" + serial, null).body())
                        .path("source")
                        .asText())
                .isEqualTo("override");

        HttpResponse<String> reset = send("DELETE", "/renewal-info/" + certId(cert), null);

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reset.body()).path("source").asText()).isEqualTo("computed");
        assertThat(renewalInfo(cert).body()).isEqualTo(computed);
    }

    @Test
    void pebblesSetRenewalInfoTakesThePemAndTheAriResponseAsJsonText() throws Exception {
        Certificate cert = issue();
        String ari = "{\"suggestedWindow\":{\"start\":\"2020-01-01T00:00:00Z\",\"end\":\"2020-01-02T00:00:00Z\"}}";
        String body = JSON.createObjectNode()
                .put("Certificate", Pem.encode(cert.getCertificate()))
                .put("ARIResponse", ari)
                .toString();

        HttpResponse<String> r = send("POST", "/set-renewal-info/", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode info = JSON.readTree(renewalInfo(cert).body());
        assertThat(info.at("/suggestedWindow/start").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(info.at("/suggestedWindow/end").asText()).isEqualTo("2020-01-02T00:00:00Z");
        assertThat(info.has("explanationURL")).isFalse();
    }

    @Test
    void pebblesEndpointTakesLowerCaseMembersAndAnObjectToo() throws Exception {
        Certificate cert = issue();
        ObjectNode body = JSON.createObjectNode().put("certificate", Pem.encode(cert.getCertificate()));
        body.putObject("ariResponse")
                .put("explanationURL", "http://ca.test/why")
                .putObject("suggestedWindow")
                .put("start", "2021-05-01T10:00:00+02:00")
                .put("end", "2021-05-01T12:00:00+02:00");

        assertThat(send("POST", "/set-renewal-info", body.toString()).statusCode())
                .isEqualTo(200);

        JsonNode info = JSON.readTree(renewalInfo(cert).body());
        assertThat(info.at("/suggestedWindow/start").asText()).isEqualTo("2021-05-01T08:00:00Z");
        assertThat(info.path("explanationURL").asText()).isEqualTo("http://ca.test/why");
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsMalformedAndChangesNothing() throws Exception {
        Certificate cert = issue();
        String before = renewalInfo(cert).body();
        Instant start = Instant.parse("2030-01-02T00:00:00Z");

        assertProblem(
                send("POST", "/renewal-info", window(certId(cert), start, start.minusSeconds(1), null)),
                400,
                "must end after it starts");
        assertProblem(
                send("POST", "/renewal-info", window(certId(cert), start, start, null)),
                400,
                "must end after it starts");
        assertThat(renewalInfo(cert).body()).isEqualTo(before);
    }

    @Test
    void unknownCertificatesAre404AndUnreadableOnes400() throws Exception {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        Certificate cert = issue();

        assertProblem(
                send("POST", "/renewal-info", window("abcdef0123456789", start, start.plusSeconds(9), null)),
                404,
                "abcdef0123456789");
        assertProblem(send("GET", "/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", null), 404, "identifier");
        assertProblem(
                send("POST", "/renewal-info", window("not-a-serial!", start, start.plusSeconds(9), null)), 400, "");
        assertProblem(send("DELETE", "/renewal-info/AAAA.", null), 400, "certificate identifier");
        assertProblem(
                send(
                        "POST",
                        "/renewal-info",
                        "{\"certificate\":\"" + certId(cert) + "\",\"start\":\"yesterday\",\"end\":\"today\"}"),
                400,
                "RFC 3339");
        assertProblem(send("POST", "/renewal-info", "{\"start\":\"2030-01-01T00:00:00Z\"}"), 400, "certificate");
        assertProblem(
                send("POST", "/renewal-info", window(certId(cert), start, start.plusSeconds(9), "ftp://x.test/")),
                400,
                "explanationURL");
        assertProblem(send("POST", "/renewal-info", "[not json"), 400, "JSON object");
        assertProblem(send("PUT", "/renewal-info", "{}"), 405, "POST");
    }

    @Test
    void pebblesEndpointRefusesACertificateThisCaDidNotIssue() throws Exception {
        Certificate cert = issue();
        String foreign = Pem.encode(ca.server().certificateAuthority().roots().get(0));
        String ari = "{\"suggestedWindow\":{\"start\":\"2020-01-01T00:00:00Z\",\"end\":\"2020-01-02T00:00:00Z\"}}";

        assertProblem(
                send(
                        "POST",
                        "/set-renewal-info/",
                        JSON.createObjectNode()
                                .put("Certificate", foreign)
                                .put("ARIResponse", ari)
                                .toString()),
                404,
                "did not issue");
        assertProblem(
                send(
                        "POST",
                        "/set-renewal-info/",
                        JSON.createObjectNode()
                                .put("Certificate", Pem.encode(cert.getCertificate()))
                                .put("ARIResponse", "{}")
                                .toString()),
                400,
                "suggestedWindow");
        assertProblem(
                send("POST", "/set-renewal-info/", "{\"Certificate\":\"no pem here\",\"ARIResponse\":\"{}\"}"),
                400,
                "PEM");
    }

    @Test
    void aRevokedCertificateKeepsItsWindowInThePastAndTakesNoOther() throws Exception {
        Certificate cert = issue();
        cert.revoke();
        Instant start = Instant.now().plus(Duration.ofDays(10));

        assertProblem(
                send("POST", "/renewal-info", window(certId(cert), start, start.plusSeconds(60), null)),
                409,
                "revoked");
        JsonNode now =
                JSON.readTree(send("GET", "/renewal-info/" + certId(cert), null).body());
        assertThat(now.path("source").asText()).isEqualTo("revoked");
        assertThat(Instant.parse(now.at("/suggestedWindow/end").asText())).isBefore(Instant.now());
    }
}
