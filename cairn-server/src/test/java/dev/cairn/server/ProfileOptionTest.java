package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.issuance.Profile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --profile NAME:LIFETIME[:nocn][:ip]}. */
class ProfileOptionTest {
    @Test
    void nameLifetimeAndFlagsBecomeAProfile() {
        Profile p = Main.profile("internal:30d:nocn:ip");

        assertThat(p.name()).isEqualTo("internal");
        assertThat(p.lifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(p.commonName()).isFalse();
        assertThat(p.ipAllowed()).isTrue();
    }

    @Test
    void withoutFlagsTheProfileHasACommonNameAndNoIpAddresses() {
        Profile p = Main.profile("long:100d");

        assertThat(p.commonName()).isTrue();
        assertThat(p.ipAllowed()).isFalse();
    }

    @Test
    void anUnknownFlagOrAMissingLifetimeIsRefused() {
        assertThatThrownBy(() -> Main.profile("x:1d:wat")).hasMessageContaining("nocn or ip");
        assertThatThrownBy(() -> Main.profile("x")).hasMessageContaining("NAME:LIFETIME");
    }

    @Test
    void anUnknownDefaultProfileStopsStartUp() {
        assertThatThrownBy(() ->
                        new CairnConfig.Ca(CairnConfig.Ca.defaults().keyAlgorithm(), 1, 1, java.util.List.of(), "nope"))
                .hasMessageContaining("nope");
    }
}
