package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which requests run on the I/O (selector) thread that read them: only those answered from
 * memory. Everything that may wait, on its own body, on storage or on a validation, runs
 * elsewhere, or one slow client would freeze every connection on that selector.
 */
class RequestThreadsTest {
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

    @Test
    void onlyNewNonceAndTheDirectoryByGetOrHeadAndPreflightsAnswerWithoutWaiting() {
        Urls urls = new Urls(URI.create("https://ca.test:14000"));
        String newNonce = URI.create(urls.newNonce()).getPath();
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "HEAD", newNonce)).isTrue();
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "GET", newNonce)).isTrue();
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "GET", Urls.DIRECTORY))
                .isTrue();
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "HEAD", Urls.DIRECTORY))
                .isTrue();
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "OPTIONS", newNonce)).isTrue();

        // POST-as-GET reads a body and looks up the account; GETs of other resources may read storage.
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "POST", newNonce)).isFalse();
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "POST", Urls.DIRECTORY))
                .isFalse();
        for (String url : List.of(
                urls.order("o1"),
                urls.authorization("a1"),
                urls.certificate("01"),
                urls.renewalInfo("aaaa.bbbb"),
                urls.account("1"))) {
            assertThat(AcmeHandler.answersWithoutWaiting(
                            urls, "GET", URI.create(url).getPath()))
                    .as(url)
                    .isFalse();
        }
        assertThat(AcmeHandler.answersWithoutWaiting(urls, "GET", "/no-such-thing"))
                .isFalse();
    }

    /**
     * Each stalled upload leaves a handler blocked reading a body that never comes. Were such a
     * handler run on a selector thread, that selector and all its connections would stop; with more
     * stalled uploads than selectors, newNonce would then never answer.
     */
    @Test
    void stalledUploadsOnMoreConnectionsThanSelectorsDoNotStopNewNonce() throws Exception {
        stalledUploadsDoNotStopNewNonce("POST", URI.create(acme.url("newAccount")));
    }

    /**
     * A GET of newNonce runs on the selector thread; one that declares a body and never sends
     * it must not make that thread wait for the body (before answering, Cairn discards what a
     * request sent and it did not read).
     */
    @Test
    void aNewNonceGetDeclaringABodyThatNeverComesDoesNotStopTheSelector() throws Exception {
        stalledUploadsDoNotStopNewNonce("GET", URI.create(acme.url("newNonce")));
    }

    private void stalledUploadsDoNotStopNewNonce(String method, URI target) throws Exception {
        int stalled = 2 * Runtime.getRuntime().availableProcessors() + 2;
        List<SSLSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < stalled; i++) {
                SSLSocket socket = (SSLSocket)
                        RawAcme.trusting(server).getSocketFactory().createSocket(target.getHost(), target.getPort());
                socket.setSoTimeout(5_000);
                SSLParameters params = socket.getSSLParameters();
                params.setApplicationProtocols(new String[] {"http/1.1"});
                socket.setSSLParameters(params);
                OutputStream out = socket.getOutputStream();
                out.write((method + " " + target.getPath() + " HTTP/1.1\r\n"
                                + "Host: " + target.getAuthority() + "\r\n"
                                + "User-Agent: stalled-upload\r\n"
                                + "Content-Type: application/jose+json\r\n"
                                + "Content-Length: 4000\r\n\r\n"
                                + "{\"protected\":\"")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sockets.add(socket);
            }
            // Give every stalled request time to reach its handler.
            Thread.sleep(300);

            // A new client, so a new connection, each time: Jetty spreads connections over its selectors.
            for (int i = 0; i < 4; i++) {
                HttpResponse<Void> nonce = newClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(acme.url("newNonce")))
                                        .timeout(Duration.ofSeconds(5))
                                        .header("User-Agent", "request-threads-test")
                                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                assertThat(nonce.statusCode()).isEqualTo(200);
                assertThat(nonce.headers().firstValue("Replay-Nonce")).isPresent();
            }
            HttpResponse<String> directory = newClient()
                    .send(
                            HttpRequest.newBuilder(server.directoryUrl())
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(directory.statusCode()).isEqualTo(200);
        } finally {
            for (SSLSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(RawAcme.trusting(server))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
