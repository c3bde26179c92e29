package dev.cairn.challtestsrv;

import static dev.cairn.challtestsrv.Probes.httpsGet;
import static dev.cairn.challtestsrv.Probes.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.challtestsrv.Probes.HttpsReply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code -https01}: the http-01 responder's HTTPS listener, the target of http-01 redirects to https. */
class Https01ResponderTest {
    private static final String PATH = "/.well-known/acme-challenge/";
    private ChallTestServer server;
    private URI api;

    @BeforeAll
    static void quiet() {
        dev.cairn.validation.QuietLogs.apply();
    }

    @BeforeEach
    void start() throws Exception {
        server = ChallTestServer.start(ChallTestServer.Config.loopback());
        api = server.managementUrl();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int call(String path, String json) {
        return post(api, path, json).status();
    }

    private List<JsonNode> history(String host) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        new ObjectMapper()
                .readTree(post(api, "/http-request-history", "{\"host\":\"" + host + "\"}")
                        .body())
                .forEach(events::add);
        return events;
    }

    @Test
    void aTokenAddedOnceIsServedOverHttpAndHttps() {
        assertThat(call("/add-http01", "{\"token\":\"tok\",\"content\":\"tok.thumb\"}"))
                .isEqualTo(200);

        HttpsReply https = httpsGet(server.https01Port(), "a.test", "a.test", PATH + "tok");
        Probes.Reply http = Probes.get(URI.create("http://127.0.0.1:" + server.http01Port() + PATH + "tok"));

        assertThat(https.status()).isEqualTo(200);
        assertThat(https.body()).isEqualTo("tok.thumb");
        assertThat(https.protocol()).isEqualTo("http/1.1");
        assertThat(http.body()).isEqualTo("tok.thumb");
        assertThat(call("/del-http01", "{\"token\":\"tok\"}")).isEqualTo(200);
        assertThat(httpsGet(server.https01Port(), "a.test", "a.test", PATH + "tok")
                        .body())
                .isEmpty();
    }

    @Test
    void aRedirectIsAnsweredOverHttpButOverHttpsTheTokenIsServedSoNothingLoops() {
        String target = "https://a.test:" + server.https01Port() + PATH + "moved";
        call("/add-http01", "{\"token\":\"moved\",\"content\":\"moved.thumb\"}");
        call("/add-redirect", "{\"path\":\"" + PATH + "moved\",\"targetURL\":\"" + target + "\"}");

        Probes.Reply http = Probes.get(URI.create("http://127.0.0.1:" + server.http01Port() + PATH + "moved"));
        HttpsReply https = httpsGet(server.https01Port(), "a.test", "a.test:" + server.https01Port(), PATH + "moved");

        assertThat(http.status()).isEqualTo(302);
        assertThat(http.location()).isEqualTo(target);
        assertThat(https.status()).isEqualTo(200);
        assertThat(https.location()).isNull();
        assertThat(https.body()).isEqualTo("moved.thumb");
    }

    @Test
    void unknownTokensAndOtherPathsGet200WithAnEmptyBodyOverHttps() {
        for (String path : List.of(PATH + "never", "/elsewhere", "/")) {
            HttpsReply r = httpsGet(server.https01Port(), "a.test", "a.test", path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).isEmpty();
        }
    }

    @Test
    void historyMarksHttpsRequestsWithTheirSniAndPlainOnesWithout() throws Exception {
        httpsGet(server.https01Port(), "sni.test", "sni.test:" + server.https01Port(), PATH + "h?q=1");
        httpsGet(server.https01Port(), null, "sni.test", PATH + "nosni");
        Probes.get(URI.create("http://127.0.0.1:" + server.http01Port() + "/plain"));

        List<JsonNode> sni = history("sni.test");
        List<JsonNode> plain = history("127.0.0.1");

        assertThat(sni).hasSize(2);
        assertThat(sni.get(0).path("URL").asText()).isEqualTo(PATH + "h?q=1");
        assertThat(sni.get(0).path("Host").asText()).isEqualTo("sni.test:" + server.https01Port());
        assertThat(sni.get(0).path("HTTPS").asBoolean()).isTrue();
        assertThat(sni.get(0).path("ServerName").asText()).isEqualTo("sni.test");
        assertThat(sni.get(1).path("ServerName").asText()).isEmpty();
        assertThat(plain).hasSize(1);
        assertThat(plain.get(0).path("HTTPS").asBoolean()).isFalse();
        assertThat(plain.get(0).path("ServerName").asText()).isEmpty();
    }

    @Test
    void theCertificateIsSelfSignedAndServedWhateverTheHostName() throws Exception {
        HttpsReply named = httpsGet(server.https01Port(), "any.test", "other.test", "/");
        HttpsReply bare = httpsGet(server.https01Port(), null, "127.0.0.1", "/");

        assertThat(named.status()).isEqualTo(200);
        assertThat(named.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=challenge test server");
        assertThat(named.certificate().getIssuerX500Principal())
                .isEqualTo(named.certificate().getSubjectX500Principal());
        named.certificate().verify(named.certificate().getPublicKey());
        assertThat(bare.certificate()).isEqualTo(named.certificate());
    }

    @Test
    void http2IsNegotiatedForClientsThatOfferItAsPebblesGoServerDoes() throws Exception {
        call("/add-http01", "{\"token\":\"h2\",\"content\":\"h2.thumb\"}");
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new Probes.TrustEverything()}, null);
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trustAll)
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.https01Port() + PATH + "h2"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body()).isEqualTo("h2.thumb");
        assertThat(history("127.0.0.1").get(0).path("Host").asText()).isEqualTo("127.0.0.1:" + server.https01Port());
    }

    @Test
    void httpsAloneServesTheTokensOfTheManagementApi() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ChallTestServer httpsOnly =
                ChallTestServer.start(new ChallTestServer.Config(null, null, null, loopback, "", "", loopback))) {
            assertThat(post(httpsOnly.managementUrl(), "/add-http01", "{\"token\":\"t\",\"content\":\"t.k\"}")
                            .status())
                    .isEqualTo(200);

            assertThat(httpsGet(httpsOnly.https01Port(), "a.test", "a.test", PATH + "t")
                            .body())
                    .isEqualTo("t.k");
            assertThatThrownBy(httpsOnly::http01Port).hasMessageContaining("http-01 server is off");
        }
    }

    @Test
    void resetForgetsTokensServedOverHttps() {
        call("/add-http01", "{\"token\":\"gone\",\"content\":\"gone.k\"}");

        server.reset();

        assertThat(httpsGet(server.https01Port(), "a.test", "a.test", PATH + "gone")
                        .body())
                .isEmpty();
    }
}
