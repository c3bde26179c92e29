package dev.cairn.challtestsrv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.challtestsrv.Probes.Handshake;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Drives Debian's {@code pebble-challtestsrv} (v2.4.0) and ours through the same management calls
 * and compares what a client then observes: the status of each call, DNS answers, http-01
 * bodies and redirects, tls-alpn-01 certificates and the request history. Skipped with a
 * message when the binary is missing; a failure under CI (environment variable {@code CI}).
 *
 * <p>The script keeps to what both do the same way; the known differences (docs in README) are
 * tested on ours alone in {@link ChallTestServerTest}: names are case-insensitive and TXT hosts
 * need no trailing dot in ours, unknown names are NXDOMAIN without defaults, addresses that are
 * not IP literals are refused with 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PebbleChallTestSrvCompatibilityTest {
    private static final String PEBBLE = "pebble-challtestsrv";

    /** One management call: endpoint and JSON body. */
    private record Call(String path, String body) {}

    private static final List<Call> SCRIPT = List.of(
            new Call("/set-txt", "{\"host\":\"_acme-challenge.one.test.\",\"value\":\"first\"}"),
            new Call("/set-txt", "{\"host\":\"_acme-challenge.one.test.\",\"value\":\"second\"}"),
            new Call("/set-txt", "{\"host\":\"_acme-challenge.gone.test.\",\"value\":\"x\"}"),
            new Call("/clear-txt", "{\"host\":\"_acme-challenge.gone.test.\"}"),
            new Call("/set-txt", "{\"host\":\"_acme-challenge.one.test.\"}"),
            new Call("/set-txt", ""),
            new Call("/set-txt", "{not json"),
            new Call("/set-txt", "{\"host\":\"x.test.\",\"value\":7}"),
            new Call("/add-a", "{\"host\":\"a.test\",\"addresses\":[\"10.0.0.1\",\"10.0.0.2\"]}"),
            new Call("/add-a", "{\"host\":\"a.test\",\"addresses\":[\"10.0.0.3\"]}"),
            new Call("/add-a", "{\"host\":\"cleared.test\",\"addresses\":[\"10.0.0.9\"]}"),
            new Call("/clear-a", "{\"host\":\"cleared.test\"}"),
            new Call("/add-a", "{\"host\":\"a.test\",\"addresses\":[]}"),
            new Call("/add-a", "{\"addresses\":[\"10.0.0.1\"]}"),
            new Call("/add-aaaa", "{\"host\":\"six.test\",\"addresses\":[\"2001:db8::1\"]}"),
            new Call("/add-aaaa", "{\"host\":\"six-cleared.test\",\"addresses\":[\"2001:db8::2\"]}"),
            new Call("/clear-aaaa", "{\"host\":\"six-cleared.test\"}"),
            new Call(
                    "/add-caa",
                    "{\"host\":\"caa.test\",\"policies\":[{\"tag\":\"issue\",\"value\":\"cairn.test\"},"
                            + "{\"tag\":\"iodef\",\"value\":\"mailto:ca@cairn.test\"}]}"),
            new Call("/add-caa", "{\"host\":\"caa-cleared.test\",\"policies\":[{\"tag\":\"issue\",\"value\":\";\"}]}"),
            new Call("/clear-caa", "{\"host\":\"caa-cleared.test\"}"),
            new Call("/add-caa", "{\"host\":\"caa.test\",\"policies\":[]}"),
            new Call("/set-cname", "{\"host\":\"alias.test\",\"target\":\"a.test\"}"),
            new Call("/set-cname", "{\"host\":\"alias-cleared.test\",\"target\":\"a.test\"}"),
            new Call("/clear-cname", "{\"host\":\"alias-cleared.test\"}"),
            new Call("/set-cname", "{\"host\":\"alias.test\"}"),
            new Call("/set-servfail", "{\"host\":\"broken.test\"}"),
            new Call("/set-servfail", "{\"host\":\"fixed.test\"}"),
            new Call("/clear-servfail", "{\"host\":\"fixed.test\"}"),
            new Call("/set-servfail", "{}"),
            new Call("/add-http01", "{\"token\":\"tok\",\"content\":\"tok.thumb\"}"),
            new Call("/add-http01", "{\"token\":\"deleted\",\"content\":\"x\"}"),
            new Call("/del-http01", "{\"token\":\"deleted\"}"),
            new Call("/add-http01", "{\"token\":\"t\"}"),
            new Call(
                    "/add-redirect",
                    "{\"path\":\"/.well-known/acme-challenge/moved\","
                            + "\"targetURL\":\"http://elsewhere.test:5002/there\"}"),
            new Call(
                    "/add-redirect",
                    "{\"path\":\"/.well-known/acme-challenge/unmoved\",\"targetURL\":\"http://x.test/\"}"),
            new Call("/del-redirect", "{\"path\":\"/.well-known/acme-challenge/unmoved\"}"),
            new Call("/add-redirect", "{\"path\":\"/p\"}"),
            new Call("/add-tlsalpn01", "{\"host\":\"alpn.test\",\"content\":\"tok.thumb\"}"),
            new Call("/add-tlsalpn01", "{\"host\":\"alpn-deleted.test\",\"content\":\"x\"}"),
            new Call("/del-tlsalpn01", "{\"host\":\"alpn-deleted.test\"}"),
            new Call("/add-tlsalpn01", "{\"host\":\"alpn.test\"}"),
            new Call("/http-request-history", "{}"),
            new Call("/clear-request-history", "{\"host\":\"x.test\",\"type\":\"nope\"}"),
            new Call("/clear-request-history", "{\"host\":\"x.test\",\"type\":\"dns\"}"),
            new Call("/no-such-endpoint", "{}"));

    private static final List<Map.Entry<String, Integer>> QUERIES = List.of(
            Map.entry("_acme-challenge.one.test", Type.TXT),
            Map.entry("_acme-challenge.gone.test", Type.TXT),
            Map.entry("a.test", Type.A),
            Map.entry("cleared.test", Type.A),
            Map.entry("unknown.test", Type.A),
            Map.entry("unknown.test", Type.AAAA),
            Map.entry("six.test", Type.AAAA),
            Map.entry("six-cleared.test", Type.AAAA),
            Map.entry("caa.test", Type.CAA),
            Map.entry("caa-cleared.test", Type.CAA),
            Map.entry("alias.test", Type.A),
            Map.entry("alias.test", Type.CNAME),
            Map.entry("alias-cleared.test", Type.A),
            Map.entry("broken.test", Type.A),
            Map.entry("broken.test", Type.TXT),
            Map.entry("fixed.test", Type.A));

    private static final List<String> HTTP_PATHS = List.of(
            "/.well-known/acme-challenge/tok",
            "/.well-known/acme-challenge/deleted",
            "/.well-known/acme-challenge/never",
            "/.well-known/acme-challenge/moved",
            "/.well-known/acme-challenge/unmoved",
            "/elsewhere");

    private Process pebble;
    private Path pebbleLog;
    private int pebbleDns;
    private int pebbleHttp;
    private int pebbleHttps;
    private int pebbleTls;
    private URI pebbleApi;
    private ChallTestServer ours;

    @BeforeAll
    void startBoth(@TempDir Path dir) throws Exception {
        dev.cairn.validation.QuietLogs.apply();
        if (!onPath(PEBBLE)) {
            return;
        }
        pebbleDns = freeTcpAndUdpPort();
        pebbleHttp = freeTcpPort();
        pebbleHttps = freeTcpPort();
        pebbleTls = freeTcpPort();
        int management = freeTcpPort();
        pebbleApi = URI.create("http://127.0.0.1:" + management);
        pebbleLog = dir.resolve("pebble-challtestsrv.log");
        pebble = new ProcessBuilder(
                        PEBBLE,
                        "-dns01",
                        "127.0.0.1:" + pebbleDns,
                        "-http01",
                        "127.0.0.1:" + pebbleHttp,
                        "-https01",
                        "127.0.0.1:" + pebbleHttps,
                        "-tlsalpn01",
                        "127.0.0.1:" + pebbleTls,
                        "-management",
                        "127.0.0.1:" + management,
                        "-defaultIPv4",
                        "127.0.0.1",
                        "-defaultIPv6",
                        "::1")
                .redirectErrorStream(true)
                .redirectOutput(pebbleLog.toFile())
                .start();
        awaitPebble(management);
        ours = ChallTestServer.start(ChallTestServer.Config.loopback().withDefaults("127.0.0.1", "::1"));
        for (Call c : SCRIPT) {
            assertThat(Probes.post(ours.managementUrl(), c.path(), c.body()).status())
                    .as("status of %s %s: ours vs pebble-challtestsrv", c.path(), c.body())
                    .isEqualTo(Probes.post(pebbleApi, c.path(), c.body()).status());
        }
    }

    @AfterAll
    void stopBoth() {
        if (ours != null) {
            ours.close();
        }
        if (pebble != null) {
            pebble.destroy();
        }
    }

    private void requirePebble() {
        if (pebble != null) {
            return;
        }
        String message = PEBBLE + " is not on PATH (Debian: apt-get install pebble); skipping the comparison";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            Assertions.fail(message + "; CI is set, so this is a failure");
        }
        Assumptions.abort(message);
    }

    @Test
    void managementCallsAnswerTheSameStatusCodes() {
        requirePebble();
        // Compared call by call in startBoth, so that the state both servers hold is built by the same script.
        assertThat(Probes.post(ours.managementUrl(), "/set-default-ipv4", "{\"ip\":\"127.0.0.1\"}")
                        .status())
                .isEqualTo(Probes.post(pebbleApi, "/set-default-ipv4", "{\"ip\":\"127.0.0.1\"}")
                        .status());
    }

    @Test
    void dnsAnswersAreTheSame() {
        requirePebble();
        for (Map.Entry<String, Integer> q : QUERIES) {
            assertThat(Probes.dig(ours.dnsPort(), q.getKey(), q.getValue()))
                    .as("%s %s", q.getKey(), Type.string(q.getValue()))
                    .isEqualTo(Probes.dig(pebbleDns, q.getKey(), q.getValue()));
        }
    }

    @Test
    void http01AnswersAreTheSame() {
        requirePebble();
        for (String path : HTTP_PATHS) {
            Probes.Reply theirs = Probes.get(URI.create("http://127.0.0.1:" + pebbleHttp + path));
            Probes.Reply mine = Probes.get(URI.create("http://127.0.0.1:" + ours.http01Port() + path));
            assertThat(List.of(mine.status(), mine.body(), String.valueOf(mine.location())))
                    .as(path)
                    .isEqualTo(List.of(theirs.status(), theirs.body(), String.valueOf(theirs.location())));
        }
    }

    @Test
    void https01AnswersAreTheSameAndIgnoreRedirects() {
        requirePebble();
        for (String path : HTTP_PATHS) {
            Probes.HttpsReply theirs = Probes.httpsGet(pebbleHttps, "compat.test", "compat.test", path);
            Probes.HttpsReply mine = Probes.httpsGet(ours.https01Port(), "compat.test", "compat.test", path);
            assertThat(List.of(mine.status(), mine.body(), String.valueOf(mine.location())))
                    .as(path)
                    .isEqualTo(List.of(theirs.status(), theirs.body(), String.valueOf(theirs.location())));
        }
    }

    @Test
    void https01NegotiatesTheSameApplicationProtocols() {
        requirePebble();
        for (String[] offered : List.of(new String[] {"h2", "http/1.1"}, new String[] {"http/1.1"})) {
            assertThat(Probes.tls(ours.https01Port(), "compat.test", offered).protocol())
                    .as("ALPN %s", List.of(offered))
                    .isEqualTo(Probes.tls(pebbleHttps, "compat.test", offered).protocol());
        }
        assertThat(Probes.tls(pebbleHttps, "compat.test", "acme-tls/1").failure())
                .isNotNull();
        assertThat(Probes.tls(ours.https01Port(), "compat.test", "acme-tls/1").failure())
                .isNotNull();
    }

    @Test
    void https01RequestsAreInTheHistoryWithTheSameMembers() throws Exception {
        requirePebble();
        Probes.httpsGet(pebbleHttps, "https-history.test", "https-history.test", "/.well-known/acme-challenge/s?q=2");
        Probes.httpsGet(
                ours.https01Port(), "https-history.test", "https-history.test", "/.well-known/acme-challenge/s?q=2");
        ObjectMapper json = new ObjectMapper();
        String body = "{\"host\":\"https-history.test\"}";
        JsonNode theirs = last(json.readTree(
                Probes.post(pebbleApi, "/http-request-history", body).body()));
        JsonNode mine = last(json.readTree(
                Probes.post(ours.managementUrl(), "/http-request-history", body).body()));
        for (String member : List.of("URL", "Host", "HTTPS", "ServerName")) {
            assertThat(mine.get(member)).as(member).isEqualTo(theirs.get(member));
        }
        assertThat(mine.get("HTTPS").asBoolean()).isTrue();
    }

    /**
     * Neither the JDK nor BouncyCastle will parse Pebble's certificate (its issuer is empty, which
     * RFC 5280 §4.1.2.4 forbids), so it is fetched with {@code openssl s_client} and its extensions
     * are read from the raw DER.
     */
    @Test
    void tlsAlpn01CertificatesCarryTheSameNamesAndDigest() throws Exception {
        requirePebble();
        Assumptions.assumeTrue(onPath("openssl"), "openssl is needed to read pebble-challtestsrv's certificate");
        Handshake mine = Probes.tls(ours.tlsAlpn01Port(), "alpn.test", "acme-tls/1");
        assertThat(mine.failure()).isNull();
        assertThat(mine.protocol()).isEqualTo("acme-tls/1");
        X509CertificateHolder ourCert =
                new X509CertificateHolder(mine.certificate().getEncoded());
        Extensions theirs = opensslFetchExtensions(pebbleTls, "alpn.test");
        for (ASN1ObjectIdentifier oid : List.of(
                Extension.subjectAlternativeName, new ASN1ObjectIdentifier(TlsAlpn01Certificate.ACME_IDENTIFIER_OID))) {
            assertThat(ourCert.getExtension(oid)).as(oid.getId()).isEqualTo(theirs.getExtension(oid));
        }
        assertThat(ourCert.getExtensions().getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(theirs.getCriticalExtensionOIDs());
        for (String[] refused : List.of(
                new String[] {"alpn-deleted.test", "acme-tls/1"},
                new String[] {"alpn.test", "h2", "acme-tls/1"},
                new String[] {"unknown.test", "acme-tls/1"})) {
            String sni = refused[0];
            String[] alpn = java.util.Arrays.copyOfRange(refused, 1, refused.length);
            assertThat(Probes.tls(pebbleTls, sni, alpn).failure())
                    .as("pebble, %s", sni)
                    .isNotNull();
            assertThat(Probes.tls(ours.tlsAlpn01Port(), sni, alpn).failure())
                    .as("ours, %s", sni)
                    .isNotNull();
        }
    }

    @Test
    void requestHistoryHasTheSameShape() throws Exception {
        requirePebble();
        Probes.dig(pebbleDns, "history.test", Type.TXT);
        Probes.dig(ours.dnsPort(), "history.test", Type.TXT);
        Probes.tls(pebbleTls, "history.test", "acme-tls/1");
        Probes.tls(ours.tlsAlpn01Port(), "history.test", "acme-tls/1");
        Probes.get(URI.create("http://127.0.0.1:" + pebbleHttp + "/.well-known/acme-challenge/h?q=1"));
        Probes.get(URI.create("http://127.0.0.1:" + ours.http01Port() + "/.well-known/acme-challenge/h?q=1"));
        for (String endpoint : List.of("/dns-request-history", "/tlsalpn01-request-history")) {
            assertThat(Probes.post(ours.managementUrl(), endpoint, "{\"host\":\"history.test\"}")
                            .body())
                    .as(endpoint)
                    .isEqualTo(Probes.post(pebbleApi, endpoint, "{\"host\":\"history.test\"}")
                            .body());
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode theirs = last(json.readTree(Probes.post(pebbleApi, "/http-request-history", "{\"host\":\"127.0.0.1\"}")
                .body()));
        JsonNode mine = last(
                json.readTree(Probes.post(ours.managementUrl(), "/http-request-history", "{\"host\":\"127.0.0.1\"}")
                        .body()));
        for (String member : List.of("URL", "HTTPS", "ServerName")) {
            assertThat(mine.get(member)).as(member).isEqualTo(theirs.get(member));
        }
        for (String endpoint : List.of("/dns-request-history", "/tlsalpn01-request-history", "/http-request-history")) {
            assertThat(Probes.post(ours.managementUrl(), endpoint, "{\"host\":\"nobody.test\"}")
                            .body())
                    .as(endpoint)
                    .isEqualTo(Probes.post(pebbleApi, endpoint, "{\"host\":\"nobody.test\"}")
                            .body());
        }
    }

    private static Extensions opensslFetchExtensions(int port, String sni) throws Exception {
        Process p = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-servername",
                        sni,
                        "-alpn",
                        "acme-tls/1")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        p.waitFor();
        int begin = out.indexOf("-----BEGIN CERTIFICATE-----");
        int end = out.indexOf("-----END CERTIFICATE-----");
        assertThat(begin).as("openssl output: %s", out).isNotNegative();
        String base64 = out.substring(begin + "-----BEGIN CERTIFICATE-----".length(), end)
                .replaceAll("\\s", "");
        ASN1Sequence certificate =
                ASN1Sequence.getInstance(java.util.Base64.getDecoder().decode(base64));
        for (ASN1Encodable field : ASN1Sequence.getInstance(certificate.getObjectAt(0))) {
            if (field instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                return Extensions.getInstance(tagged.getExplicitBaseObject());
            }
        }
        throw new AssertionError("no extensions in pebble-challtestsrv's certificate");
    }

    private static JsonNode last(JsonNode array) {
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private void awaitPebble(int management) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            if (!pebble.isAlive()) {
                throw new IllegalStateException(PEBBLE + " exited: " + Files.readString(pebbleLog));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), management), 300);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(PEBBLE + " not ready: " + Files.readString(pebbleLog), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpAndUdpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException e) {
                // the TCP side of that port is taken; try another
            }
        }
        throw new IOException("no port free for both TCP and UDP");
    }
}
