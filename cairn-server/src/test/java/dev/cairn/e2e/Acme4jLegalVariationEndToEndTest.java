package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.Knobs;
import dev.cairn.testing.LoopbackCa;
import dev.cairn.variation.VariationSettings;
import dev.cairn.variation.VariationSettings.Scope;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;

/**
 * acme4j, a real client, against Cairn under {@code --vary all}: whatever legal server a seed
 * draws (paths, member order, unknown members, nonces, Retry-After, sync, chains, reuse, HTTP
 * version), it gets, lists, renews, rolls its key over and revokes certificates.
 */
class Acme4jLegalVariationEndToEndTest {
    static LoopbackCa start(Scope scope, long seed) throws Exception {
        return LoopbackCa.start(b -> b.testing(Knobs.off().seed(seed).build()).variation(VariationSettings.all(scope)));
    }

    static void everyClientStepWorks(LoopbackCa ca, String name) throws Exception {
        Login login = ca.newLogin();
        Order first = Acme4jTestModeTest.issue(ca, login, name);
        Certificate cert = first.getCertificate();
        X509Certificate leaf = cert.getCertificate();
        assertThat(leaf.getSubjectAlternativeNames())
                .anySatisfy(san -> assertThat(san.get(1)).isEqualTo(name));
        for (Certificate alternate : cert.getAlternateCertificates()) {
            alternate.download();
            assertThat(alternate.getCertificate()).isEqualTo(leaf);
        }

        Order second = Acme4jTestModeTest.issue(ca, login, name);
        assertThat(second.getStatus()).isEqualTo(Status.VALID);
        List<URL> listed = new ArrayList<>();
        login.getAccount().getOrders().forEachRemaining(o -> listed.add(o.getLocation()));
        assertThat(listed).contains(first.getLocation(), second.getLocation());

        login.getAccount().changeKey(LoopbackCa.ecKey());
        cert.revoke();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void acme4jGetsCertificatesFromTheServerEachSeedDraws(long seed) throws Exception {
        try (LoopbackCa ca = start(Scope.RUN, seed)) {
            everyClientStepWorks(ca, "run" + seed + ".test");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6, 7})
    void acme4jGetsCertificatesWhenEveryResponseVaries(long seed) throws Exception {
        try (LoopbackCa ca = start(Scope.REQUEST, seed)) {
            everyClientStepWorks(ca, "request" + seed + ".test");
        }
    }
}
