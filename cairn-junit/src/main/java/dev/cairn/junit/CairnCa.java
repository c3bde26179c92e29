package dev.cairn.junit;

import dev.cairn.challtestsrv.ChallTestServer;
import dev.cairn.conformance.ConformanceReport;
import dev.cairn.faults.Fault;
import dev.cairn.server.CairnServer;
import dev.cairn.server.Main;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cairn test CA running in this JVM, with its challenge test server (mock DNS, http-01 and
 * tls-alpn-01 responders) beside it, all on free loopback ports. This is what a test gets from
 * {@link CairnExtension}; it can also be started and closed by hand.
 *
 * <p>The CA resolves every name through the mock DNS, which answers 127.0.0.1 for any name
 * unless told otherwise, so http-01 and tls-alpn-01 validations reach the responders here: put
 * the key authorization into {@link #challenges()} and trigger the challenge.
 */
public final class CairnCa implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CairnCa.class);

    private final ChallTestServer challenges;
    private final CairnServer server;
    private final CairnClock clock;
    private final List<Fault> initialFaults;

    private CairnCa(ChallTestServer challenges, CairnServer server, CairnClock clock) {
        this.challenges = challenges;
        this.server = server;
        this.clock = clock;
        this.initialFaults = List.copyOf(server.faults().faults());
    }

    /**
     * Starts a CA in test mode with {@code serve} options ({@code --always-valid}, {@code --fault
     * newOrder:503:10}, {@code --cert-lifetime 1h}, ...; see Cairn's README). Listeners, DNS resolver
     * and challenge ports are chosen here unless the options name them. A bad option is an {@link
     * IllegalArgumentException} that names it.
     */
    public static CairnCa start(String... serveOptions) throws Exception {
        return start(Arrays.asList(serveOptions));
    }

    public static CairnCa start(List<String> serveOptions) throws Exception {
        long started = System.nanoTime();
        ChallTestServer challenges = ChallTestServer.start(ChallTestServer.Config.loopback());
        try {
            List<String> options = new ArrayList<>(serveOptions);
            addUnlessGiven(options, "--test");
            addUnlessGiven(options, "--listen", "127.0.0.1:0");
            addUnlessGiven(options, "--admin-listen", "127.0.0.1:0");
            addUnlessGiven(options, "--dns-resolver", "127.0.0.1:" + challenges.dnsPort());
            addUnlessGiven(options, "--http01-port", Integer.toString(challenges.http01Port()));
            addUnlessGiven(options, "--tlsalpn01-port", Integer.toString(challenges.tlsAlpn01Port()));
            CairnClock clock = new CairnClock(Clock.systemUTC());
            CairnServer server = CairnServer.start(Main.serveConfig(options), clock);
            LOG.info(
                    "Cairn test CA at {} started in-process in {} ms",
                    server.directoryUrl(),
                    (System.nanoTime() - started) / 1_000_000);
            return new CairnCa(challenges, server, clock);
        } catch (Exception | Error e) {
            challenges.close();
            throw e;
        }
    }

    private static void addUnlessGiven(List<String> options, String name, String... value) {
        boolean given = options.stream().anyMatch(o -> o.equals(name) || o.startsWith(name + "="));
        if (!given) {
            options.add(name);
            options.addAll(List.of(value));
        }
    }

    /** The ACME directory URL to point a client at. */
    public URI directoryUrl() {
        return server.directoryUrl();
    }

    /** The root that the HTTPS listener's certificate chains to; trust it in the client. */
    public X509Certificate trustAnchor() {
        return server.trustAnchor();
    }

    /** The same root as a PEM file, for clients configured by path. */
    public Path trustAnchorPem() {
        return server.trustAnchorPath();
    }

    /** A key store holding only {@link #trustAnchor()}. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("cairn-listener-root", server.trustAnchor());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** TLS that trusts only this CA's listener (no global SSL settings are changed). */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /** The roots that issued certificates chain to (the first is the default chain's). */
    public List<X509Certificate> issuingRoots() {
        return server.certificateAuthority().roots();
    }

    /** The mock DNS and the http-01 and tls-alpn-01 responders the CA validates against. */
    public ChallTestServer challenges() {
        return challenges;
    }

    /** The management API's base URL (roots, certificate status, faults, EAB keys, ...). */
    public URI managementUrl() {
        return server.adminUrl();
    }

    /** The CA's clock: move it to see certificates, orders and authorizations age. */
    public CairnClock clock() {
        return clock;
    }

    /**
     * Replaces the injected faults, each as {@code --fault} takes it ({@code ENDPOINT:503|429|500:PERCENT}),
     * e.g. {@code "newOrder:503:100"}. No arguments: no faults.
     */
    public void injectFaults(String... faults) {
        server.faults().replace(Arrays.stream(faults).map(Fault::parse).toList());
    }

    /** The faults now in force. */
    public List<String> faults() {
        return server.faults().faults().stream().map(Fault::toString).toList();
    }

    /**
     * What the CA saw the client do wrong as one account, named by its URL (the {@code kid}) or
     * id, or {@code "anonymous"} for requests no account could be told from. A client's test
     * asserts {@code ca.report(accountUrl).clean()}.
     *
     * @throws java.util.NoSuchElementException when no such account exists
     */
    public ConformanceReport report(String account) {
        return server.conformanceReport(account);
    }

    /** Forgets every client's report. */
    public void clearReports() {
        server.conformance().clearAll();
    }

    /** The running server, for what this class does not cover. */
    public CairnServer server() {
        return server;
    }

    /** Undoes what one test may have changed for the next: the clock and the faults. */
    void resetBetweenTests() {
        clock.reset();
        server.faults().replace(initialFaults);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            challenges.close();
        }
    }
}
