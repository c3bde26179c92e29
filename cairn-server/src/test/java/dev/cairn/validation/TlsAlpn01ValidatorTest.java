package dev.cairn.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import dev.cairn.validation.AcmeTlsResponder.CertSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlsAlpn01ValidatorTest {
    private static final String KEY_AUTHZ = "tlsToken.thumbprint";

    private MockDnsServer dns;
    private AcmeTlsResponder responder;

    @BeforeAll
    static void quiet() {
        QuietLogs.apply();
    }

    @BeforeEach
    void startDns() throws Exception {
        dns = new MockDnsServer().start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        dns.addA("a.test", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (responder != null) {
            responder.close();
        }
        dns.close();
    }

    private ValidationOutcome validate(Identifier id, int port, boolean blockPrivate) {
        ValidationConfig config = new ValidationConfig(dns.address(), 80, port, Duration.ofSeconds(3), blockPrivate);
        return new TlsAlpn01Validator(config, DnsClient.of(config))
                .validate(new ValidationRequest(id, ChallengeType.TLS_ALPN_01, "tlsToken", KEY_AUTHZ));
    }

    private ValidationOutcome validate(CertSpec spec) throws Exception {
        responder = new AcmeTlsResponder(spec);
        return validate(Identifier.dns("a.test"), responder.port(), false);
    }

    @Test
    void validCertificateOverAcmeTls1IsValidAndTheHelloCarriesSniAndOnlyAcmeTls1() throws Exception {
        ValidationOutcome outcome = validate(CertSpec.valid("a.test", KEY_AUTHZ));
        assertThat(outcome.valid()).as("%s", outcome).isTrue();
        assertThat(responder.sniSeen).containsExactly("a.test");
        assertThat(responder.alpnOffered).containsExactly(List.of("acme-tls/1"));
    }

    @Test
    void dnsNameInTheCertificateIsComparedIgnoringCase() throws Exception {
        assertThat(validate(CertSpec.valid("A.Test", KEY_AUTHZ)).valid()).isTrue();
    }

    @Test
    void responderThatIgnoresAlpnFailsWithTls() throws Exception {
        responder = new AcmeTlsResponder(CertSpec.valid("a.test", KEY_AUTHZ), offered -> "");
        ValidationOutcome outcome = validate(Identifier.dns("a.test"), responder.port(), false);
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.TLS);
        assertThat(outcome.problem().detail())
                .contains("did not negotiate")
                .contains("acme-tls/1")
                .contains("none");
    }

    @Test
    void responderThatPicksAnotherProtocolFailsWithTls() throws Exception {
        responder = new AcmeTlsResponder(CertSpec.valid("a.test", KEY_AUTHZ), offered -> "h2");
        ValidationOutcome outcome = validate(Identifier.dns("a.test"), responder.port(), false);
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.TLS);
    }

    @Test
    void certificateWithTwoSubjectAltNamesIsUnauthorized() throws Exception {
        ValidationOutcome outcome = validate(CertSpec.valid("a.test", KEY_AUTHZ)
                .withSans(
                        new GeneralName(GeneralName.dNSName, "a.test"),
                        new GeneralName(GeneralName.dNSName, "b.test")));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail()).contains("2 subjectAltNames").contains("b.test");
    }

    @Test
    void certificateForAnotherNameIsUnauthorized() throws Exception {
        ValidationOutcome outcome = validate(CertSpec.valid("other.test", KEY_AUTHZ));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail()).contains("other.test").contains("a.test");
    }

    @Test
    void nonCriticalAcmeIdentifierIsUnauthorized() throws Exception {
        ValidationOutcome outcome = validate(CertSpec.valid("a.test", KEY_AUTHZ)
                .withExtension(TlsAlpn01Validator.ID_PE_ACME_IDENTIFIER, false, Dns01Validator.sha256(KEY_AUTHZ)));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail()).contains("not marked critical");
    }

    @Test
    void wrongDigestIsIncorrectResponseShowingBoth() throws Exception {
        ValidationOutcome outcome = validate(CertSpec.valid("a.test", KEY_AUTHZ)
                .withExtension(TlsAlpn01Validator.ID_PE_ACME_IDENTIFIER, true, Dns01Validator.sha256("other")));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.INCORRECT_RESPONSE);
        assertThat(outcome.problem().detail())
                .contains(java.util.HexFormat.of().formatHex(Dns01Validator.sha256(KEY_AUTHZ)));
    }

    @Test
    void obsoleteDraftOidIsRefused() throws Exception {
        ValidationOutcome outcome = validate(CertSpec.valid("a.test", KEY_AUTHZ)
                .withExtension("1.3.6.1.5.5.7.1.30.1", true, Dns01Validator.sha256(KEY_AUTHZ)));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail()).contains("obsolete");
    }

    @Test
    void certificateWithoutTheExtensionIsUnauthorized() throws Exception {
        ValidationOutcome outcome = validate(CertSpec.valid("a.test", KEY_AUTHZ).withExtension(null, true, null));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail()).contains("no id-pe-acmeIdentifier");
    }

    @Test
    void ipIdentifierSendsTheReverseNameAsSniAndNeedsAnIpAddressSan() throws Exception {
        responder = new AcmeTlsResponder(
                CertSpec.valid("unused", KEY_AUTHZ).withSans(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        ValidationOutcome outcome = validate(Identifier.ip("127.0.0.1"), responder.port(), false);
        assertThat(outcome.valid()).as("%s", outcome).isTrue();
        assertThat(responder.sniSeen).containsExactly("1.0.0.127.in-addr.arpa");
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void ipIdentifierWithADnsNameSanIsUnauthorized() throws Exception {
        responder = new AcmeTlsResponder(CertSpec.valid("127.0.0.1", KEY_AUTHZ));
        ValidationOutcome outcome = validate(Identifier.ip("127.0.0.1"), responder.port(), false);
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail()).contains("iPAddress 127.0.0.1");
    }

    @Test
    void closedPortIsAConnectionProblem() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        ValidationOutcome outcome = validate(Identifier.dns("a.test"), closed, false);
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
        assertThat(outcome.problem().detail()).contains("127.0.0.1").contains(String.valueOf(closed));
    }

    @Test
    void unknownNameIsADnsProblem() {
        ValidationOutcome outcome = validate(Identifier.dns("missing.test"), 443, false);
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.DNS);
    }

    @Test
    void blockingPrivateAddressesRefusesLoopback() throws Exception {
        responder = new AcmeTlsResponder(CertSpec.valid("a.test", KEY_AUTHZ));
        ValidationOutcome outcome = validate(Identifier.dns("a.test"), responder.port(), true);
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.CONNECTION);
        assertThat(outcome.problem().detail()).contains("127.0.0.1 is loopback");
        assertThat(responder.sniSeen).isEmpty();
    }
}
