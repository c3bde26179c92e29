package dev.cairn.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultTest {
    @Test
    void aRuleIsEndpointKindAndPercent() {
        Fault f = Fault.parse(" newOrder:503:50 ");
        assertThat(f).isEqualTo(new Fault("newOrder", Fault.Kind.UNAVAILABLE, 50));
        assertThat(f.toString()).isEqualTo("newOrder:503:50");
        assertThat(Fault.parse("*:429:5%").kind()).isEqualTo(Fault.Kind.RATE_LIMITED);
    }

    @Test
    void starAppliesToEveryEndpoint() {
        assertThat(Fault.parse("*:500:1").appliesTo("cert")).isTrue();
        assertThat(Fault.parse("cert:500:1").appliesTo("order")).isFalse();
    }

    @Test
    void badRulesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> Fault.parse("newOrder:503")).hasMessageContaining("ENDPOINT:KIND:PCT");
        assertThatThrownBy(() -> Fault.parse("dir:503:5")).hasMessageContaining("unknown fault endpoint");
        assertThatThrownBy(() -> Fault.parse("order:502:5")).hasMessageContaining("503, 429 or 500");
        assertThatThrownBy(() -> Fault.parse("order:500:101")).hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> Fault.parse("order:500:x")).hasMessageContaining("not a number");
    }

    @Test
    void zeroPercentNeverFiresAndHundredAlwaysDoes() {
        FaultInjector injector =
                new FaultInjector(List.of(Fault.parse("order:500:0"), Fault.parse("cert:503:100")), new Random(1));
        for (int i = 0; i < 200; i++) {
            assertThat(injector.roll("order")).isEmpty();
            assertThat(injector.roll("cert")).isPresent();
        }
    }

    @Test
    void theFirstRuleThatFiresWins() {
        FaultInjector injector =
                new FaultInjector(List.of(Fault.parse("order:429:100"), Fault.parse("*:500:100")), new Random(1));
        assertThat(injector.roll("order").orElseThrow().kind()).isEqualTo(Fault.Kind.RATE_LIMITED);
        assertThat(injector.roll("authz").orElseThrow().kind()).isEqualTo(Fault.Kind.INTERNAL);
        injector.replace(List.of());
        assertThat(injector.roll("order")).isEmpty();
    }
}
