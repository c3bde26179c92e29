package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.LoopbackCa;
import dev.cairn.variation.PathShape;
import dev.cairn.variation.PathShape.Resource;
import dev.cairn.variation.Variations;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --vary paths}: random resource paths and URL shapes, every one of them working (RFC 8555 §7.1.1). */
class PathVariationTest {
    @ParameterizedTest(name = "nested={0}")
    @ValueSource(booleans = {true, false})
    void everyResourceWorksAtItsRandomPath(boolean nested) throws Exception {
        long seed = Varied.seed(
                "paths",
                "run",
                v -> v.paths().nested() == nested && !v.paths().prefix().isEmpty());
        PathShape shape = Varied.variations("paths", "run", seed).paths();
        try (LoopbackCa ca = Varied.start("paths", "run", seed)) {
            RawAcme acme = new RawAcme(ca.server());
            AcmeFlow flow = new AcmeFlow(acme, ca.http01());
            String root = ca.server().directoryUrl().toString().replace("/directory", "") + shape.prefix() + "/";
            assertThat(ca.server().directoryUrl().getPath()).isEqualTo("/directory");
            assertThat(acme.url("newOrder")).isEqualTo(root + shape.name(Resource.NEW_ORDER));
            assertThat(acme.url("newNonce")).isEqualTo(root + shape.name(Resource.NEW_NONCE));

            AcmeFlow.Acct a = flow.account();
            assertThat(a.kid()).startsWith(root + shape.name(Resource.ACCOUNT) + "/");
            KeyPair certKey = RawAcme.ecKey("secp256r1");
            JsonNode order = flow.issue(a, certKey, "paths.test");
            String finalizeUrl = order.get("finalize").asText();
            assertThat(finalizeUrl)
                    .startsWith(
                            nested
                                    ? root + shape.name(Resource.ORDER) + "/"
                                    : root + shape.name(Resource.FINALIZE) + "/");
            assertThat(order.get("authorizations").get(0).asText()).startsWith(root + shape.name(Resource.AUTHZ) + "/");

            String ordersUrl = flow.fetch(a.kid(), a).get("orders").asText();
            assertThat(ordersUrl).startsWith(nested ? a.kid() + "/" : root + shape.name(Resource.ORDERS) + "/");
            JsonNode listed = flow.fetch(ordersUrl, a).get("orders");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).asText()).startsWith(root + shape.name(Resource.ORDER) + "/");
            assertThat(flow.fetch(listed.get(0).asText(), a).get("status").asText())
                    .isEqualTo("valid");

            String certUrl = order.get("certificate").asText();
            HttpResponse<String> cert = flow.post(certUrl, a, "");
            assertThat(cert.statusCode()).isEqualTo(200);
            List<String> alternates = CertificateDownloadTest.alternates(cert);
            assertThat(alternates).hasSize(1);
            assertThat(alternates.get(0)).startsWith(nested ? certUrl + "/" : root + shape.name(Resource.ALT) + "/");
            assertThat(flow.post(alternates.get(0), a, "").statusCode()).isEqualTo(200);

            X509Certificate leaf = RenewalInformationTest.parse(cert.body());
            HttpResponse<String> ari = acme.get(acme.url("renewalInfo") + "/" + RenewalInformationTest.certId(leaf));
            assertThat(ari.statusCode()).isEqualTo(200);

            HttpResponse<String> revoked = flow.post(
                    acme.url("revokeCert"), a, "{\"certificate\":\"" + RawAcme.b64(leaf.getEncoded()) + "\"}");
            assertThat(revoked.statusCode()).isEqualTo(200);

            assertProblem(
                    acme.get(ca.server()
                            .directoryUrl()
                            .resolve("/acme/new-nonce")
                            .toString()),
                    404,
                    "malformed");
        }
    }

    @Test
    void pathsDifferBetweenSeedsAndRepeatForTheSameSeed() throws Exception {
        String first;
        String again;
        String other;
        try (LoopbackCa ca = Varied.start("paths", "run", 5)) {
            first = paths(new RawAcme(ca.server()));
        }
        try (LoopbackCa ca = Varied.start("paths", "run", 5)) {
            again = paths(new RawAcme(ca.server()));
        }
        try (LoopbackCa ca = Varied.start("paths", "run", 6)) {
            other = paths(new RawAcme(ca.server()));
        }
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    /** The directory's URLs without scheme, host and port (the ports differ from run to run). */
    private static String paths(RawAcme acme) {
        StringBuilder out = new StringBuilder();
        for (String name :
                List.of("newNonce", "newAccount", "newOrder", "newAuthz", "revokeCert", "keyChange", "renewalInfo")) {
            out.append(java.net.URI.create(acme.url(name)).getPath()).append(' ');
        }
        return out.toString();
    }

    @Test
    void withoutTheVariationThePathsAreCairnsUsualOnes() {
        Variations v = Varied.variations("sync,chains", "run", 5);
        assertThat(v.paths()).isEqualTo(PathShape.standard());
    }
}
