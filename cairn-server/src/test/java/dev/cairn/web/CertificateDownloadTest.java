package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.LoopbackCa;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Certificate download (RFC 8555 §7.4.2, §9.1, erratum 5983) and its access rules (catalog CERT). */
class CertificateDownloadTest {
    static final String PEM_BLOCK =
            "-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n";

    static LoopbackCa ca;
    static AcmeFlow flow;
    static AcmeFlow.Acct owner;
    static KeyPair certKey;
    static String certUrl;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
        flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
        owner = flow.account();
        certKey = RawAcme.ecKey("secp256r1");
        certUrl = flow.issue(owner, certKey, "dl.test", "www.dl.test")
                .get("certificate")
                .asText();
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static List<X509Certificate> parse(String pem) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (var c : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            chain.add((X509Certificate) c);
        }
        return chain;
    }

    /** Each certificate is signed by the next, and the last by one of Cairn's roots. */
    static void assertChainVerifies(List<X509Certificate> chain) throws Exception {
        for (int i = 0; i + 1 < chain.size(); i++) {
            chain.get(i).verify(chain.get(i + 1).getPublicKey());
            assertThat(chain.get(i).getIssuerX500Principal())
                    .isEqualTo(chain.get(i + 1).getSubjectX500Principal());
        }
        X509Certificate last = chain.get(chain.size() - 1);
        assertThat(ca.server().certificateAuthority().roots()).anySatisfy(root -> {
            try {
                last.verify(root.getPublicKey());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    static List<String> alternates(HttpResponse<String> r) {
        return r.headers().allValues("Link").stream()
                .filter(l -> l.contains("rel=\"alternate\""))
                .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>')))
                .toList();
    }

    @Test
    void postAsGetServesThePemChainLeafFirstWithNothingOutsideThePemBlocks() throws Exception {
        HttpResponse<String> r = flow.post(certUrl, owner, "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pem-certificate-chain");
        assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
        String body = r.body();
        assertThat(body)
                .matches("(?:" + PEM_BLOCK + ")+")
                .doesNotContain("\n\n")
                .doesNotContain("\r");
        List<X509Certificate> chain = parse(body);
        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getPublicKey().getEncoded())
                .isEqualTo(certKey.getPublic().getEncoded());
        assertThat(leaf.getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .containsExactlyInAnyOrder("dl.test", "www.dl.test");
        assertChainVerifies(chain);
    }

    @Test
    void alternateLinkServesTheSameLeafWithAnotherIssuerChain() throws Exception {
        HttpResponse<String> main = flow.post(certUrl, owner, "");
        List<String> links = alternates(main);
        assertThat(links).isNotEmpty().doesNotContain(certUrl);
        List<X509Certificate> mainChain = parse(main.body());
        for (String url : links) {
            HttpResponse<String> alt = flow.post(url, owner, "");
            assertThat(alt.statusCode()).isEqualTo(200);
            assertThat(alt.headers().firstValue("Content-Type")).hasValue("application/pem-certificate-chain");
            assertThat(alt.body()).matches("(?:" + PEM_BLOCK + ")+");
            List<X509Certificate> altChain = parse(alt.body());
            assertThat(altChain.get(0)).isEqualTo(mainChain.get(0));
            assertThat(altChain.get(altChain.size() - 1).getIssuerX500Principal())
                    .isNotEqualTo(mainChain.get(mainChain.size() - 1).getIssuerX500Principal());
            assertChainVerifies(altChain);
            assertThat(alternates(alt)).contains(certUrl).doesNotContain(url);
        }
    }

    @Test
    void getIsMethodNotAllowed() throws Exception {
        HttpResponse<String> r = flow.acme.get(certUrl);
        assertProblem(r, 405, "malformed");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void postWithAPayloadIsNotADownload() throws Exception {
        assertProblem(flow.post(certUrl, owner, "{}"), 400, "malformed");
    }

    @Test
    void anotherAccountIsUnauthorized() throws Exception {
        AcmeFlow.Acct stranger = flow.account();
        assertProblem(flow.post(certUrl, stranger, ""), 403, "unauthorized");
        for (String alt : alternates(flow.post(certUrl, owner, ""))) {
            assertProblem(flow.post(alt, stranger, ""), 403, "unauthorized");
        }
    }

    @Test
    void unknownSerialAndUnknownAlternateAre404() throws Exception {
        String unknown = certUrl.substring(0, certUrl.lastIndexOf('/') + 1) + "123456789abcdef";
        assertProblem(flow.post(unknown, owner, ""), 404, "malformed");
        assertProblem(flow.post(certUrl + "/alt/99", owner, ""), 404, "malformed");
        assertProblem(flow.post(certUrl + "/alt/0", owner, ""), 404, "malformed");
        assertProblem(flow.post(certUrl + "/alt/x", owner, ""), 404, "malformed");
    }
}
