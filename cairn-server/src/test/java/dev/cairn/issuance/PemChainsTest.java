package dev.cairn.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PemChainsTest {
    private static final byte[] LEAF = {0x30, 0x03, 0x02, 0x01, 0x05};

    @Test
    void eachChainIsTheLeafsPemFollowedByItsSharedTextAndEqualsThePlainList() {
        byte[] der = LEAF.clone();
        PemChains chains = new PemChains(der, List.of("A\n", "B\n"));
        der[4] = 9; // the caller's array is copied

        String leafPem = "-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n";
        assertThat(chains).containsExactly(leafPem + "A\n", leafPem + "B\n");
        assertThat(chains).isEqualTo(List.of(leafPem + "A\n", leafPem + "B\n"));
        assertThat(List.of(leafPem + "A\n", leafPem + "B\n")).isEqualTo(chains);
        assertThat(chains.hashCode())
                .isEqualTo(List.of(leafPem + "A\n", leafPem + "B\n").hashCode());
    }

    @Test
    void itCannotBeChanged() {
        PemChains chains = new PemChains(LEAF, List.of("A\n"));
        assertThatThrownBy(() -> chains.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> chains.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> chains.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
