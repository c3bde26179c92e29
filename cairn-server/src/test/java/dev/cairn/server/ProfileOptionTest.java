package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.issuance.KeyUsages;
import dev.cairn.issuance.KeyUsages.Purpose;
import dev.cairn.issuance.KeyUsages.Usage;
import dev.cairn.issuance.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --profile NAME:LIFETIME[:nocn][:ip][:ku=..][:eku=..]}. */
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
        assertThatThrownBy(() -> Main.profile("x:1d:wat"))
                .hasMessageContaining("'wat'")
                .hasMessageContaining("nocn, ip");
        assertThatThrownBy(() -> Main.profile("x")).hasMessageContaining("NAME:LIFETIME");
    }

    @Test
    void anUnknownDefaultProfileStopsStartUp() {
        assertThatThrownBy(() ->
                        new CairnConfig.Ca(CairnConfig.Ca.defaults().keyAlgorithm(), 1, 1, java.util.List.of(), "nope"))
                .hasMessageContaining("nope");
    }

    @Test
    void kuAndEkuFlagsSetTheKeyUsagesInAnyCaseAndOrder() {
        Profile p = Main.profile("mtls:30d:eku=serverAuth+CLIENTAUTH:nocn:ku=digitalsignature+keyEncipherment");

        assertThat(p.usages().keyUsages()).containsExactlyInAnyOrder(Usage.DIGITAL_SIGNATURE, Usage.KEY_ENCIPHERMENT);
        assertThat(p.usages().extendedKeyUsages()).containsExactly(Purpose.SERVER_AUTH, Purpose.CLIENT_AUTH);
        assertThat(p.commonName()).isFalse();
        assertThat(p.description()).contains("keyEncipherment (RSA keys)").contains("serverAuth, clientAuth");
    }

    @Test
    void contentCommitmentIsTheNewNameOfNonRepudiation() {
        assertThat(Main.profile("sign:1d:ku=contentCommitment").usages().keyUsages())
                .containsExactly(Usage.NON_REPUDIATION);
    }

    @Test
    void withoutKuOrEkuAnOperatorProfileGetsTheClassicUsagesAndABuiltInsNameKeepsItsOwn() {
        assertThat(Main.profile("internal:30d").usages()).isEqualTo(KeyUsages.CLASSIC);
        assertThat(Main.profile("tlsserver:30d:nocn").usages()).isEqualTo(KeyUsages.TLS_SERVER);
        assertThat(Main.profile("tlsserver:30d:eku=clientAuth").usages())
                .isEqualTo(new KeyUsages(Set.of(Usage.DIGITAL_SIGNATURE), List.of(Purpose.CLIENT_AUTH)));
    }

    @Test
    void unknownUsageNamesAreRefusedNamingTheOnesThatExist() {
        assertThatThrownBy(() -> Main.profile("x:1d:ku=digitalSignature+sorcery"))
                .hasMessageContaining("--profile 'x:1d:ku=digitalSignature+sorcery'")
                .hasMessageContaining("unknown key usage 'sorcery'")
                .hasMessageContaining("digitalSignature, nonRepudiation, keyEncipherment");
        assertThatThrownBy(() -> Main.profile("x:1d:ku=digitalSignature+keyCertSign"))
                .hasMessageContaining("not a CA");
        assertThatThrownBy(() -> Main.profile("x:1d:eku=codeSigning"))
                .hasMessageContaining("'codeSigning'")
                .hasMessageContaining("serverAuth, clientAuth");
        assertThatThrownBy(() -> Main.profile("x:1d:eku=")).hasMessageContaining("empty name");
        assertThatThrownBy(() -> Main.profile("x:1d:ku=digitalSignature++keyAgreement"))
                .hasMessageContaining("empty name");
    }

    @Test
    void keyUsagesThatWouldLeaveSomeKeysWithoutAnyUsageAreRefused() {
        assertThatThrownBy(() -> Main.profile("rsaonly:1d:ku=keyEncipherment"))
                .hasMessageContaining("must include digitalSignature or nonRepudiation");
        assertThatThrownBy(() -> Main.profile("ecdh:1d:ku=keyAgreement"))
                .hasMessageContaining("must include digitalSignature or nonRepudiation");
    }

    @Test
    void aFlagGivenTwiceIsRefused() {
        assertThatThrownBy(() -> Main.profile("x:1d:ku=digitalSignature:ku=nonRepudiation"))
                .hasMessageContaining("repeated");
    }

    @Test
    void aBadProfileStopsServeWithOneClearLine() {
        EabOptionsTest.Run run = EabOptionsTest.serve("--profile", "x:1d:eku=serverAuth+smartCardLogon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--profile 'x:1d:eku=serverAuth+smartCardLogon'")
                .contains("'smartCardLogon'")
                .doesNotContain("Exception");
    }

    @Test
    void profilesWithUsagesComeFromTheConfigFileToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cairn.json");
        Files.writeString(
                file,
                "{\"profile\": [\"mtls:30d:nocn:eku=serverAuth+clientAuth\","
                        + " \"legacy:90d:ku=digitalSignature+keyEncipherment\"]}");
        List<Profile> profiles = TestModeOptionsTest.config(Map.of(), "--config", file.toString(), "--in-memory")
                .ca()
                .profiles();

        assertThat(profiles).extracting(Profile::name).containsExactly("mtls", "legacy");
        assertThat(profiles.get(0).usages().extendedKeyUsages())
                .containsExactly(Purpose.SERVER_AUTH, Purpose.CLIENT_AUTH);
    }
}
