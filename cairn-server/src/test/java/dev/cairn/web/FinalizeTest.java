package dev.cairn.web;

import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.LoopbackCa;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finalize (RFC 8555 §7.4) on orders made ready by real http-01 validation. Every refused CSR
 * leaves the order {@code ready}, so the client can try again (catalog FIN-08).
 */
class FinalizeTest {
    static LoopbackCa ca;
    static AcmeFlow flow;
    static AcmeFlow.Acct account;
    static AcmeFlow.Created ready;

    @BeforeAll
    static void start() throws Exception {
        ca = LoopbackCa.start();
        flow = new AcmeFlow(new RawAcme(ca.server()), ca.http01());
        account = flow.account();
        ready = flow.readyOrder(account, "fin.test");
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    static String finalizeUrl() {
        return ready.order().get("finalize").asText();
    }

    static HttpResponse<String> finalizeWith(String csrMember) throws Exception {
        return flow.post(finalizeUrl(), account, "{\"csr\":\"" + csrMember + "\"}");
    }

    static void assertStillReady() throws Exception {
        assertThat(flow.fetch(ready.url(), account).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void csrWithBase64PaddingIsMalformedAndTheOrderStaysReady() throws Exception {
        byte[] der = AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "fin.test");
        for (int i = 0; der.length % 3 == 0 && i < 20; i++) {
            der = AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "fin.test"); // ECDSA signatures vary in length
        }
        String padded = Base64.getUrlEncoder().encodeToString(der);
        assertThat(padded).endsWith("=");
        HttpResponse<String> r = finalizeWith(padded);
        assertProblem(r, 400, "malformed");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("padding");
        assertStillReady();
    }

    @Test
    void derThatIsNotACsrIsBadCsr() throws Exception {
        assertProblem(finalizeWith(RawAcme.b64("this is not DER".getBytes(StandardCharsets.US_ASCII))), 400, "badCSR");
        assertProblem(finalizeWith(RawAcme.b64(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})), 400, "badCSR");
        assertStillReady();
    }

    @Test
    void csrWithANameNotInTheOrderIsBadCsrNamingIt() throws Exception {
        HttpResponse<String> r =
                finalizeWith(RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "fin.test", "extra.fin.test")));
        assertProblem(r, 400, "badCSR");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("extra.fin.test");
        assertStillReady();
    }

    @Test
    void csrMissingAnOrderNameIsBadCsr() throws Exception {
        HttpResponse<String> r = finalizeWith(RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "other.test")));
        assertProblem(r, 400, "badCSR");
        assertThat(RawAcme.json(r).get("detail").asText()).contains("fin.test");
        assertStillReady();
    }

    @Test
    void csrForTheAccountKeyIsBadCsr() throws Exception {
        assertProblem(finalizeWith(RawAcme.b64(AcmeFlow.csr(account.key(), "fin.test"))), 400, "badCSR");
        assertStillReady();
    }

    @Test
    void csrWithAnRsa1024KeyIsBadPublicKey() throws Exception {
        assertProblem(finalizeWith(RawAcme.b64(AcmeFlow.csr(RawAcme.rsaKey(1024), "fin.test"))), 400, "badPublicKey");
        assertStillReady();
    }

    @Test
    void csrWithACorruptSignatureIsBadCsr() throws Exception {
        byte[] der = AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "fin.test");
        der[der.length - 3] ^= 0x01;
        assertProblem(finalizeWith(RawAcme.b64(der)), 400, "badCSR");
        assertStillReady();
    }

    @Test
    void goodCsrAfterABadOneIssuesAndASecondFinalizeIsOrderNotReady() throws Exception {
        AcmeFlow.Created order = flow.readyOrder(account, "good.fin.test");
        String finalizeUrl = order.order().get("finalize").asText();
        assertProblem(
                flow.post(
                        finalizeUrl,
                        account,
                        "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(RawAcme.rsaKey(1024), "good.fin.test")) + "\"}"),
                400,
                "badPublicKey");

        String csr = "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "good.fin.test")) + "\"}";
        HttpResponse<String> r = flow.post(finalizeUrl, account, csr);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Replies.JSON);
        String status = RawAcme.json(r).get("status").asText();
        assertThat(status).isIn("processing", "valid");
        if (status.equals("processing")) {
            assertThat(r.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
        }
        JsonNode valid = flow.awaitStatus(order.url(), account, "valid");
        assertThat(valid.get("certificate").asText()).startsWith("https://");

        assertProblem(flow.post(finalizeUrl, account, csr), 403, "orderNotReady");
    }

    @Test
    void finalizeWithoutACsrIsMalformed() throws Exception {
        assertProblem(flow.post(finalizeUrl(), account, "{}"), 400, "malformed");
        assertProblem(flow.post(finalizeUrl(), account, ""), 400, "malformed");
        assertStillReady();
    }

    @Test
    void anotherAccountCannotFinalize() throws Exception {
        AcmeFlow.Acct stranger = flow.account();
        assertProblem(
                flow.post(
                        finalizeUrl(),
                        stranger,
                        "{\"csr\":\"" + RawAcme.b64(AcmeFlow.csr(RawAcme.ecKey("secp256r1"), "fin.test")) + "\"}"),
                403,
                "unauthorized");
        assertStillReady();
    }
}
