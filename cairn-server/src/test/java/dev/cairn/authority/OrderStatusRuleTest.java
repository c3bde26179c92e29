package dev.cairn.authority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import dev.cairn.protocol.Problem;
import dev.cairn.protocol.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8555 §7.1.6, as a table of named cases. */
class OrderStatusRuleTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofHours(1));
    private static final Instant EARLIER = NOW.minus(Duration.ofHours(1));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "one pending authorization",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.PENDING, LATER)),
                        OrderStatus.PENDING),
                Arguments.of(
                        "all authorizations valid",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.VALID, LATER), authz(AuthorizationStatus.VALID, LATER)),
                        OrderStatus.READY),
                Arguments.of(
                        "one valid, one pending",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.VALID, LATER), authz(AuthorizationStatus.PENDING, LATER)),
                        OrderStatus.PENDING),
                Arguments.of(
                        "one invalid authorization",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.VALID, LATER), authz(AuthorizationStatus.INVALID, LATER)),
                        OrderStatus.INVALID),
                Arguments.of(
                        "one deactivated authorization",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.DEACTIVATED, LATER)),
                        OrderStatus.INVALID),
                Arguments.of(
                        "one revoked authorization",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.REVOKED, LATER)),
                        OrderStatus.INVALID),
                Arguments.of(
                        "a valid authorization that expired",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.VALID, EARLIER)),
                        OrderStatus.INVALID),
                Arguments.of(
                        "a pending authorization that expired",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(authz(AuthorizationStatus.PENDING, NOW)),
                        OrderStatus.INVALID),
                Arguments.of(
                        "the order itself expired",
                        OrderStatus.PENDING,
                        EARLIER,
                        List.of(authz(AuthorizationStatus.VALID, LATER)),
                        OrderStatus.INVALID),
                Arguments.of(
                        "processing stays processing",
                        OrderStatus.PROCESSING,
                        LATER,
                        List.of(authz(AuthorizationStatus.VALID, LATER)),
                        OrderStatus.PROCESSING),
                Arguments.of(
                        "valid is final even after expiry",
                        OrderStatus.VALID,
                        EARLIER,
                        List.of(authz(AuthorizationStatus.VALID, EARLIER)),
                        OrderStatus.VALID),
                Arguments.of(
                        "invalid is final",
                        OrderStatus.INVALID,
                        LATER,
                        List.of(authz(AuthorizationStatus.VALID, LATER)),
                        OrderStatus.INVALID),
                Arguments.of(
                        "no authorizations is never ready",
                        OrderStatus.PENDING,
                        LATER,
                        List.of(),
                        OrderStatus.PENDING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void statusFollowsRfc8555StateMachine(
            String name, OrderStatus phase, Instant expires, List<Authorization> authzs, OrderStatus expected) {
        assertThat(OrderStatusRule.statusOf(order(phase, expires), authzs, NOW)).isEqualTo(expected);
    }

    @Test
    void invalidOrderCarriesTheFailedChallengesProblem() {
        Problem seen = Problem.of(ProblemType.INCORRECT_RESPONSE, "wrong body");
        Challenge failed = new Challenge(
                "c",
                dev.cairn.protocol.ChallengeType.HTTP_01,
                "t",
                dev.cairn.protocol.ChallengeStatus.INVALID,
                null,
                seen);
        Authorization authz = new Authorization(
                "a", "acct", Identifier.dns("a.test"), false, AuthorizationStatus.INVALID, LATER, List.of(failed), 0);
        assertThat(OrderStatusRule.errorOf(order(OrderStatus.PENDING, LATER), List.of(authz), NOW))
                .isEqualTo(seen);
    }

    @Test
    void expiredOrderSaysItExpired() {
        Problem error = OrderStatusRule.errorOf(order(OrderStatus.PENDING, EARLIER), List.of(), NOW);
        assertThat(error.detail()).contains("expired");
    }

    @Test
    void pendingOrderHasNoError() {
        assertThat(OrderStatusRule.errorOf(
                        order(OrderStatus.PENDING, LATER), List.of(authz(AuthorizationStatus.PENDING, LATER)), NOW))
                .isNull();
    }

    private static Order order(OrderStatus phase, Instant expires) {
        return new Order(
                "o",
                "acct",
                phase,
                EARLIER,
                expires,
                List.of(Identifier.dns("a.test")),
                List.of("a"),
                null,
                null,
                phase == OrderStatus.INVALID ? Problem.of(ProblemType.SERVER_INTERNAL, "x") : null,
                null,
                null,
                null,
                0);
    }

    private static Authorization authz(AuthorizationStatus status, Instant expires) {
        return new Authorization("a", "acct", Identifier.dns("a.test"), false, status, expires, List.of(), 0);
    }
}
