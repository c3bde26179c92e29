package dev.cairn.validation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without a logback configuration Logback logs everything at DEBUG, and Jetty's client and
 * dnsjava then write megabytes per test and slow each request down tenfold. The project has
 * no shared {@code logback-test.xml} yet; until it does, the VA tests quieten those two.
 */
public final class QuietLogs {
    private QuietLogs() {}

    public static void apply() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext) {
            for (String name : new String[] {"org.eclipse.jetty", "org.xbill.DNS", "dev.cairn.challtestsrv"}) {
                ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
            }
        }
    }
}
