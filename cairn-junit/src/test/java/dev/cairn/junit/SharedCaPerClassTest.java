package dev.cairn.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A static registration: one CA for the class, with clock and faults put back before each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedCaPerClassTest {
    @RegisterExtension
    static final CairnExtension CAIRN = CairnExtension.withOptions("--orders-per-page", "7");

    private static final List<URI> SEEN = new ArrayList<>();

    @BeforeAll
    static void theCaIsAlreadyUpInBeforeAll(CairnCa ca) {
        SEEN.add(ca.directoryUrl());
    }

    @Test
    @Order(1)
    void firstTestChangesClockAndFaults(CairnCa ca) {
        SEEN.add(ca.directoryUrl());
        ca.clock().advance(Duration.ofDays(3));
        ca.injectFaults("newOrder:503:100");
        assertThat(ca.faults()).hasSize(1);
    }

    @Test
    @Order(2)
    void secondTestSeesTheSameCaWithClockAndFaultsReset(CairnCa ca) {
        SEEN.add(ca.directoryUrl());
        assertThat(ca.clock().offset()).isEqualTo(Duration.ZERO);
        assertThat(ca.faults()).isEmpty();
    }

    @AfterAll
    static void everyTestSawOneCa() {
        assertThat(SEEN).hasSize(3).containsOnly(SEEN.get(0));
    }
}
