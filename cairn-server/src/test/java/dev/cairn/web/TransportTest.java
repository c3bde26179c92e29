package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ACME listener's HTTP: h2 by ALPN and HTTP/1.1 (catalog TRN), HEAD, and newNonce by POST-as-GET (§7.2). */
class TransportTest {
    static CairnServer server;
    static RawAcme acme;

    @BeforeAll
    static void start() throws Exception {
        server = CairnServer.start(CairnConfig.builder().forTests().build());
        acme = new RawAcme(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> getDirectory(HttpClient.Version version) throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder().sslContext(RawAcme.trusting(server));
        if (version != null) {
            b.version(version);
        }
        HttpClient client = b.build();
        return client.send(
                HttpRequest.newBuilder(server.directoryUrl()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void defaultJavaClientNegotiatesHttp2ByAlpn() throws Exception {
        HttpResponse<String> r = getDirectory(null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(RawAcme.JSON.readTree(r.body()).get("newNonce").asText()).startsWith("https://");
    }

    @Test
    void http11IsServedToo() throws Exception {
        HttpResponse<String> r = getDirectory(HttpClient.Version.HTTP_1_1);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(RawAcme.JSON.readTree(r.body()).has("newAccount")).isTrue();
    }

    @Test
    void acmeRequestsWorkOverHttp2() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        HttpResponse<String> created = acme.post(acme.url("newAccount"), key, null, "{\"termsOfServiceAgreed\":true}");
        assertThat(created.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @Test
    void headOnTheDirectoryAnswers200WithoutABody() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient client = HttpClient.newBuilder()
                    .version(version)
                    .sslContext(RawAcme.trusting(server))
                    .build();
            HttpResponse<byte[]> r = client.send(
                    HttpRequest.newBuilder(server.directoryUrl())
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(version.toString()).isEqualTo(200);
            assertThat(r.body()).as(version.toString()).isEmpty();
            assertThat(r.headers().firstValue("Content-Type")).hasValue(Replies.JSON);
        }
    }

    @Test
    void newNonceByPostAsGetAnswers204WithAReplayNonce() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        HttpResponse<String> r = acme.post(acme.url("newNonce"), key, kid, "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        String nonce = r.headers().firstValue("Replay-Nonce").orElseThrow();
        assertThat(nonce).matches("[A-Za-z0-9_-]+");
        assertThat(r.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        HttpResponse<String> used = acme.postRaw(
                kid,
                "application/jose+json",
                RawAcme.jws(key, acme.header(key, kid, nonce, kid), "")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(used.statusCode()).as("the nonce it handed out is good").isEqualTo(200);
    }

    @Test
    void newNonceByPostWithAPayloadOrWithJwkIsMalformed() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String kid = acme.newAccount(key);
        assertProblem(acme.post(acme.url("newNonce"), key, kid, "{}"), 400, "malformed");
        assertProblem(acme.post(acme.url("newNonce"), key, null, ""), 400, "malformed");
    }

    @Test
    void deleteOnNewNonceIs405() throws Exception {
        HttpResponse<String> r = acme.send("DELETE", acme.url("newNonce"));
        assertProblem(r, 405, "malformed");
        assertThat(r.headers().firstValue("Allow"))
                .hasValueSatisfying(a -> assertThat(a).contains("POST"));
        assertThat(URI.create(acme.url("newNonce")).getScheme()).isEqualTo("https");
    }
}
