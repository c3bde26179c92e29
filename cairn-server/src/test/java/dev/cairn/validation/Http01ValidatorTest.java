package dev.cairn.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http01ValidatorTest {
    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    private static final String KEY_AUTHZ = TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
    private static final String PATH = "/.well-known/acme-challenge/" + TOKEN;

    private MockDnsServer dns;
    private HttpServer web;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Map<String, List<String>>> seenHeaders = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new ArrayList<>();
    private ValidationConfig config;
    private Http01Validator validator;

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeAll
    static void quiet() {
        QuietLogs.apply();
    }

    @BeforeEach
    void start() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        dns = new MockDnsServer().start(new InetSocketAddress(loopback, 0));
        dns.addA("a.test", "127.0.0.1");
        web = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        web.createContext("/", exchange -> {
            seenHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            Handler h = routes.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (h == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    h.handle(exchange);
                }
            } catch (IOException e) {
                // the VA hung up first (body too large, timeout): expected in some tests
            }
        });
        web.start();
        config = new ValidationConfig(dns.address(), web.getAddress().getPort(), 443, Duration.ofSeconds(5), false);
        validator = new Http01Validator(config, DnsClient.of(config));
    }

    @AfterEach
    void stop() throws IOException {
        validator.close();
        web.stop(0);
        dns.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private ValidationOutcome validate(Identifier id) {
        return validator.validate(new ValidationRequest(id, ChallengeType.HTTP_01, TOKEN, KEY_AUTHZ));
    }

    private ValidationOutcome validate() {
        return validate(Identifier.dns("a.test"));
    }

    private static Handler body(String text) {
        return exchange -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    private static Handler redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    private int port() {
        return web.getAddress().getPort();
    }

    @Test
    void keyAuthorizationInTheBodyIsValidAndTheRequestCarriesHostAndUserAgent() {
        routes.put(PATH, body(KEY_AUTHZ));
        assertThat(validate().valid()).isTrue();
        Map<String, List<String>> headers = seenHeaders.get(0);
        assertThat(headers.get("Host")).containsExactly("a.test:" + port());
        assertThat(headers.get("User-agent")).containsExactly("Cairn-VA");
    }

    @Test
    void trailingNewlineAndSpacesAreIgnored() {
        routes.put(PATH, body(KEY_AUTHZ + " \r\n\t\n"));
        assertThat(validate().valid()).isTrue();
    }

    @Test
    void notFoundIsUnauthorizedAndSaysWhatWasAnswered() {
        ValidationOutcome outcome = validate();
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail())
                .contains("answered 404")
                .contains("http://a.test:" + port() + PATH)
                .contains("expected 200");
    }

    @Test
    void wrongBodyIsIncorrectResponseShowingBothValues() {
        routes.put(PATH, body("something else entirely"));
        ValidationOutcome outcome = validate();
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.INCORRECT_RESPONSE);
        assertThat(outcome.problem().detail())
                .contains("something else entirely")
                .contains(KEY_AUTHZ);
    }

    @Test
    void keyAuthorizationWithLeadingGarbageIsIncorrect() {
        routes.put(PATH, body("x" + KEY_AUTHZ));
        assertThat(validate().problem().type()).isEqualTo(ProblemType.INCORRECT_RESPONSE);
    }

    @Test
    void refusedConnectionIsAConnectionProblem() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        ValidationConfig toClosed = config.withPorts(closedPort, 443);
        try (Http01Validator v = new Http01Validator(toClosed, DnsClient.of(toClosed))) {
            ValidationOutcome outcome = v.validate(
                    new ValidationRequest(Identifier.dns("a.test"), ChallengeType.HTTP_01, TOKEN, KEY_AUTHZ));
            assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
            assertThat(outcome.problem().detail()).contains("a.test:" + closedPort);
        }
    }

    @Test
    void nameThatDoesNotExistIsADnsProblem() {
        ValidationOutcome outcome = validate(Identifier.dns("missing.test"));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.DNS);
        assertThat(outcome.problem().detail()).contains("missing.test").contains("NXDOMAIN");
    }

    @Test
    void servfailForTheNameIsADnsProblem() {
        dns.setServfail("a.test");
        assertThat(validate().problem().type()).isEqualTo(ProblemType.DNS);
    }

    @Test
    void refusingFirstAddressFallsBackToTheNextOne() {
        // AAAA comes first; nothing listens on [::1] at the responder's port
        dns.addAaaa("a.test", "::1");
        routes.put(PATH, body(KEY_AUTHZ));
        assertThat(validate().valid()).isTrue();
    }

    @Test
    void redirectToTheChallengePortIsFollowed() {
        routes.put(PATH, redirect("/elsewhere"));
        routes.put("/elsewhere", redirect("http://b.test:" + port() + "/final"));
        dns.addA("b.test", "127.0.0.1");
        routes.put("/final", body(KEY_AUTHZ));
        assertThat(validate().valid()).isTrue();
        assertThat(seenHeaders.get(2).get("Host")).containsExactly("b.test:" + port());
    }

    @Test
    void redirectToAnotherPortIsRefusedNamingTheUrl() {
        routes.put(PATH, redirect("http://a.test:8081/x"));
        ValidationOutcome outcome = validate();
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
        assertThat(outcome.problem().detail()).contains("http://a.test:8081/x").contains("only ports");
    }

    @Test
    void redirectToAnotherSchemeIsRefused() {
        routes.put(PATH, redirect("ftp://a.test/x"));
        ValidationOutcome outcome = validate();
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
        assertThat(outcome.problem().detail()).contains("ftp://a.test/x");
    }

    @Test
    void tenRedirectsAreFollowedButAnEleventhIsRefused() {
        routes.put(PATH, redirect("/r1"));
        for (int i = 1; i < 10; i++) {
            routes.put("/r" + i, redirect("/r" + (i + 1)));
        }
        routes.put("/r10", body(KEY_AUTHZ));
        assertThat(validate().valid()).isTrue();

        routes.put("/r10", redirect("/r11"));
        routes.put("/r11", body(KEY_AUTHZ));
        ValidationOutcome outcome = validate();
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
        assertThat(outcome.problem().detail()).contains("too many redirects").contains("/r11");
    }

    @Test
    void hugeBodyIsCappedAndRefused() {
        routes.put(PATH, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = "A".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 1600; i++) {
                out.write(chunk);
            }
        });
        ValidationOutcome outcome = validate();
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.INCORRECT_RESPONSE);
        assertThat(outcome.problem().detail()).contains("larger than 64 KiB").contains("AAAA");
    }

    @Test
    void hangingResponderFailsWithinTheTimeout() throws IOException {
        ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        ValidationConfig quick = config.withPorts(silent.getLocalPort(), 443).withTimeout(Duration.ofSeconds(1));
        try (silent;
                Http01Validator v = new Http01Validator(quick, DnsClient.of(quick))) {
            long start = System.nanoTime();
            ValidationOutcome outcome = v.validate(
                    new ValidationRequest(Identifier.dns("a.test"), ChallengeType.HTTP_01, TOKEN, KEY_AUTHZ));
            assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
            assertThat(outcome.problem().detail()).contains("within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void ipIdentifierIsFetchedFromTheAddressWithTheAddressAsHost() {
        routes.put(PATH, body(KEY_AUTHZ));
        assertThat(validate(Identifier.ip("127.0.0.1")).valid()).isTrue();
        assertThat(seenHeaders.get(0).get("Host")).containsExactly("127.0.0.1:" + port());
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void blockingPrivateAddressesRefusesANameOnLoopback() {
        routes.put(PATH, body(KEY_AUTHZ));
        ValidationConfig strict = config.withBlockPrivateAddresses(true);
        try (Http01Validator v = new Http01Validator(strict, DnsClient.of(strict))) {
            ValidationOutcome outcome = v.validate(
                    new ValidationRequest(Identifier.dns("a.test"), ChallengeType.HTTP_01, TOKEN, KEY_AUTHZ));
            assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
            assertThat(outcome.problem().detail()).contains("127.0.0.1 is loopback");
            assertThat(seenHeaders).isEmpty();
        }
    }

    @Test
    void blockingPrivateAddressesRejectsAnIpIdentifierOnLoopback() {
        ValidationConfig strict = config.withBlockPrivateAddresses(true);
        try (Http01Validator v = new Http01Validator(strict, DnsClient.of(strict))) {
            ValidationOutcome outcome = v.validate(
                    new ValidationRequest(Identifier.ip("127.0.0.1"), ChallengeType.HTTP_01, TOKEN, KEY_AUTHZ));
            assertThat(outcome.problem().type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER);
            assertThat(outcome.problem().detail()).contains("loopback");
        }
    }

    @Test
    void blockingPrivateAddressesAlsoAppliesToRedirectTargets() {
        dns.addA("public.test", "127.0.0.1");
        routes.put(PATH, redirect("http://127.0.0.1:" + port() + "/final"));
        ValidationConfig strict = config.withBlockPrivateAddresses(true);
        // the first hop is refused already; what matters is that nothing is fetched at all
        try (Http01Validator v = new Http01Validator(strict, DnsClient.of(strict))) {
            ValidationOutcome outcome = v.validate(
                    new ValidationRequest(Identifier.dns("public.test"), ChallengeType.HTTP_01, TOKEN, KEY_AUTHZ));
            assertThat(outcome.valid()).isFalse();
            assertThat(seenHeaders).isEmpty();
        }
    }

    @Test
    void ipv6IdentifierIsFetchedWithTheBracketedAddressAsHost() throws IOException {
        HttpServer v6 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), port()), 0);
        v6.createContext("/", exchange -> {
            seenHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            try (exchange) {
                body(KEY_AUTHZ).handle(exchange);
            }
        });
        v6.start();
        try {
            assertThat(validate(Identifier.ip("::1")).valid()).isTrue();
            assertThat(seenHeaders.get(0).get("Host")).containsExactly("[::1]:" + port());
        } finally {
            v6.stop(0);
        }
    }

    @Test
    void redirectToHttpsIsFollowedWithoutCheckingTheCertificate() throws Exception {
        com.sun.net.httpserver.HttpsServer tls = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        javax.net.ssl.KeyManagerFactory kmf =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(AcmeTlsResponder.keyStore(AcmeTlsResponder.CertSpec.valid("self-signed.test", "x")), new char[0]);
        context.init(kmf.getKeyManagers(), null, null);
        tls.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(context));
        tls.createContext("/secure", exchange -> {
            try (exchange) {
                body(KEY_AUTHZ).handle(exchange);
            }
        });
        tls.start();
        int tlsPort = tls.getAddress().getPort();
        routes.put(PATH, redirect("https://a.test:" + tlsPort + "/secure"));
        ValidationConfig withTlsPort = config.withPorts(port(), tlsPort);
        try (Http01Validator v = new Http01Validator(withTlsPort, DnsClient.of(withTlsPort))) {
            ValidationOutcome outcome = v.validate(
                    new ValidationRequest(Identifier.dns("a.test"), ChallengeType.HTTP_01, TOKEN, KEY_AUTHZ));
            assertThat(outcome.valid()).as("%s", outcome).isTrue();
        } finally {
            tls.stop(0);
        }
    }
}
