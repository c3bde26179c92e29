package dev.cairn.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The lifecycle every real-client test class shares: one Cairn (and mock DNS) per class,
 * started only when the client programs are installed, and a per-test check that reports a
 * skip for each test (or fails it when {@code CI} is set, see {@link ExternalTools}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealClientTest {
    protected CairnUnderTest cairn;

    /** The programs this class runs. */
    abstract String[] tools();

    /** The Cairn this class runs against. */
    CairnUnderTest startCairn() throws Exception {
        return CairnUnderTest.start();
    }

    @BeforeAll
    void startWhenClientsArePresent() throws Exception {
        if (ExternalTools.allPresent(tools())) {
            cairn = startCairn();
        }
    }

    @BeforeEach
    void requireClients() {
        ExternalTools.require(tools());
    }

    /**
     * {@code certbot certonly --standalone} for {@code names} over http-01 against this class's
     * Cairn, state under {@code dir}; returns the chain certbot saved for the first name.
     */
    Path certbotStandalone(Path dir, String... names) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "certbot",
                "certonly",
                "--standalone",
                "--non-interactive",
                "--agree-tos",
                "--register-unsafely-without-email",
                "--server",
                cairn.directoryUrl().toString(),
                "--http-01-port",
                String.valueOf(cairn.http01Port()),
                "--http-01-address",
                "127.0.0.1",
                "--config-dir",
                dir.resolve("config").toString(),
                "--work-dir",
                dir.resolve("work").toString(),
                "--logs-dir",
                dir.resolve("logs").toString()));
        for (String name : names) {
            command.add("-d");
            command.add(name);
        }
        ProcessRunner.runSuccessfully(
                command,
                Map.of("REQUESTS_CA_BUNDLE", cairn.trustAnchorPath().toString()),
                dir.resolve("process-output"));
        return dir.resolve("config/live/" + names[0] + "/fullchain.pem");
    }

    @AfterAll
    void stopCairn() {
        if (cairn != null) {
            cairn.close();
        }
    }
}
