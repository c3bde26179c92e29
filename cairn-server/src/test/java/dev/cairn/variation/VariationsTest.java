package dev.cairn.variation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.variation.VariationSettings.Scope;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VariationsTest {
    static final int CORE = 22;

    static Variations all(long seed, Scope scope) {
        return Variations.choose(VariationSettings.all(scope), seed, CORE);
    }

    static <T> Set<T> across40Seeds(Function<Variations, T> choice) {
        Set<T> seen = new HashSet<>();
        LongStream.range(0, 40).forEach(seed -> seen.add(choice.apply(all(seed, Scope.RUN))));
        return seen;
    }

    @ParameterizedTest
    @EnumSource(Scope.class)
    void theSameSeedGivesTheSameChoices(Scope scope) {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            assertThat(all(seed, scope)).isEqualTo(all(seed, scope));
            assertThat(all(seed, scope).describe()).isEqualTo(all(seed, scope).describe());
        }
    }

    @Test
    void everyVariationTakesSeveralValuesAcrossSeeds() {
        assertThat(across40Seeds(Variations::paths)).hasSizeGreaterThan(30);
        assertThat(across40Seeds(v -> v.paths().nested())).containsExactlyInAnyOrder(true, false);
        assertThat(across40Seeds(
                        v -> v.paths().prefix().chars().filter(c -> c == '/').count()))
                .containsExactlyInAnyOrder(0L, 1L, 2L);
        assertThat(across40Seeds(Variations::memberOrderKey)).hasSizeGreaterThan(30);
        assertThat(across40Seeds(Variations::extraMembers)).hasSizeGreaterThan(30);
        assertThat(across40Seeds(v -> v.extraMembers().size())).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(across40Seeds(Variations::nonce)).hasSizeGreaterThan(30);
        assertThat(across40Seeds(v -> v.nonce().alphabetName())).hasSize(4);
        assertThat(across40Seeds(v -> v.retryAfter().form())).hasSize(3);
        assertThat(across40Seeds(Variations::retryAfter)).hasSizeGreaterThan(6);
        assertThat(across40Seeds(v -> List.of(v.syncValidation(), v.syncFinalization())))
                .hasSize(4);
        assertThat(across40Seeds(v -> v.chains().offered())).containsExactlyInAnyOrder(true, false);
        assertThat(across40Seeds(v -> v.chains().order())).hasSize(3);
        assertThat(across40Seeds(Variations::authzReusePercent)).containsExactlyInAnyOrder(0, 25, 50, 75, 100);
        assertThat(across40Seeds(Variations::http2)).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void turningOneVariationOnOrOffNeverChangesAnother() {
        for (long seed = 0; seed < 20; seed++) {
            Variations all = all(seed, Scope.RUN);
            Variations pathsOnly =
                    Variations.choose(new VariationSettings(EnumSet.of(Variation.PATHS), Scope.RUN), seed, CORE);
            Variations nonceAndChains = Variations.choose(
                    new VariationSettings(EnumSet.of(Variation.NONCE_SHAPE, Variation.CHAINS), Scope.RUN), seed, CORE);
            assertThat(pathsOnly.paths()).isEqualTo(all.paths());
            assertThat(nonceAndChains.nonce()).isEqualTo(all.nonce());
            assertThat(nonceAndChains.chains()).isEqualTo(all.chains());
        }
    }

    @Test
    void withNothingActiveEveryChoiceIsCairnsUsualBehaviour() {
        Variations none = Variations.choose(VariationSettings.none(), 42, CORE);
        assertThat(none.paths()).isEqualTo(PathShape.standard());
        assertThat(none.memberOrderKey()).isZero();
        assertThat(none.extraMembers()).isEmpty();
        assertThat(none.nonce()).isNull();
        assertThat(none.chains().offered()).isTrue();
        assertThat(none.chains().order()).isEqualTo(Variations.Chains.Order.AS_ISSUED);
        assertThat(none.authzReusePercent()).isEqualTo(-1);
        assertThat(none.http2()).isTrue();
        assertThat(none.describe()).isEqualTo("legal variations: none");
    }

    @Test
    void theLogLineNamesTheSeedAndEveryActiveVariationWithItsValue() {
        Variations v = all(42, Scope.RUN);
        String line = v.describe();
        assertThat(line).startsWith("legal variations (seed 42, drawn once per run): ");
        for (Variation each : Variation.values()) {
            assertThat(line).contains(each.wire() + "=");
        }
        assertThat(line)
                .contains(v.paths().prefix() + "/" + v.paths().name(PathShape.Resource.NEW_ORDER))
                .contains(v.extraMembers().get(0).name())
                .contains(v.nonce().describe())
                .contains("authz-reuse=" + v.authzReusePercent() + "%");
        assertThat(all(42, Scope.REQUEST).describe())
                .startsWith("legal variations (seed 42, drawn per response): ")
                .contains("member-order=shuffled per response");
    }

    @Test
    void onlyTheNamedVariationsAreActive() {
        Variations v = Variations.choose(VariationSettings.parse("sync, chains", "run"), 1, CORE);
        assertThat(v.describe()).contains("sync=", "chains=").doesNotContain("paths=", "nonce-shape=");
        assertThat(v.paths()).isEqualTo(PathShape.standard());
    }

    @Test
    void settingsParseAllNoneAndLists() {
        assertThat(Variation.parse("all")).isEqualTo(EnumSet.allOf(Variation.class));
        assertThat(Variation.parse("none")).isEmpty();
        assertThat(Variation.parse(null)).isEmpty();
        assertThat(Variation.parse(" Paths , member-order,"))
                .containsExactlyInAnyOrder(Variation.PATHS, Variation.MEMBER_ORDER);
        assertThat(Scope.parse("REQUEST")).isEqualTo(Scope.REQUEST);
        assertThat(Scope.parse(null)).isEqualTo(Scope.RUN);
    }

    @Test
    void anUnknownVariationIsRefusedWithTheValidNames() {
        assertThatThrownBy(() -> Variation.parse("paths,colour"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'colour'")
                .hasMessageContaining("paths, member-order, extra-members, nonce-shape, retry-after, sync, chains,"
                        + " authz-reuse, http-version");
        assertThatThrownBy(() -> Scope.parse("week"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--vary-per");
    }

    @Test
    void randomPathSegmentsAreDistinctUnreservedAndNeverTheDirectory() {
        for (long seed = 0; seed < 200; seed++) {
            PathShape shape = all(seed, Scope.RUN).paths();
            assertThat(new HashSet<>(shape.names().values())).hasSize(PathShape.Resource.values().length);
            assertThat(shape.names().values())
                    .doesNotContain("directory")
                    .allMatch(s -> s.matches("[A-Za-z][A-Za-z0-9_-]{1,7}"));
            assertThat(shape.prefix()).matches("(/[A-Za-z][A-Za-z0-9_-]{1,7}){0,2}");
        }
    }

    @Test
    void everyNonceLengthIsOneABase64urlOctetStringCanHave() {
        for (long seed = 0; seed < 200; seed++) {
            for (Scope scope : Scope.values()) {
                NonceShape shape = all(seed, scope).nonce();
                assertThat(shape.minLength())
                        .isGreaterThanOrEqualTo(CORE + shape.prefix().length());
                assertThat(shape.lengths()).isNotEmpty().allMatch(n -> n % 4 != 1);
                assertThat(shape.prefix()).matches("[" + shape.alphabet().replace("-", "\\-") + "]*");
                if (scope == Scope.RUN) {
                    assertThat(shape.minLength()).isEqualTo(shape.maxLength());
                }
            }
        }
    }

    @Test
    void extraMembersNeverTakeANameAcmeDefines() {
        Set<String> defined = Set.of("status", "type", "url", "identifier", "profiles", "meta", "detail");
        for (long seed = 0; seed < 200; seed++) {
            assertThat(all(seed, Scope.RUN).extraMembers())
                    .allSatisfy(m ->
                            assertThat(m.name()).matches("[a-z]+([A-Z][a-z]+)?").isNotIn(defined));
        }
    }
}
