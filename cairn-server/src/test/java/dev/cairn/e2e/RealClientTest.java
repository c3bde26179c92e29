package dev.cairn.e2e;

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

    @AfterAll
    void stopCairn() {
        if (cairn != null) {
            cairn.close();
        }
    }
}
