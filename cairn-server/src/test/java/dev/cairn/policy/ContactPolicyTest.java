package dev.cairn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactPolicyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "mailto:admin@example.com", "MAILTO:Admin@Example.COM", "mailto:first.last+acme@mail.example.org",
                "mailto:a@b.co", "mailto:o'brien@example.ie", "mailto:x@xn--bcher-kva.example"
            })
    void acceptsAPlainMailtoAddress(String contact) {
        assertThat(ContactPolicy.check(List.of(contact))).containsExactly(contact);
    }

    @Test
    void returnsTheContactsAsGiven() {
        List<String> contacts = List.of("mailto:b@example.com", "mailto:a@example.com");
        assertThat(ContactPolicy.check(contacts)).isEqualTo(contacts);
        assertThat(ContactPolicy.check(List.of())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tel:+15551234", "https://example.com", "admin@example.com", "mail:a@example.com", ""})
    void refusesOtherSchemesSayingOnlyMailtoIsAccepted(String contact) {
        assertThatThrownBy(() -> ContactPolicy.check(List.of(contact))).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.UNSUPPORTED_CONTACT);
            assertThat(p.detail()).contains("only mailto:");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mailto:                                  | no email address",
                "mailto:admin@example.com?subject=hi       | hfields",
                "mailto:a@example.com,b@example.com        | one mailto: contact per address",
                "mailto:admin                              | exactly one '@'",
                "mailto:a@b@example.com                    | exactly one '@'",
                "mailto:@example.com                       | local part of 0",
                "mailto:admin@localhost                    | without a dot",
                "mailto:admin@example..com                 | not a valid ASCII domain",
                "mailto:admin@-example.com                 | not a valid ASCII domain",
                "mailto:admin@example.com.                 | not a valid ASCII domain",
                "mailto:admin@exa_mple.com                 | not a valid ASCII domain",
                "mailto:adm in@example.com                 | ' '",
                "mailto:.admin@example.com                 | '.'",
                "mailto:a..b@example.com                   | '.'",
                "mailto:\"a b\"@example.com                | '\"'",
                "mailto:admin%40example.com                | percent-encoded",
                "mailto:jöns@example.com                   | 'ö'",
                "mailto:admin@bücher.example               | not a valid ASCII domain"
            })
    void refusesAnInvalidMailtoSayingWhatIsWrong(String contact, String detail) {
        assertThatThrownBy(() -> ContactPolicy.check(List.of(contact))).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.INVALID_CONTACT);
            assertThat(p.detail()).contains(detail);
        });
    }

    @Test
    void refusesAnOverlongAddress() {
        String local = "a".repeat(64);
        String domain = ("b".repeat(60) + ".").repeat(3) + "example.com";
        String contact = "mailto:" + local + "@" + domain;
        assertThatThrownBy(() -> ContactPolicy.check(List.of(contact))).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.INVALID_CONTACT);
            assertThat(p.detail()).contains("maximum is 254");
        });
    }

    @Test
    void refusesAnOverlongLocalPart() {
        assertThatThrownBy(() -> ContactPolicy.check(List.of("mailto:" + "a".repeat(65) + "@example.com")))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.type()).isEqualTo(ProblemType.INVALID_CONTACT));
    }

    @Test
    void refusesMoreThanTenContactsAsMalformed() {
        List<String> eleven = Collections.nCopies(11, "mailto:a@example.com");
        assertThatThrownBy(() -> ContactPolicy.check(eleven)).isInstanceOfSatisfying(AcmeProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
            assertThat(p.detail()).contains("maximum is 10");
        });
        assertThat(ContactPolicy.check(Collections.nCopies(10, "mailto:a@example.com")))
                .hasSize(10);
    }

    @Test
    void aNullListMeansNoContacts() {
        assertThat(ContactPolicy.check(null)).isEmpty();
    }
}
