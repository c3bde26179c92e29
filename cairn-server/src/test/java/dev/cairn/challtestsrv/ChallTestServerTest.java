package dev.cairn.challtestsrv;

import static dev.cairn.challtestsrv.Probes.dig;
import static dev.cairn.challtestsrv.Probes.get;
import static dev.cairn.challtestsrv.Probes.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.challtestsrv.Probes.Answer;
import dev.cairn.challtestsrv.Probes.Handshake;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Every management endpoint, observed through a real DNS query, HTTP request or TLS handshake. */
class ChallTestServerTest {
    private ChallTestServer server;
    private URI api;

    @BeforeAll
    static void quiet() {
        dev.cairn.validation.QuietLogs.apply();
    }

    @BeforeEach
    void start() throws Exception {
        server = ChallTestServer.start(ChallTestServer.Config.loopback().withDefaults("127.0.0.1", "::1"));
        api = server.managementUrl();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Answer dns(String name, int type) {
        return dig(server.dnsPort(), name, type);
    }

    private int call(String path, String json) {
        return post(api, path, json).status();
    }

    @Test
    void setTxtAddsAValueNextToTheOthersAndClearTxtRemovesAll() {
        assertThat(call("/set-txt", "{\"host\":\"_acme-challenge.a.test.\",\"value\":\"one\"}"))
                .isEqualTo(200);
        assertThat(call("/set-txt", "{\"host\":\"_acme-challenge.a.test\",\"value\":\"two\"}"))
                .isEqualTo(200);
        assertThat(dns("_acme-challenge.a.test", Type.TXT).records())
                .containsExactly("_acme-challenge.a.test. TXT one", "_acme-challenge.a.test. TXT two");
        assertThat(call("/clear-txt", "{\"host\":\"_acme-challenge.a.test.\"}")).isEqualTo(200);
        assertThat(dns("_acme-challenge.a.test", Type.TXT).records()).isEmpty();
    }

    @Test
    void addAWinsOverTheDefaultUntilClearA() {
        assertThat(dns("host.test", Type.A).records()).containsExactly("host.test. A 127.0.0.1");
        assertThat(call("/add-a", "{\"host\":\"host.test\",\"addresses\":[\"10.0.0.1\",\"10.0.0.2\"]}"))
                .isEqualTo(200);
        assertThat(call("/add-a", "{\"host\":\"host.test\",\"addresses\":[\"10.0.0.3\"]}"))
                .isEqualTo(200);
        assertThat(dns("host.test", Type.A).records())
                .containsExactly("host.test. A 10.0.0.1", "host.test. A 10.0.0.2", "host.test. A 10.0.0.3");
        assertThat(call("/clear-a", "{\"host\":\"host.test\"}")).isEqualTo(200);
        assertThat(dns("host.test", Type.A).records()).containsExactly("host.test. A 127.0.0.1");
    }

    @Test
    void addAaaaWinsOverTheDefaultUntilClearAaaa() {
        assertThat(dns("six.test", Type.AAAA).records()).containsExactly("six.test. AAAA 0:0:0:0:0:0:0:1");
        assertThat(call("/add-aaaa", "{\"host\":\"six.test\",\"addresses\":[\"2001:db8::7\"]}"))
                .isEqualTo(200);
        assertThat(dns("six.test", Type.AAAA).records()).containsExactly("six.test. AAAA 2001:db8:0:0:0:0:0:7");
        assertThat(call("/clear-aaaa", "{\"host\":\"six.test\"}")).isEqualTo(200);
        assertThat(dns("six.test", Type.AAAA).records()).containsExactly("six.test. AAAA 0:0:0:0:0:0:0:1");
    }

    @Test
    void addressThatIsNotAnIpLiteralIsRefusedAndNothingIsAdded() {
        Probes.Reply reply = post(api, "/add-a", "{\"host\":\"bad.test\",\"addresses\":[\"10.0.0.1\",\"::1\"]}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("::1");
        assertThat(dns("bad.test", Type.A).records()).containsExactly("bad.test. A 127.0.0.1");
    }

    @Test
    void setDefaultAddressesChangeAndEmptyIpRemovesThem() {
        assertThat(call("/set-default-ipv4", "{\"ip\":\"10.1.1.1\"}")).isEqualTo(200);
        assertThat(call("/set-default-ipv6", "{\"ip\":\"2001:db8::1\"}")).isEqualTo(200);
        assertThat(dns("any.test", Type.A).records()).containsExactly("any.test. A 10.1.1.1");
        assertThat(dns("any.test", Type.AAAA).records()).containsExactly("any.test. AAAA 2001:db8:0:0:0:0:0:1");
        assertThat(call("/set-default-ipv4", "{\"ip\":\"\"}")).isEqualTo(200);
        assertThat(call("/set-default-ipv6", "{}")).isEqualTo(200);
        assertThat(dns("any.test", Type.A).records()).isEmpty();
        assertThat(dns("any.test", Type.AAAA).records()).isEmpty();
    }

    @Test
    void addCaaServesEveryPolicyWithFlagsAndClearCaaRemovesThem() {
        assertThat(call(
                        "/add-caa",
                        "{\"host\":\"caa.test\",\"policies\":[{\"tag\":\"issue\",\"value\":\"cairn.test\"},"
                                + "{\"tag\":\"issuewild\",\"value\":\";\",\"flags\":128}]}"))
                .isEqualTo(200);
        assertThat(dns("caa.test", Type.CAA).records())
                .containsExactly("caa.test. CAA 0 issue \"cairn.test\"", "caa.test. CAA 128 issuewild \";\"");
        assertThat(call("/clear-caa", "{\"host\":\"caa.test\"}")).isEqualTo(200);
        assertThat(dns("caa.test", Type.CAA).records()).isEmpty();
    }

    @Test
    void setCnameAliasesTheTargetsRecordsUntilClearCname() {
        call("/add-a", "{\"host\":\"target.test\",\"addresses\":[\"10.2.2.2\"]}");
        call("/set-txt", "{\"host\":\"target.test.\",\"value\":\"t\"}");
        assertThat(call("/set-cname", "{\"host\":\"alias.test\",\"target\":\"target.test\"}"))
                .isEqualTo(200);
        assertThat(dns("alias.test", Type.A).records())
                .containsExactly("alias.test. CNAME target.test.", "target.test. A 10.2.2.2");
        assertThat(dns("alias.test", Type.TXT).records())
                .containsExactly("alias.test. CNAME target.test.", "target.test. TXT t");
        assertThat(call("/clear-cname", "{\"host\":\"alias.test\"}")).isEqualTo(200);
        assertThat(dns("alias.test", Type.A).records()).containsExactly("alias.test. A 127.0.0.1");
    }

    @Test
    void setServfailFailsEveryQueryForTheNameUntilClearServfail() {
        assertThat(call("/set-servfail", "{\"host\":\"broken.test\"}")).isEqualTo(200);
        assertThat(dns("broken.test", Type.A)).isEqualTo(new Answer("SERVFAIL", List.of()));
        assertThat(dns("broken.test", Type.TXT).rcode()).isEqualTo("SERVFAIL");
        assertThat(call("/clear-servfail", "{\"host\":\"broken.test\"}")).isEqualTo(200);
        assertThat(dns("broken.test", Type.A).rcode()).isEqualTo("NOERROR");
    }

    @Test
    void addHttp01ServesTheKeyAuthorizationUntilDelHttp01() {
        URI url = URI.create("http://127.0.0.1:" + server.http01Port() + "/.well-known/acme-challenge/tok");
        assertThat(call("/add-http01", "{\"token\":\"tok\",\"content\":\"tok.thumb\"}"))
                .isEqualTo(200);
        Probes.Reply served = get(url);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).isEqualTo("tok.thumb");
        assertThat(served.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(call("/del-http01", "{\"token\":\"tok\"}")).isEqualTo(200);
        // Like Pebble's: an unknown token is 200 with an empty body, not 404.
        assertThat(get(url))
                .extracting(Probes.Reply::status, Probes.Reply::body)
                .containsExactly(200, "");
    }

    @Test
    void addRedirectAnswers302ToTheTargetUntilDelRedirect() {
        URI url = URI.create("http://127.0.0.1:" + server.http01Port() + "/.well-known/acme-challenge/moved?x=1");
        assertThat(call(
                        "/add-redirect",
                        "{\"path\":\"/.well-known/acme-challenge/moved\","
                                + "\"targetURL\":\"http://elsewhere.test:5002/there\"}"))
                .isEqualTo(200);
        Probes.Reply redirect = get(url);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.location()).isEqualTo("http://elsewhere.test:5002/there");
        assertThat(call("/del-redirect", "{\"path\":\"/.well-known/acme-challenge/moved\"}"))
                .isEqualTo(200);
        assertThat(get(url).status()).isEqualTo(200);
    }

    @Test
    void addTlsAlpn01ServesTheRfc8737CertificateForTheSni() throws Exception {
        assertThat(call("/add-tlsalpn01", "{\"host\":\"alpn.test\",\"content\":\"tok.thumb\"}"))
                .isEqualTo(200);
        Handshake h = Probes.tls(server.tlsAlpn01Port(), "alpn.test", "acme-tls/1");
        assertThat(h.failure()).isNull();
        assertThat(h.protocol()).isEqualTo("acme-tls/1");
        assertThat(h.certificate().getSubjectAlternativeNames()).containsExactly(List.of(2, "alpn.test"));
        assertThat(h.certificate().getCriticalExtensionOIDs()).contains("1.3.6.1.5.5.7.1.31", "2.5.29.17");
        byte[] extension = ASN1OctetString.getInstance(h.certificate().getExtensionValue("1.3.6.1.5.5.7.1.31"))
                .getOctets();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest("tok.thumb".getBytes(StandardCharsets.UTF_8));
        assertThat(ASN1OctetString.getInstance(extension).getOctets()).isEqualTo(expected);
        h.certificate().verify(h.certificate().getPublicKey());

        assertThat(call("/del-tlsalpn01", "{\"host\":\"alpn.test\"}")).isEqualTo(200);
        assertThat(Probes.tls(server.tlsAlpn01Port(), "alpn.test", "acme-tls/1").failure())
                .isNotNull();
    }

    @Test
    void tlsAlpn01HandshakeFailsForAnotherSniOrWhenMoreThanAcmeTlsIsOffered() {
        call("/add-tlsalpn01", "{\"host\":\"alpn.test\",\"content\":\"k\"}");
        assertThat(Probes.tls(server.tlsAlpn01Port(), "other.test", "acme-tls/1")
                        .failure())
                .isNotNull();
        assertThat(Probes.tls(server.tlsAlpn01Port(), "alpn.test", "h2", "acme-tls/1")
                        .failure())
                .isNotNull();
        assertThat(Probes.tls(server.tlsAlpn01Port(), "alpn.test", "http/1.1").failure())
                .isNotNull();
        assertThat(Probes.tls(server.tlsAlpn01Port(), "alpn.test").failure()).isNotNull();
    }

    @Test
    void reverseNameGetsAnIpAddressSan() throws Exception {
        call("/add-tlsalpn01", "{\"host\":\"1.0.0.127.in-addr.arpa\",\"content\":\"k\"}");
        Handshake h = Probes.tls(server.tlsAlpn01Port(), "1.0.0.127.in-addr.arpa", "acme-tls/1");
        assertThat(h.failure()).isNull();
        assertThat(h.certificate().getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
    }

    @Test
    void requestHistoryRecordsEachKindPerHostAndIsClearedPerType() {
        get(URI.create("http://127.0.0.1:" + server.http01Port() + "/.well-known/acme-challenge/x?y=z"));
        dns("Hist.Test", Type.TXT);
        call("/add-tlsalpn01", "{\"host\":\"hist.test\",\"content\":\"k\"}");
        Probes.tls(server.tlsAlpn01Port(), "hist.test", "acme-tls/1");

        Probes.Reply http = post(api, "/http-request-history", "{\"host\":\"127.0.0.1\"}");
        assertThat(http.status()).isEqualTo(200);
        assertThat(http.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(http.body())
                .contains(
                        "\"URL\": \"/.well-known/acme-challenge/x?y=z\"",
                        "\"HTTPS\": false",
                        "\"Method\": \"GET\"",
                        "\"X-Probe\": [");
        assertThat(post(api, "/dns-request-history", "{\"host\":\"hist.test\"}").body())
                .isEqualTo("[\n   {\n      \"Question\": {\n         \"Name\": \"Hist.Test.\",\n"
                        + "         \"Qtype\": 16,\n         \"Qclass\": 1\n      }\n   }\n]");
        assertThat(post(api, "/tlsalpn01-request-history", "{\"host\":\"hist.test\"}")
                        .body())
                .isEqualTo("[\n   {\n      \"ServerName\": \"hist.test\",\n      \"SupportedProtos\": [\n"
                        + "         \"acme-tls/1\"\n      ]\n   }\n]");

        assertThat(call("/clear-request-history", "{\"host\":\"hist.test\",\"type\":\"dns\"}"))
                .isEqualTo(200);
        assertThat(post(api, "/dns-request-history", "{\"host\":\"hist.test\"}").body())
                .isEqualTo("[]");
        assertThat(post(api, "/tlsalpn01-request-history", "{\"host\":\"hist.test\"}")
                        .body())
                .isNotEqualTo("[]");
        assertThat(call("/clear-request-history", "{\"host\":\"127.0.0.1\",\"type\":\"http\"}"))
                .isEqualTo(200);
        assertThat(call("/clear-request-history", "{\"host\":\"hist.test\",\"type\":\"tlsalpn\"}"))
                .isEqualTo(200);
        assertThat(post(api, "/http-request-history", "{\"host\":\"127.0.0.1\"}")
                        .body())
                .isEqualTo("[]");
        assertThat(post(api, "/tlsalpn01-request-history", "{\"host\":\"hist.test\"}")
                        .body())
                .isEqualTo("[]");
        assertThat(call("/clear-request-history", "{\"host\":\"hist.test\",\"type\":\"smtp\"}"))
                .isEqualTo(400);
    }

    @Test
    void badRequestsGetPebblesStatusCodes() {
        Probes.Reply empty = post(api, "/set-txt", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).isEqualTo("Expected JSON POST body, was empty\n");
        assertThat(call("/set-txt", "not json")).isEqualTo(400);
        assertThat(call("/set-txt", "{\"host\":\"a.test\",\"value\":5}")).isEqualTo(400);
        assertThat(post(api, "/set-txt", "{\"host\":\"a.test\"}"))
                .extracting(Probes.Reply::status, Probes.Reply::body)
                .containsExactly(400, "");
        assertThat(call("/add-a", "{\"host\":\"a.test\",\"addresses\":[]}")).isEqualTo(400);
        assertThat(call("/add-http01", "{\"token\":\"t\"}")).isEqualTo(400);
        assertThat(call("/dns-request-history", "{}")).isEqualTo(400);
        assertThat(post(api, "/no-such-thing", "{}"))
                .extracting(Probes.Reply::status, Probes.Reply::body)
                .containsExactly(404, "404 page not found\n");
    }

    @Test
    void memberNamesMatchIgnoringCaseAndUnknownMembersAreIgnored() {
        assertThat(call("/set-txt", "{\"HOST\":\"case.test.\",\"Value\":\"v\",\"extra\":[1]}"))
                .isEqualTo(200);
        assertThat(dns("case.test", Type.TXT).records()).containsExactly("case.test. TXT v");
    }

    @Test
    void endpointsOfADisabledServerAre404() throws Exception {
        try (ChallTestServer dnsOnly = ChallTestServer.start(ChallTestServer.Config.loopback()
                .withHttp01(null)
                .withHttps01(null)
                .withTlsAlpn01(null))) {
            URI base = dnsOnly.managementUrl();
            assertThat(post(base, "/add-http01", "{\"token\":\"t\",\"content\":\"c\"}")
                            .status())
                    .isEqualTo(404);
            assertThat(post(base, "/add-tlsalpn01", "{\"host\":\"h\",\"content\":\"c\"}")
                            .status())
                    .isEqualTo(404);
            assertThat(post(base, "/set-txt", "{\"host\":\"h.\",\"value\":\"c\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(post(base, "/http-request-history", "{\"host\":\"h\"}").body())
                    .isEqualTo("[]");
        }
    }

    @Test
    void resetForgetsEverythingButKeepsTheConfiguredDefaults() throws Exception {
        server.dns().addTxt("r.test", "v");
        server.http01().addHttp01("t", "c");
        server.dns().setDefaultIpv4("10.9.9.9");
        server.reset();
        assertThat(dns("r.test", Type.TXT).records()).isEmpty();
        assertThat(dns("r.test", Type.A).records()).containsExactly("r.test. A 127.0.0.1");
        assertThat(server.http01().requests()).isEmpty();
        assertThat(InetAddress.getByName("127.0.0.1").isLoopbackAddress()).isTrue();
    }
}
