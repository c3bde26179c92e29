package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.challtestsrv.ChallTestServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cairn challtestsrv}'s flags, with pebble-challtestsrv's names and defaults. */
class ChallTestSrvOptionsTest {
    static ChallTestServer.Config parse(String... args) {
        ChallTestSrvCommand command = new ChallTestSrvCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void https01IsOnByDefaultOnPebblesPort() {
        ChallTestServer.Config config = parse();

        assertThat(config.https01().getPort()).isEqualTo(5003);
        assertThat(config.http01().getPort()).isEqualTo(5002);
        assertThat(config.tlsAlpn01().getPort()).isEqualTo(5001);
    }

    @Test
    void https01TakesAnAddressAndEmptyTurnsItOff() {
        InetSocketAddress bound = parse("-https01", "127.0.0.1:15003").https01();

        assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(bound.getPort()).isEqualTo(15003);
        assertThat(parse("--https01", "").https01()).isNull();
    }

    @Test
    void https01TakesOneAddressNotAList() {
        assertThatThrownBy(() -> parse("-https01", ":5003,:5004"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("-https01");
    }
}
