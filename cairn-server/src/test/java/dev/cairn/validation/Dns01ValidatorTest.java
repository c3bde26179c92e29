package dev.cairn.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Dns01ValidatorTest {
    private static final String KEY_AUTHZ = "token123.thumbprint456";
    private static final String EXPECTED = Dns01Validator.digest(KEY_AUTHZ);

    private MockDnsServer dns;
    private Dns01Validator validator;

    @BeforeAll
    static void quiet() {
        QuietLogs.apply();
    }

    @BeforeEach
    void start() throws Exception {
        dns = new MockDnsServer().start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        validator = new Dns01Validator(new DnsClient(dns.address(), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private ValidationOutcome validate(Identifier id) {
        return validator.validate(new ValidationRequest(id, ChallengeType.DNS_01, "token123", KEY_AUTHZ));
    }

    @Test
    void digestIsBase64UrlOfSha256WithoutPadding() {
        // RFC 8555 §8.4 worked example's shape: 32 bytes → 43 characters, no '='
        assertThat(EXPECTED).hasSize(43).doesNotContain("=").doesNotContain("+").doesNotContain("/");
    }

    @Test
    void oneRightValueAmongWrongOnesIsValid() {
        dns.addTxt("_acme-challenge.a.test", "stale-value-from-last-month");
        dns.addTxt("_acme-challenge.a.test", EXPECTED);
        assertThat(validate(Identifier.dns("a.test")).valid()).isTrue();
    }

    @Test
    void valueSplitAcrossTwoCharacterStringsIsJoined() {
        dns.addTxt("_acme-challenge.a.test", EXPECTED.substring(0, 20), EXPECTED.substring(20));
        assertThat(validate(Identifier.dns("a.test")).valid()).isTrue();
    }

    @Test
    void wildcardIsValidatedAtTheBaseDomain() {
        dns.setTxt("_acme-challenge.a.test", EXPECTED);
        assertThat(validate(Identifier.dns("*.a.test")).valid()).isTrue();
    }

    @Test
    void noTxtRecordIsUnauthorizedAndSaysWhatToPublish() {
        ValidationOutcome outcome = validate(Identifier.dns("a.test"));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(outcome.problem().detail())
                .contains("no TXT record found at _acme-challenge.a.test")
                .contains(EXPECTED);
    }

    @Test
    void nameThatExistsWithoutTxtIsUnauthorized() {
        dns.setDefaultIpv4("127.0.0.1");
        assertThat(validate(Identifier.dns("a.test")).problem().type()).isEqualTo(ProblemType.UNAUTHORIZED);
    }

    @Test
    void wrongValuesAreIncorrectResponseListingFoundAndExpected() {
        dns.addTxt("_acme-challenge.a.test", "wrong-one");
        dns.addTxt("_acme-challenge.a.test", "wrong-two");
        ValidationOutcome outcome = validate(Identifier.dns("a.test"));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.INCORRECT_RESPONSE);
        assertThat(outcome.problem().detail())
                .contains("wrong-one")
                .contains("wrong-two")
                .contains(EXPECTED);
    }

    @Test
    void servfailIsADnsProblem() {
        dns.setServfail("_acme-challenge.a.test");
        ValidationOutcome outcome = validate(Identifier.dns("a.test"));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.DNS);
        assertThat(outcome.problem().detail()).contains("SERVFAIL");
    }

    @Test
    void resolverThatNeverAnswersIsADnsProblem() throws Exception {
        try (var silent = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            Dns01Validator v = new Dns01Validator(
                    new DnsClient((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(300)));
            ValidationOutcome outcome =
                    v.validate(new ValidationRequest(Identifier.dns("a.test"), ChallengeType.DNS_01, "t", KEY_AUTHZ));
            assertThat(outcome.problem().type()).isEqualTo(ProblemType.DNS);
        }
    }

    @Test
    void cnameToADelegatedValidationZoneIsFollowed() {
        dns.setCname("_acme-challenge.a.test", "a.test.acme-dns.test");
        dns.setTxt("a.test.acme-dns.test", EXPECTED);
        assertThat(validate(Identifier.dns("a.test")).valid()).isTrue();
    }

    @Test
    void ipIdentifierIsMalformed() {
        ValidationOutcome outcome = validate(Identifier.ip("127.0.0.1"));
        assertThat(outcome.problem().type()).isEqualTo(ProblemType.MALFORMED);
        assertThat(dns.queries()).isEmpty();
    }
}
