package dev.cairn.web.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlgorithmPolicyTest {

    @ParameterizedTest(name = "{0} with a {1} key")
    @CsvSource({"RS256, RSA2048", "ES256, P-256", "ES384, P-384", "ES512, P-521", "EdDSA, Ed25519"})
    void acceptsTheAlgorithmThatFitsTheKey(String alg, String kind) {
        assertThatCode(() -> AlgorithmPolicy.check(alg, TestJws.key(kind).getPublic()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} with a {1} key")
    @CsvSource({
        "none, P-256",
        "HS256, P-256",
        "HS512, RSA2048",
        "PS256, RSA2048",
        "RS384, RSA2048",
        "ES256K, P-256",
        "es256, P-256",
        "'', P-256",
        "ES384, P-256",
        "ES256, P-384",
        "ES256, P-521",
        "RS256, P-256",
        "ES256, RSA2048",
        "EdDSA, P-256",
        "ES256, Ed25519"
    })
    void refusesOtherAlgorithmsWithTheAcceptedList(String alg, String kind) {
        assertThatThrownBy(() -> AlgorithmPolicy.check(alg, TestJws.key(kind).getPublic()))
                .isInstanceOfSatisfying(AcmeProblem.class, p -> {
                    assertThat(p.type()).isEqualTo(ProblemType.BAD_SIGNATURE_ALGORITHM);
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.algorithms()).containsExactly("RS256", "ES256", "ES384", "ES512", "EdDSA");
                    assertThat(p.detail()).contains(alg);
                });
    }
}
