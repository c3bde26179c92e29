package dev.cairn.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Cairn's logging set up in code, found by Logback through its {@link Configurator} service.
 * Parsing an XML configuration cost about 0.4 s of every start-up (Joran and an XML parser),
 * which matters for a test CA that should answer within a second of launch. A {@code
 * logback-test.xml} or {@code logback.xml} on the class path (tests, operators) still wins.
 *
 * <p>INFO to standard error; Jetty and dnsjava at WARN; Flyway and Hikari at WARN because they
 * print JDBC URLs, which may carry credentials; the validator's trust-all HTTP client warning
 * is expected (RFC 8555 §8.3 redirects to https are not certificate-checked) and kept quiet.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogSetup.class.getClassLoader();
        if (loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        for (String quiet : new String[] {"org.eclipse.jetty", "org.xbill.DNS", "org.flywaydb", "com.zaxxer.hikari"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        context.getLogger("org.eclipse.jetty.util.ssl.SslContextFactory.config").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
