package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.issuance.CaKeyAlgorithm;
import dev.cairn.issuance.Profile;
import dev.cairn.server.CairnConfig;
import dev.cairn.testing.LoopbackCa;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ACME profiles, draft-ietf-acme-profiles (catalog PROF-01..04). */
class ProfilesTest {
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

    static String name() {
        return "prof" + NAMES.incrementAndGet() + ".test";
    }

    static HttpResponse<String> newOrder(String profile, String... names) throws Exception {
        String identifiers = AcmeFlow.identifiers(names);
        String payload = profile == null
                ? identifiers
                : identifiers.substring(0, identifiers.length() - 1) + ",\"profile\":\"" + profile + "\"}";
        return flow.post(flow.acme.url("newOrder"), owner, payload);
    }

    /** Orders under {@code profile} (null: none), validates, finalizes; the valid order and its leaf. */
    record Issued(JsonNode order, X509Certificate leaf) {}

    static Issued issue(String profile, String... names) throws Exception {
        HttpResponse<String> created = newOrder(profile, names);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String url = created.headers().firstValue("Location").orElseThrow();
        for (JsonNode authz : RawAcme.json(created).get("authorizations")) {
            HttpResponse<String> r = flow.post(flow.primeHttp01(owner, authz.asText()), owner, "{}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            flow.awaitStatus(authz.asText(), owner, "valid");
        }
        JsonNode ready = flow.awaitStatus(url, owner, "ready");
        KeyPair key = RawAcme.ecKey("secp256r1");
        HttpResponse<String> r = flow.post(
                ready.get("finalize").asText(), owner, "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(key, names)) + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode valid = flow.awaitStatus(url, owner, "valid");
        String pem = flow.post(valid.get("certificate").asText(), owner, "").body();
        return new Issued(valid, RenewalInformationTest.parse(pem));
    }

    static Duration lifetime(X509Certificate leaf) {
        return Duration.between(
                        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())
                .plusSeconds(1);
    }

    static String subject(X509Certificate leaf) {
        return leaf.getSubjectX500Principal().getName();
    }

    @Test
    void directoryMetaMapsEachProfileToADescription() {
        JsonNode profiles = flow.acme.directory.get("meta").get("profiles");

        assertThat(profiles.isObject()).isTrue();
        assertThat(profiles.fieldNames()).toIterable().containsExactly("classic", "tlsserver", "shortlived");
        profiles.forEach(description -> assertThat(description.isTextual()).isTrue());
    }

    @Test
    void classicIsNinetyDaysWithACommonName() throws Exception {
        String name = name();
        Issued issued = issue("classic", name);

        assertThat(issued.order().get("profile").asText()).isEqualTo("classic");
        assertThat(lifetime(issued.leaf())).isEqualTo(Duration.ofDays(90));
        assertThat(subject(issued.leaf())).isEqualTo("CN=" + name);
    }

    @Test
    void tlsserverIsFortyFiveDaysWithoutACommonName() throws Exception {
        Issued issued = issue("tlsserver", name());

        assertThat(issued.order().get("profile").asText()).isEqualTo("tlsserver");
        assertThat(lifetime(issued.leaf())).isEqualTo(Duration.ofDays(45));
        assertThat(subject(issued.leaf())).isEmpty();
        assertThat(issued.leaf().getCriticalExtensionOIDs()).contains("2.5.29.17");
    }

    @Test
    void shortlivedIsOneHundredSixtyHoursWithoutACommonName() throws Exception {
        Issued issued = issue("shortlived", name());

        assertThat(issued.order().get("profile").asText()).isEqualTo("shortlived");
        assertThat(lifetime(issued.leaf())).isEqualTo(Duration.ofHours(160));
        assertThat(subject(issued.leaf())).isEmpty();
    }

    @Test
    void orderWithoutAProfileGetsClassicAndSaysSo() throws Exception {
        HttpResponse<String> r = newOrder(null, name());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(RawAcme.json(r).get("profile").asText()).isEqualTo("classic");
    }

    @Test
    void unknownProfileIsInvalidProfileNamingTheOfferedOnes() throws Exception {
        HttpResponse<String> r = newOrder("nope", name());

        assertProblem(r, 400, "invalidProfile");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("nope", "classic", "tlsserver", "shortlived");
    }

    @Test
    void ipAddressUnderAProfileThatDoesNotAllowItIsInvalidProfile() throws Exception {
        HttpResponse<String> r = newOrder("classic", "127.0.0.1");

        assertProblem(r, 400, "invalidProfile");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("shortlived");
    }

    @Test
    void ipAddressWithoutAProfileGetsShortlived() throws Exception {
        HttpResponse<String> r = newOrder(null, "127.0.0.1");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(RawAcme.json(r).get("profile").asText()).isEqualTo("shortlived");
    }

    @Test
    void anOperatorProfileIsOfferedAndCanBeTheDefault() throws Exception {
        Profile internal = new Profile("internal", "Internal", Duration.ofDays(30), false, true);
        try (LoopbackCa other = LoopbackCa.start(
                b -> b.ca(new CairnConfig.Ca(CaKeyAlgorithm.ECDSA_P256, 1, 1, List.of(internal), "internal")))) {
            RawAcme acme = new RawAcme(other.server());
            assertThat(acme.directory.get("meta").get("profiles").fieldNames())
                    .toIterable()
                    .containsExactly("classic", "tlsserver", "shortlived", "internal");
            KeyPair key = RawAcme.ecKey("secp256r1");
            HttpResponse<String> r =
                    acme.post(acme.url("newOrder"), key, acme.newAccount(key), AcmeFlow.identifiers(name()));
            assertThat(RawAcme.json(r).get("profile").asText()).isEqualTo("internal");
        }
    }

    @Test
    void notAfterBeyondTheProfilesLifetimeIsRefused() throws Exception {
        String identifiers = AcmeFlow.identifiers(name());
        String payload = identifiers.substring(0, identifiers.length() - 1)
                + ",\"profile\":\"shortlived\",\"notAfter\":\"" + Instant.now().plus(Duration.ofDays(8)) + "\"}";

        HttpResponse<String> r = flow.post(flow.acme.url("newOrder"), owner, payload);

        assertProblem(r, 400, "malformed");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("shortlived");
    }
}
