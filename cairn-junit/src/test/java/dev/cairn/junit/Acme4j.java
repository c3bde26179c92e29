package dev.cairn.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/** acme4j pointed at a {@link CairnCa}, as a client's own test would do it. */
final class Acme4j {
    static final Duration WAIT = Duration.ofSeconds(30);

    private Acme4j() {}

    static Session session(CairnCa ca) {
        return new Session(ca.directoryUrl(), new GenericAcmeProvider() {
            @Override
            public HttpClient createHttpClient(NetworkSettings settings) {
                return HttpClient.newBuilder()
                        .sslContext(ca.sslContext())
                        .connectTimeout(settings.getTimeout())
                        .build();
            }
        });
    }

    static List<String> sans(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1)))
                .toList();
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static Login newAccount(CairnCa ca) throws Exception {
        return new AccountBuilder().agreeToTermsOfService().useKeyPair(ecKey()).createLogin(session(ca));
    }

    /** Orders {@code names}, answers every http-01 challenge through the CA's responder, finalizes. */
    static Order issue(CairnCa ca, Login login, String... names) throws Exception {
        Order order = login.getAccount().newOrder().domains(names).create();
        for (Authorization authz : order.getAuthorizations()) {
            if (authz.getStatus() == Status.VALID) {
                continue;
            }
            Http01Challenge challenge =
                    authz.findChallenge(Http01Challenge.class).orElseThrow();
            ca.challenges().http01().addHttp01(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            assertThat(authz.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        return order;
    }
}
