package dev.cairn.web;

import dev.cairn.testing.LoopbackCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The races of {@link ConcurrencyContract} on in-memory storage. */
class ConcurrencyInMemoryTest extends ConcurrencyContract {
    static LoopbackCa ca;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    @Override
    LoopbackCa ca() {
        return ca;
    }
}
