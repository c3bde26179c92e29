package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.CairnConfig;
import dev.cairn.testing.Acme4jSessions;
import dev.cairn.testing.LoopbackCa;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * acme4j's external account binding ({@code AccountBuilder.withKeyIdentifier}) against Cairn
 * with {@code --eab-required --eab-single-use} and keys from the configuration (RFC 8555
 * §7.3.4): the account is created, then used for a certificate; no binding and a spent key
 * id are refused with the problem types acme4j reports.
 */
class Acme4jEabEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KID_256 = "acme4j-hs256";
    private static final String KID_512 = "acme4j-hs512";
    private static final String KID_SPENT = "acme4j-spent";
    private static final String KEY_256 = randomKey(32);
    private static final String KEY_512 = randomKey(64);
    private static final String KEY_SPENT = randomKey(32);

    static LoopbackCa ca;
    static Session session;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start(b -> b.meta(CairnConfig.Meta.defaults().withExternalAccountRequired(true))
                .eab(new CairnConfig.Eab(true, Map.of(KID_256, KEY_256, KID_512, KEY_512, KID_SPENT, KEY_SPENT))));
        session = Acme4jSessions.session(ca.server());
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void acme4jSeesThatTheDirectoryRequiresAnExternalAccount() throws Exception {
        assertThat(session.getMetadata().isExternalAccountRequired()).isTrue();
    }

    @Test
    void acme4jCreatesABoundAccountWithKeyIdentifierAndGetsACertificate() throws Exception {
        Account account = new AccountBuilder()
                .agreeToTermsOfService()
                .withKeyIdentifier(KID_256, KEY_256)
                .useKeyPair(ecKey())
                .create(session);
        assertThat(account.getStatus()).isEqualTo(Status.VALID);
        assertThat(account.hasExternalAccountBinding()).isTrue();
        assertThat(account.getKeyIdentifier()).hasValue(KID_256);

        Order order = account.newOrder().domain("eab.cairn.test").create();
        for (Authorization authz : order.getAuthorizations()) {
            Http01Challenge challenge =
                    authz.findChallenge(Http01Challenge.class).orElseThrow();
            ca.http01().put(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.getCertificate()
                        .getCertificate()
                        .getSubjectX500Principal()
                        .getName())
                .contains("eab.cairn.test");
    }

    @Test
    void acme4jBindsWithHs512() throws Exception {
        Account account = new AccountBuilder()
                .agreeToTermsOfService()
                .withKeyIdentifier(KID_512, KEY_512)
                .withMacAlgorithm("HS512")
                .useKeyPair(ecKey())
                .create(session);
        assertThat(account.hasExternalAccountBinding()).isTrue();
    }

    @Test
    void acme4jWithoutABindingIsToldAnExternalAccountIsRequired() {
        assertThatThrownBy(() -> new AccountBuilder()
                        .agreeToTermsOfService()
                        .useKeyPair(ecKey())
                        .create(session))
                .isInstanceOfSatisfying(
                        AcmeServerException.class,
                        e -> assertThat(e.getType())
                                .isEqualTo(URI.create("urn:ietf:params:acme:error:externalAccountRequired")));
    }

    @Test
    void acme4jCannotBindASecondAccountToASingleUseKeyId() throws Exception {
        new AccountBuilder()
                .agreeToTermsOfService()
                .withKeyIdentifier(KID_SPENT, KEY_SPENT)
                .useKeyPair(ecKey())
                .create(session);
        assertThatThrownBy(() -> new AccountBuilder()
                        .agreeToTermsOfService()
                        .withKeyIdentifier(KID_SPENT, KEY_SPENT)
                        .useKeyPair(ecKey())
                        .create(session))
                .isInstanceOfSatisfying(
                        AcmeServerException.class,
                        e -> assertThat(e.getType()).isEqualTo(URI.create("urn:ietf:params:acme:error:unauthorized")));
    }
}
