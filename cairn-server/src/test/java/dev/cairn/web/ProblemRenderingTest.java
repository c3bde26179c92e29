package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.nonce.NonceService;
import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.ProblemType;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 7807 problem documents with only IANA-registered ACME types (RFC 8555 §6.7). */
class ProblemRenderingTest {
    /** The "ACME Error Types" registry: RFC 8555 §9.7.4, RFC 9773 §7.4, draft-ietf-acme-profiles. */
    private static final Set<String> REGISTERED = Set.of(
            "accountDoesNotExist",
            "alreadyRevoked",
            "badCSR",
            "badNonce",
            "badPublicKey",
            "badRevocationReason",
            "badSignatureAlgorithm",
            "caa",
            "compound",
            "connection",
            "dns",
            "externalAccountRequired",
            "incorrectResponse",
            "invalidContact",
            "malformed",
            "orderNotReady",
            "rateLimited",
            "rejectedIdentifier",
            "serverInternal",
            "tls",
            "unauthorized",
            "unsupportedContact",
            "unsupportedIdentifier",
            "userActionRequired",
            "alreadyReplaced",
            "invalidProfile");

    private final Replies replies = new Replies(
            new Urls(URI.create("https://ca.test")),
            new NonceService() {
                @Override
                public String issue() {
                    return "n";
                }

                @Override
                public boolean redeem(String nonce) {
                    return false;
                }
            },
            new ObjectMapper());

    @Test
    void everyProblemTypeIsRegisteredWithIana() {
        Set<String> ours =
                Arrays.stream(ProblemType.values()).map(ProblemType::code).collect(Collectors.toSet());
        assertThat(REGISTERED).containsAll(ours);
    }

    @ParameterizedTest
    @EnumSource(ProblemType.class)
    void onlyServerInternalIsA5xx(ProblemType type) {
        assertThat(type.urn()).isEqualTo("urn:ietf:params:acme:error:" + type.code());
        if (type == ProblemType.SERVER_INTERNAL) {
            assertThat(type.defaultStatus()).isEqualTo(500);
        } else {
            assertThat(type.defaultStatus()).isBetween(400, 499);
        }
    }

    @Test
    void badNonceAndBadSignatureAlgorithmUseTheStatusTheRfcRequires() {
        assertThat(ProblemType.BAD_NONCE.defaultStatus()).isEqualTo(400);
        assertThat(ProblemType.BAD_SIGNATURE_ALGORITHM.defaultStatus()).isEqualTo(400);
        assertThat(ProblemType.ALREADY_REPLACED.defaultStatus()).isEqualTo(409);
    }

    @Test
    void subproblemsCarryTheirIdentifierAndTheTopLevelNever() {
        AcmeProblem problem = AcmeProblem.of(ProblemType.REJECTED_IDENTIFIER, "two names refused")
                .withIdentifier(Identifier.dns("leaked.test"))
                .withSubproblems(List.of(
                        AcmeProblem.of(ProblemType.REJECTED_IDENTIFIER, "public suffix")
                                .withIdentifier(Identifier.dns("co.uk")),
                        AcmeProblem.of(ProblemType.MALFORMED, "bad label").withIdentifier(Identifier.dns("a..b"))));
        ObjectNode doc = replies.render(problem, true);
        assertThat(doc.get("type").asText()).isEqualTo("urn:ietf:params:acme:error:rejectedIdentifier");
        assertThat(doc.get("status").asInt()).isEqualTo(400);
        assertThat(doc.has("identifier")).isFalse();
        assertThat(doc.get("subproblems")).hasSize(2);
        assertThat(doc.get("subproblems").get(0).get("identifier").get("value").asText())
                .isEqualTo("co.uk");
        assertThat(doc.get("subproblems").get(1).get("type").asText())
                .isEqualTo("urn:ietf:params:acme:error:malformed");
    }

    @Test
    void badSignatureAlgorithmListsTheAlgorithms() {
        ObjectNode doc = replies.render(
                AcmeProblem.of(ProblemType.BAD_SIGNATURE_ALGORITHM, "no").withAlgorithms(List.of("ES256", "RS256")),
                true);
        assertThat(doc.get("algorithms").toString()).isEqualTo("[\"ES256\",\"RS256\"]");
    }

    @Test
    void overriddenStatusIsRendered() {
        ObjectNode doc = replies.render(AcmeProblem.malformed("nope").withStatus(405), true);
        assertThat(doc.get("status").asInt()).isEqualTo(405);
    }
}
