package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.issuance.CaKeyAlgorithm;
import dev.cairn.server.CairnConfig;
import dev.cairn.testing.LoopbackCa;
import dev.cairn.variation.Variations;
import dev.cairn.variation.Variations.Chains;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --vary chains}: alternate chains (RFC 8555 §7.4.2, a MAY) offered or not, and in
 * which order; with two alternate roots a certificate has three chains.
 */
class ChainsVariationTest {
    record Download(String certUrl, List<String> alternates) {}

    static LoopbackCa start(String per, long seed) throws Exception {
        return Varied.start("chains", per, seed, k -> k, b -> b.ca(new CairnConfig.Ca(CaKeyAlgorithm.ECDSA_P256, 2)));
    }

    static long seed(Predicate<Chains> wanted) {
        return Varied.seed("chains", "run", v -> wanted.test(v.chains()));
    }

    /** Issues a certificate and downloads its default chain {@code times} times. */
    static List<Download> downloads(LoopbackCa ca, int times) throws Exception {
        AcmeFlow flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
        AcmeFlow.Acct a = flow.account();
        String certUrl = flow.issue(a, RawAcme.ecKey("secp256r1"), "chains.test")
                .get("certificate")
                .asText();
        List<Download> out = new java.util.ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.add(new Download(certUrl, CertificateDownloadTest.alternates(flow.post(certUrl, a, ""))));
        }
        // every alternate chain stays downloadable, offered or not
        for (int n = 1; n <= 2; n++) {
            assertThat(flow.post(certUrl + "/alt/" + n, a, "").statusCode()).isEqualTo(200);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Chains.Order.class)
    void offeredAlternatesComeInTheSeedsOrderEveryTime(Chains.Order order) throws Exception {
        long seed = seed(c -> c.offered() && c.order() == order);
        Variations v = Varied.variations("chains", "run", seed);
        try (LoopbackCa ca = start("run", seed)) {
            List<Download> downloads = downloads(ca, 3);
            String cert = downloads.get(0).certUrl();
            List<String> links = downloads.get(0).alternates();
            assertThat(links).containsExactlyInAnyOrder(cert + "/alt/1", cert + "/alt/2");
            assertThat(downloads).allMatch(d -> d.alternates().equals(links));
            switch (order) {
                case AS_ISSUED -> assertThat(links).containsExactly(cert + "/alt/1", cert + "/alt/2");
                case REVERSED -> assertThat(links).containsExactly(cert + "/alt/2", cert + "/alt/1");
                case SHUFFLED ->
                    assertThat(links)
                            .isEqualTo(new dev.cairn.variation.Rolls(v)
                                    .alternates(List.of(1, 2)).stream()
                                            .map(n -> cert + "/alt/" + n)
                                            .toList());
            }
        }
    }

    @Test
    void withAlternatesNotOfferedNoLinkNamesThem() throws Exception {
        try (LoopbackCa ca = start("run", seed(c -> !c.offered()))) {
            assertThat(downloads(ca, 2)).allMatch(d -> d.alternates().isEmpty());
        }
    }

    @Test
    void perResponseTheOfferChangesFromDownloadToDownload() throws Exception {
        try (LoopbackCa ca = start("request", 3)) {
            Set<List<String>> seen = new HashSet<>();
            downloads(ca, 16).forEach(d -> seen.add(d.alternates()));
            assertThat(seen).contains(List.of()).hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
