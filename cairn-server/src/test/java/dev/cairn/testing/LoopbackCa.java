package dev.cairn.testing;

import dev.cairn.challtestsrv.MockDnsServer;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * A Cairn on loopback with the peers a validation needs: a mock DNS server that answers
 * 127.0.0.1 for every name, and an http-01 responder on the port Cairn validates against.
 * Nothing leaves the machine.
 */
public final class LoopbackCa implements AutoCloseable {
    private final MockDnsServer dns;
    private final Http01Responder http01;
    private final CairnServer server;

    private LoopbackCa(MockDnsServer dns, Http01Responder http01, CairnServer server) {
        this.dns = dns;
        this.http01 = http01;
        this.server = server;
    }

    public static LoopbackCa start() throws Exception {
        return start(b -> b);
    }

    public static LoopbackCa start(UnaryOperator<CairnConfig.Builder> customize) throws Exception {
        MockDnsServer dns = new MockDnsServer().start(new InetSocketAddress("127.0.0.1", 0));
        dns.setDefaultIpv4("127.0.0.1");
        Http01Responder http01 = new Http01Responder();
        CairnServer server = CairnServer.start(customize
                .apply(CairnConfig.builder()
                        .forTests()
                        .dnsResolver(new InetSocketAddress("127.0.0.1", dns.port()))
                        .http01Port(http01.port()))
                .build());
        return new LoopbackCa(dns, http01, server);
    }

    public CairnServer server() {
        return server;
    }

    public Http01Responder http01() {
        return http01;
    }

    public MockDnsServer dns() {
        return dns;
    }

    /** TLS that trusts only this Cairn's listener root. */
    public SSLContext trustingContext() {
        return Acme4jSessions.trusting(server.trustAnchor());
    }

    /** A fresh P-256 key pair, for accounts and certificates. */
    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An acme4j login for a new account that agreed to the terms. */
    public Login newLogin() throws AcmeException {
        return new AccountBuilder()
                .agreeToTermsOfService()
                .useKeyPair(ecKey())
                .createLogin(Acme4jSessions.session(server));
    }

    /**
     * Completes {@code order} with http-01 through this CA's responder and finalizes it with a
     * fresh P-256 key; waits at most {@code wait} for each step.
     */
    public Certificate complete(Order order, Duration wait) throws AcmeException, InterruptedException {
        return complete(order, ecKey(), wait);
    }

    /** As {@link #complete(Order, Duration)}, with {@code certificateKey} as the certificate's key. */
    public Certificate complete(Order order, KeyPair certificateKey, Duration wait)
            throws AcmeException, InterruptedException {
        for (Authorization authz : order.getAuthorizations()) {
            if (authz.getStatus() != Status.VALID) {
                Http01Challenge c = authz.findChallenge(Http01Challenge.class).orElseThrow();
                http01.put(c.getToken(), c.getAuthorization());
                c.trigger();
                check(authz.waitForCompletion(wait), Status.VALID, "authorization " + authz.getLocation());
            }
        }
        check(order.waitUntilReady(wait), Status.READY, "order " + order.getLocation());
        order.execute(certificateKey);
        check(order.waitForCompletion(wait), Status.VALID, "order " + order.getLocation());
        return order.getCertificate();
    }

    private static void check(Status actual, Status expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " is " + actual + ", expected " + expected);
        }
    }

    @Override
    public void close() {
        server.close();
        http01.close();
        dns.close();
    }
}
