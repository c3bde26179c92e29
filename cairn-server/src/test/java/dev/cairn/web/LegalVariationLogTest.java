package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cairn.server.CairnServer;
import dev.cairn.testing.LoopbackCa;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The start-up INFO line that says which variations are active, and replaying a run from its seed. */
class LegalVariationLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(CairnServer.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    List<String> variationLines() {
        return appender.list.stream()
                .filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("legal variations"))
                .toList();
    }

    /** The directory as served, with this instance's origin taken out (ports differ between runs). */
    static String directoryBody(LoopbackCa ca) throws Exception {
        String origin = ca.server().directoryUrl().toString().replace("/directory", "");
        return new RawAcme(ca.server())
                .get(ca.server().directoryUrl().toString())
                .body()
                .replace(origin, "ORIGIN");
    }

    @Test
    void startUpLogsOneLineWithEveryActiveVariationAndItsValue() throws Exception {
        try (LoopbackCa ca = Varied.start("all", "run", 42)) {
            assertThat(variationLines())
                    .containsExactly(Varied.variations("all", "run", 42).describe());
            assertThat(variationLines().get(0))
                    .startsWith("legal variations (seed 42, drawn once per run): paths=")
                    .contains(
                            "member-order=",
                            "extra-members=",
                            "nonce-shape=",
                            "retry-after=",
                            "sync=",
                            "chains=",
                            "authz-reuse=",
                            "http-version=");
        }
    }

    @Test
    void withoutVariationsNothingIsLogged() throws Exception {
        try (LoopbackCa ca = LoopbackCa.start()) {
            assertThat(variationLines()).isEmpty();
        }
    }

    @Test
    void theSameSeedReplaysTheSameServerAndAnotherSeedDoesNot() throws Exception {
        String first;
        String again;
        String other;
        try (LoopbackCa ca = Varied.start("all", "run", 9)) {
            first = directoryBody(ca);
        }
        try (LoopbackCa ca = Varied.start("all", "run", 9)) {
            again = directoryBody(ca);
        }
        try (LoopbackCa ca = Varied.start("all", "run", 10)) {
            other = directoryBody(ca);
        }
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        List<String> lines = variationLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo(lines.get(0));
        assertThat(lines.get(2)).isNotEqualTo(lines.get(0));
    }
}
