package dev.cairn.server;

import static dev.cairn.server.TestModeOptionsTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.variation.Variation;
import dev.cairn.variation.VariationSettings;
import dev.cairn.variation.VariationSettings.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --vary} and {@code --vary-per}, from the flag, {@code CAIRN_VARY*} or the config file. */
class VariationOptionsTest {
    @TempDir
    Path dir;

    @Test
    void byDefaultNothingVaries() throws Exception {
        CairnConfig c = config(Map.of(), "--test");
        assertThat(c.testing().variation()).isEqualTo(VariationSettings.none());
    }

    @Test
    void allVariesEverythingOncePerRunUnlessAskedPerRequest() throws Exception {
        assertThat(config(Map.of(), "--test", "--vary", "all", "--seed", "5").testing())
                .satisfies(t -> assertThat(t.variation()).isEqualTo(VariationSettings.all(Scope.RUN)))
                .satisfies(t -> assertThat(t.seed()).isEqualTo(5))
                .satisfies(t -> assertThat(t.active()).isTrue());
        assertThat(config(Map.of(), "--vary", "all", "--vary-per", "request", "--in-memory")
                        .testing()
                        .variation())
                .isEqualTo(VariationSettings.all(Scope.REQUEST));
    }

    @Test
    void aListNamesTheVariations() throws Exception {
        assertThat(config(Map.of(), "--test", "--vary", "paths,nonce-shape")
                        .testing()
                        .variation()
                        .active())
                .isEqualTo(EnumSet.of(Variation.PATHS, Variation.NONCE_SHAPE));
    }

    @Test
    void theEnvironmentAndTheConfigFileNameThemToo() throws Exception {
        assertThat(config(Map.of("CAIRN_VARY", "sync", "CAIRN_VARY_PER", "request"), "--test")
                        .testing()
                        .variation())
                .isEqualTo(new VariationSettings(EnumSet.of(Variation.SYNC), Scope.REQUEST));
        Path file = dir.resolve("cairn.json");
        Files.writeString(file, "{\"vary\": [\"chains\", \"http-version\"], \"varyPer\": \"run\"}");
        assertThat(config(Map.of(), "--test", "--config", file.toString())
                        .testing()
                        .variation())
                .isEqualTo(new VariationSettings(EnumSet.of(Variation.CHAINS, Variation.HTTP_VERSION), Scope.RUN));
    }

    @Test
    void unknownNamesStopStartUpNamingTheOption() {
        assertThatThrownBy(() -> config(Map.of(), "--test", "--vary", "paths,colour"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--vary")
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> config(Map.of(), "--test", "--vary", "all", "--vary-per", "week"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--vary-per");
    }
}
