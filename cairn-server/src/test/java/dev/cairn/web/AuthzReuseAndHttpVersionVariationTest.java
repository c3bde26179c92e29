package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.LoopbackCa;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --vary authz-reuse} (RFC 8555 §7.1.3: reuse is the server's choice) and {@code --vary
 * http-version} (ALPN offers h2 and HTTP/1.1, or HTTP/1.1 only).
 */
class AuthzReuseAndHttpVersionVariationTest {
    @ParameterizedTest(name = "{0}%")
    @ValueSource(ints = {0, 100})
    void aSecondOrderReusesTheValidAuthorizationAsTheSeedsPercentageSays(int percent) throws Exception {
        long seed = Varied.seed("authz-reuse", "run", v -> v.authzReusePercent() == percent);
        // the knob says the opposite, so the variation is what decides
        try (LoopbackCa ca = Varied.start("authz-reuse", "run", seed, k -> k.authzReuse(100 - percent), b -> b)) {
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            AcmeFlow.Acct a = flow.account();
            flow.issue(a, RawAcme.ecKey("secp256r1"), "again.test");
            AcmeFlow.Created second = flow.newOrder(a, "again.test");
            String status = flow.fetch(
                            second.order().get("authorizations").get(0).asText(), a)
                    .get("status")
                    .asText();
            assertThat(status).isEqualTo(percent == 100 ? "valid" : "pending");
        }
    }

    @ParameterizedTest(name = "h2 offered: {0}")
    @ValueSource(booleans = {true, false})
    void aClientAskingForHttp2GetsItOnlyWhenTheSeedOffersIt(boolean http2) throws Exception {
        long seed = Varied.seed("http-version", "run", v -> v.http2() == http2);
        try (LoopbackCa ca = Varied.start("http-version", "run", seed)) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(RawAcme.trusting(ca.server()))
                    .version(HttpClient.Version.HTTP_2)
                    .build();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(ca.server().directoryUrl()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
            AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
            assertThat(flow.issue(flow.account(), RawAcme.ecKey("secp256r1"), "h.test")
                            .get("status")
                            .asText())
                    .isEqualTo("valid");
        }
    }
}
