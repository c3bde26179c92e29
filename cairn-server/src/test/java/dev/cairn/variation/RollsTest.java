package dev.cairn.variation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.variation.VariationSettings.Scope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RollsTest {
    static final List<String> NAMES = List.of("status", "expires", "identifiers", "authorizations", "finalize");

    static Rolls rolls(long seed, Scope scope) {
        return new Rolls(Variations.choose(VariationSettings.all(scope), seed, 22));
    }

    static <T> List<T> draws(Rolls rolls, Function<Rolls, T> draw) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            out.add(draw.apply(rolls));
        }
        return out;
    }

    @Test
    void perRunEveryResponseGetsTheRunsChoice() {
        Rolls rolls = rolls(7, Scope.RUN);
        Variations v = rolls.variations();
        assertThat(new HashSet<>(draws(rolls, r -> r.memberOrder(NAMES)))).hasSize(1);
        assertThat(draws(rolls, r -> r.extraMembers(Set.of()))).allMatch(v.extraMembers()::equals);
        assertThat(draws(rolls, Rolls::retryAfter)).allMatch(v.retryAfter()::equals);
        assertThat(draws(rolls, Rolls::synchronousValidation)).allMatch(b -> b == v.syncValidation());
        assertThat(draws(rolls, Rolls::synchronousFinalization)).allMatch(b -> b == v.syncFinalization());
        assertThat(new HashSet<>(draws(rolls, r -> r.alternates(List.of(1, 2, 3)))))
                .hasSize(1);
    }

    @Test
    void perResponseTheChoicesChangeFromResponseToResponse() {
        Rolls rolls = rolls(7, Scope.REQUEST);
        assertThat(new HashSet<>(draws(rolls, r -> r.memberOrder(NAMES)))).hasSizeGreaterThan(10);
        assertThat(new HashSet<>(draws(rolls, r -> r.extraMembers(Set.of())))).hasSizeGreaterThan(20);
        assertThat(new HashSet<>(draws(rolls, r -> r.retryAfter().form()))).hasSize(3);
        assertThat(new HashSet<>(draws(rolls, Rolls::synchronousValidation))).hasSize(2);
        assertThat(new HashSet<>(draws(rolls, r -> r.alternates(List.of(1, 2, 3)))))
                .contains(List.of())
                .hasSizeGreaterThan(3);
    }

    @Test
    void perResponseDrawsReplayFromTheSeed() {
        Rolls a = rolls(11, Scope.REQUEST);
        Rolls b = rolls(11, Scope.REQUEST);
        assertThat(draws(a, r -> r.memberOrder(NAMES))).isEqualTo(draws(b, r -> r.memberOrder(NAMES)));
        assertThat(draws(a, Rolls::retryAfter)).isEqualTo(draws(b, Rolls::retryAfter));
        assertThat(draws(a, r -> r.extraMembers(Set.of()))).isEqualTo(draws(b, r -> r.extraMembers(Set.of())));
    }

    @Test
    void aMemberOrderIsAPermutationAndExtraMembersNeverShadowRealOnes() {
        Rolls rolls = rolls(3, Scope.REQUEST);
        assertThat(rolls.memberOrder(NAMES)).containsExactlyInAnyOrderElementsOf(NAMES);
        for (int i = 0; i < 200; i++) {
            assertThat(rolls.extraMembers(Set.copyOf(NAMES))).isNotEmpty().noneMatch(m -> NAMES.contains(m.name()));
        }
    }

    @Test
    void perRunMemberOrderDiffersBetweenSeeds() {
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            orders.add(rolls(seed, Scope.RUN).memberOrder(NAMES));
        }
        assertThat(orders).hasSizeGreaterThan(10);
    }
}
