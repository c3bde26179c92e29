package dev.cairn.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevocationReasonsTest {
    @Test
    void missingReasonIsRecordedAsUnspecified() {
        assertThat(RevocationReasons.check(null)).isZero();
    }

    @ParameterizedTest(name = "subscriber may give reason {0}")
    @ValueSource(ints = {0, 1, 3, 4, 5})
    void subscriberReasonsAreAccepted(int reason) {
        assertThat(RevocationReasons.check(reason)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "reason {0} is refused")
    @ValueSource(ints = {2, 6, 7, 8, 9, 10, 11, -1, Integer.MAX_VALUE})
    void caOnlyAndUnknownReasonsAreBadRevocationReasonListingTheAllowedCodes(int reason) {
        assertThatThrownBy(() -> RevocationReasons.check(reason)).isInstanceOfSatisfying(AcmeProblem.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.BAD_REVOCATION_REASON);
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.detail())
                    .contains(
                            "0 (unspecified)",
                            "1 (keyCompromise)",
                            "3 (affiliationChanged)",
                            "4 (superseded)",
                            "5 (cessationOfOperation)");
        });
    }
}
