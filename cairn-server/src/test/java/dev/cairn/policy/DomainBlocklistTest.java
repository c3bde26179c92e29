package dev.cairn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --block-domain}: whole trailing labels, like Pebble's domainBlocklist. */
class DomainBlocklistTest {
    private final IdentifierPolicy policy = new IdentifierPolicy(100, List.of("Blocked.Example."));

    private void assertBlocked(String name) {
        assertThatThrownBy(() -> policy.normalize(List.of(Identifier.dns(name))))
                .isInstanceOfSatisfying(AcmeProblem.class, p -> {
                    assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER);
                    assertThat(p.subproblems()).singleElement().satisfies(s -> {
                        assertThat(s.identifier()).isEqualTo(Identifier.dns(name));
                        assertThat(s.detail()).contains("blocked.example");
                    });
                });
    }

    @Test
    void theNameItselfAndEveryNameUnderItAreBlocked() {
        assertBlocked("blocked.example");
        assertBlocked("a.b.blocked.example");
        assertBlocked("*.blocked.example");
        assertBlocked("WWW.BLOCKED.EXAMPLE");
    }

    @Test
    void namesThatOnlyEndWithTheSameCharactersAreNotBlocked() {
        assertThat(policy.normalize(List.of(Identifier.dns("notblocked.example"), Identifier.dns("www.example"))))
                .hasSize(2);
    }

    @Test
    void ipIdentifiersAreNotAffected() {
        assertThat(policy.normalize(List.of(Identifier.ip("127.0.0.1")))).hasSize(1);
    }
}
