package dev.cairn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierPolicyTest {
    private final IdentifierPolicy policy = new IdentifierPolicy(100);

    private Identifier one(Identifier id) {
        List<Identifier> out = policy.normalize(List.of(id));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private AcmeProblem refusal(Identifier... ids) {
        List<Identifier> list = Arrays.asList(ids);
        try {
            policy.normalize(list);
        } catch (AcmeProblem p) {
            assertThat(p.identifier())
                    .as("never an identifier at the top level")
                    .isNull();
            return p;
        }
        throw new AssertionError("expected a problem for " + list);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "example.com, example.com",
        "WWW.Example.COM, www.example.com",
        "*.example.com, *.example.com",
        "a.test, a.test",
        "foo.internal, foo.internal",
        "x.localhost, x.localhost",
        "www.example, www.example",
        "no.such.invalid, no.such.invalid",
        "a-b.c-d.example.org, a-b.c-d.example.org",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "foo.github.io, foo.github.io",
        "*.foo.co.uk, *.foo.co.uk",
        "1a.example.com, 1a.example.com",
        "a.b.c.d.e.f.example, a.b.c.d.e.f.example"
    })
    void acceptsAndNormalisesDnsNames(String value, String expected) {
        assertThat(one(Identifier.dns(value))).isEqualTo(Identifier.dns(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                          | empty",
                "example.com.                | remove the trailing dot",
                "a..example.com              | empty label",
                ".example.com                | empty label",
                "-a.example.com              | starts or ends with '-'",
                "a-.example.com              | starts or ends with '-'",
                "a_b.example.com             | contains '_'",
                "a b.example.com             | contains ' '",
                "a.*.example.com             | misplaced '*'",
                "*example.com                | misplaced '*'",
                "**.example.com              | misplaced '*'",
                "*.*.example.com             | misplaced '*'",
                "xn--zz.example.com          | not valid punycode",
                "xn--a.example.com           | not valid punycode",
                "bücher.example              | xn--bcher-kva.example",
                "example.123                 | all-numeric"
            })
    void refusesMalformedDnsNames(String value, String detail) {
        AcmeProblem p = refusal(Identifier.dns(value));
        assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
        assertThat(p.detail()).contains(detail);
        assertThat(p.subproblems())
                .singleElement()
                .satisfies(s -> assertThat(s.identifier()).isEqualTo(Identifier.dns(value)));
    }

    @Test
    void refusesOverlongLabelsAndNames() {
        String label64 = "a".repeat(64);
        assertThat(refusal(Identifier.dns(label64 + ".example.com")).detail()).contains("at most 63");
        String name254 = ("a".repeat(62) + ".").repeat(4) + "ab";
        assertThat(name254).hasSize(254);
        assertThat(refusal(Identifier.dns(name254)).detail()).contains("at most 253");
        String name253 = ("a".repeat(62) + ".").repeat(4) + "a";
        assertThat(one(Identifier.dns(name253)).value()).hasSize(253);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "com               | bare top-level domain",
                "test              | bare top-level domain",
                "*.com             | bare top-level domain",
                "co.uk             | public suffix",
                "*.co.uk           | public suffix",
                "github.io         | public suffix",
                "*.github.io       | public suffix",
                "s3.amazonaws.com  | public suffix",
                "192.0.2.1         | use an identifier of type ip",
                "2001:db8::1       | use an identifier of type ip",
                "[2001:db8::1]     | use an identifier of type ip"
            })
    void rejectsNamesCairnWillNotIssueFor(String value, String detail) {
        AcmeProblem p = refusal(Identifier.dns(value));
        assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER);
        assertThat(p.detail()).contains(detail);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:DB8:0:0::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8::1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "::1, ::1",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221"
    })
    void acceptsAndCanonicalisesIpAddresses(String value, String expected) {
        assertThat(one(Identifier.ip(value))).isEqualTo(Identifier.ip(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.2.3            | IPv4 dotted quad",
                "1.2.3.4.5        | IPv4 dotted quad",
                "01.2.3.4         | no leading zeros",
                "256.1.1.1        | IPv4 dotted quad",
                "1.2.3.-4         | IPv4 dotted quad",
                "0x7f.0.0.1       | IPv4 dotted quad",
                "example.com      | IPv4 dotted quad",
                "''               | IPv4 dotted quad",
                "2001:db8:::1     | not a valid IPv6",
                "2001:db8::g      | not a valid IPv6",
                "fe80::1%eth0     | zone id",
                "[2001:db8::1]    | not a valid IPv6",
                "::ffff:192.0.2.1 | send the IPv4 address 192.0.2.1"
            })
    void refusesMalformedIpAddresses(String value, String detail) {
        AcmeProblem p = refusal(Identifier.ip(value));
        assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
        assertThat(p.detail()).contains(detail);
    }

    @Test
    void removesDuplicatesAfterNormalisingKeepingFirstSeenOrder() {
        List<Identifier> out = policy.normalize(List.of(
                Identifier.dns("B.example.com"),
                Identifier.dns("a.example.com"),
                Identifier.dns("b.example.com"),
                Identifier.ip("2001:DB8::1"),
                Identifier.ip("2001:db8:0::1"),
                Identifier.dns("A.EXAMPLE.COM")));
        assertThat(out)
                .containsExactly(
                        Identifier.dns("b.example.com"), Identifier.dns("a.example.com"), Identifier.ip("2001:db8::1"));
    }

    @Test
    void aWildcardAndItsBaseAreDifferentIdentifiers() {
        assertThat(policy.normalize(List.of(Identifier.dns("*.example.com"), Identifier.dns("example.com"))))
                .hasSize(2);
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> policy.normalize(List.of())).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
            assertThat(p.detail()).contains("no identifiers");
        });
        assertThatThrownBy(() -> policy.normalize(null)).isInstanceOf(AcmeProblem.class);
    }

    @Test
    void refusesMoreIdentifiersThanTheMaximumAndSaysTheMaximum() {
        List<Identifier> many = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> many.add(Identifier.dns("n" + i + ".example.com")));
        assertThatThrownBy(() -> policy.normalize(many)).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
            assertThat(p.detail()).contains("maximum is 100");
        });
        assertThat(policy.normalize(many.subList(0, 100))).hasSize(100);
    }

    @Test
    void refusesAnUnsupportedIdentifierType() {
        AcmeProblem p = refusal(new Identifier("email", "a@example.com"));
        assertThat(p.type()).isEqualTo(ProblemType.UNSUPPORTED_IDENTIFIER);
        assertThat(p.detail()).contains("\"email\"").contains("\"dns\" or \"ip\"");
    }

    @Test
    void severalBadIdentifiersOfOneKindShareTheTopLevelType() {
        AcmeProblem p = refusal(Identifier.dns("ok.example.com"), Identifier.dns("co.uk"), Identifier.dns("com"));
        assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER);
        assertThat(p.detail()).contains("2 of 3");
        assertThat(p.subproblems())
                .extracting(AcmeProblem::identifier)
                .containsExactly(Identifier.dns("co.uk"), Identifier.dns("com"));
        assertThat(p.subproblems()).allSatisfy(s -> assertThat(s.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER));
    }

    @Test
    void severalBadIdentifiersOfDifferentKindsAreMalformedWithOneSubproblemEach() {
        AcmeProblem p =
                refusal(Identifier.dns("co.uk"), new Identifier("email", "x@example.com"), Identifier.ip("1.2.3"));
        assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
        assertThat(p.subproblems())
                .extracting(AcmeProblem::type)
                .containsExactly(
                        ProblemType.REJECTED_IDENTIFIER, ProblemType.UNSUPPORTED_IDENTIFIER, ProblemType.MALFORMED);
        assertThat(p.subproblems())
                .extracting(AcmeProblem::identifier)
                .containsExactly(
                        Identifier.dns("co.uk"), new Identifier("email", "x@example.com"), Identifier.ip("1.2.3"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"192.0.2.1", "::1", "2001:db8::1", "::ffff:1.2.3.4"})
    void recognisesIpLiterals(String value) {
        assertThat(IdentifierPolicy.isIpLiteral(value)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example.com", "1.2.3", "01.2.3.4", "fe80::1%eth0", "", "1.2.3.4.5", "::g"})
    void doesNotTakeOtherStringsForIpLiterals(String value) {
        assertThat(IdentifierPolicy.isIpLiteral(value)).isFalse();
    }
}
