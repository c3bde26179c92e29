package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load generator's own HTTP/1.1 client, against a scripted TLS server on loopback. */
class BenchHttpTest {
    private static SSLContext serverTls;
    private static SSLContext clientTls;

    private ScriptedServer server;

    @BeforeAll
    static void certificates() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=bench-http-test");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                Date.from(now.minusSeconds(60)),
                                Date.from(now.plusSeconds(3600)),
                                name,
                                pair.getPublic())
                        .addExtension(
                                Extension.subjectAlternativeName,
                                false,
                                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pair.getPrivate(), new char[0], new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPostArrivesWithItsHeadersAndBodyAndItsAnswerIsReadByContentLength() throws Exception {
        server = new ScriptedServer(
                request -> answer("201 Created", "Replay-Nonce: abc\r\nContent-Length: 2\r\n", "{}"));
        try (BenchHttp http = new BenchHttp(clientTls, Duration.ofSeconds(5))) {
            BenchHttp.Response r =
                    http.post(server.url("/new-order?x=1"), "application/jose+json", "{\"a\":1}".getBytes());

            assertThat(r.status()).isEqualTo(201);
            assertThat(r.header("REPLAY-NONCE")).contains("abc");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        }
        String request = server.requests.get(0);
        assertThat(request)
                .startsWith("POST /new-order?x=1 HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                .contains("\r\nUser-Agent: " + LoadSettings.USER_AGENT + "\r\n")
                .contains("\r\nContent-Type: application/jose+json\r\n")
                .contains("\r\nContent-Length: 7\r\n")
                .endsWith("\r\n\r\n{\"a\":1}");
    }

    @Test
    void exchangesReuseOneKeptAliveConnection() throws Exception {
        server = new ScriptedServer(request -> answer("200 OK", "Content-Length: 1\r\n", "x"));
        try (BenchHttp http = new BenchHttp(clientTls, Duration.ofSeconds(5))) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.get(server.url("/directory")).status()).isEqualTo(200);
            }
        }
        assertThat(server.requests).hasSize(3);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedAndTheRequestSentAgain() throws Exception {
        server = new ScriptedServer(request -> answer("200 OK", "Content-Length: 1\r\n", "x"));
        server.closeAfterEachAnswer = true;
        try (BenchHttp http = new BenchHttp(clientTls, Duration.ofSeconds(5))) {
            assertThat(http.get(server.url("/a")).status()).isEqualTo(200);
            Thread.sleep(100); // the server's close reaches the client first
            assertThat(http.get(server.url("/b")).status()).isEqualTo(200);
        }
        assertThat(server.requests).hasSize(2);
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void connectionCloseInTheAnswerMakesTheNextExchangeUseANewConnection() throws Exception {
        server = new ScriptedServer(request -> answer("200 OK", "Connection: close\r\nContent-Length: 1\r\n", "x"));
        try (BenchHttp http = new BenchHttp(clientTls, Duration.ofSeconds(5))) {
            http.get(server.url("/a"));
            http.get(server.url("/b"));
        }
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void headReadsNoBodyWhateverContentLengthSays() throws Exception {
        server = new ScriptedServer(request -> request.startsWith("HEAD")
                ? answer("200 OK", "Replay-Nonce: n1\r\nContent-Length: 50\r\n", "")
                : answer("200 OK", "Content-Length: 2\r\n", "ok"));
        try (BenchHttp http = new BenchHttp(clientTls, Duration.ofSeconds(5))) {
            BenchHttp.Response head = http.head(server.url("/new-nonce"));
            BenchHttp.Response get = http.get(server.url("/after"));

            assertThat(head.body()).isEmpty();
            assertThat(head.header("Replay-Nonce")).contains("n1");
            assertThat(new String(get.body(), StandardCharsets.US_ASCII)).isEqualTo("ok");
        }
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheExchangeAtTheTimeout() throws Exception {
        server = new ScriptedServer(request -> null);
        try (BenchHttp http = new BenchHttp(clientTls, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> http.get(server.url("/slow"))).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closingFromAnotherThreadEndsAnExchangeBlockedInARead() throws Exception {
        server = new ScriptedServer(request -> null);
        BenchHttp http = new BenchHttp(clientTls, Duration.ofSeconds(30));
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread blocked = new Thread(() -> {
            try {
                http.get(server.url("/never"));
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        blocked.start();
        while (server.requests.isEmpty()) {
            Thread.sleep(10);
        }
        http.close();
        blocked.join(5_000);

        assertThat(blocked.isAlive()).isFalse();
        assertThat(failures).singleElement().isInstanceOf(IOException.class);
    }

    @Test
    void aChunkedBodyIsJoinedAndItsExtensionsAndTrailersSkipped() throws IOException {
        BenchHttp.ParsedResponse r = parse(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: x\r\n\r\n",
                "GET");

        assertThat(new String(r.response().body(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(r.close()).isFalse();
    }

    @Test
    void interimAnswersAreSkipped() throws IOException {
        BenchHttp.ParsedResponse r =
                parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "POST");

        assertThat(r.response().status()).isEqualTo(200);
        assertThat(new String(r.response().body(), StandardCharsets.US_ASCII)).isEqualTo("ok");
    }

    @Test
    void aBodyWithoutLengthRunsToTheEndOfTheConnectionWhichIsThenClosed() throws IOException {
        BenchHttp.ParsedResponse r = parse("HTTP/1.1 200 OK\r\n\r\nall of it", "GET");

        assertThat(new String(r.response().body(), StandardCharsets.US_ASCII)).isEqualTo("all of it");
        assertThat(r.close()).isTrue();
    }

    @Test
    void noContentHasNoBodyAndHttp10ClosesUnlessKeptAlive() throws IOException {
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n", "GET").response().body())
                .isEmpty();
        assertThat(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", "GET").close())
                .isTrue();
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", "GET")
                        .close())
                .isFalse();
    }

    @Test
    void theFirstOfRepeatedHeadersCountsAndNamesIgnoreCase() throws IOException {
        BenchHttp.Response r = parse(
                        "HTTP/1.1 200 OK\r\nLink: <a>;rel=\"up\"\r\nlink: <b>\r\nContent-Length: 0\r\n\r\n", "GET")
                .response();

        assertThat(r.header("LINK")).contains("<a>;rel=\"up\"");
    }

    @Test
    void malformedOrCutAnswersFailAsIoErrors() {
        assertThatThrownBy(() -> parse("SPDY/3 200 OK\r\n\r\n", "GET")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 abc OK\r\n\r\n", "GET")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "GET"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "GET"))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "GET"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "GET"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Le", "GET")).isInstanceOf(EOFException.class);
    }

    private static BenchHttp.ParsedResponse parse(String wire, String method) throws IOException {
        return BenchHttp.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), -1, method);
    }

    private static String answer(String status, String headers, String body) {
        return "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body;
    }

    /** Accepts TLS connections; answers each request with what the script says (null: never). */
    private static final class ScriptedServer implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        volatile boolean closeAfterEachAnswer;
        private final SSLServerSocket listener;
        private final Function<String, String> script;
        private final List<SSLSocket> accepted = new CopyOnWriteArrayList<>();

        ScriptedServer(Function<String, String> script) throws IOException {
            this.script = script;
            this.listener = (SSLServerSocket)
                    serverTls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url(String path) {
            return URI.create("https://127.0.0.1:" + port() + path);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) listener.accept();
                    accepted.add(s);
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s), "scripted-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(SSLSocket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    String answer = script.apply(request);
                    if (answer == null) {
                        in.read(); // hold the connection until the client goes away
                        return;
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterEachAnswer) {
                        return;
                    }
                }
            } catch (IOException gone) {
                // the client closed the connection
            }
        }

        /** The request head and its Content-Length body, or null at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    return null;
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (SSLSocket s : accepted) {
                s.close();
            }
        }
    }
}
