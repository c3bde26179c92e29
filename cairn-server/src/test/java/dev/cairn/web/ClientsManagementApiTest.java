package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /clients} on the management API: list, read and clear conformance reports. */
class ClientsManagementApiTest {
    static CairnServer server;
    static RawAcme acme;

    @BeforeAll
    static void start() throws Exception {
        server = CairnServer.start(CairnConfig.builder().forTests().build());
        acme = new RawAcme(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clearEveryReport() throws Exception {
        assertThat(admin("DELETE", "/clients").statusCode()).isEqualTo(204);
    }

    static HttpResponse<String> admin(String method, String path) throws Exception {
        return acme.http.send(
                HttpRequest.newBuilder(URI.create(server.adminUrl() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String encoded(String accountUrl) {
        return URLEncoder.encode(accountUrl, StandardCharsets.UTF_8);
    }

    /** An account that made one mistake: a GET on its account URL. */
    static String accountWithOneMistake() throws Exception {
        String kid = acme.newAccount(RawAcme.ecKey("secp256r1"));
        assertThat(acme.get(kid).statusCode()).isEqualTo(405);
        return kid;
    }

    static String id(String kid) {
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    @Test
    void aReportIsReadByAccountIdOrByPercentEncodedAccountUrl() throws Exception {
        String kid = accountWithOneMistake();

        for (String name : List.of(id(kid), encoded(kid))) {
            HttpResponse<String> r = admin("GET", "/clients/" + name + "/report");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            JsonNode report = RawAcme.json(r);
            assertThat(report.get("account").asText()).isEqualTo(kid);
            assertThat(report.get("accountId").asText()).isEqualTo(id(kid));
            assertThat(report.get("clean").asBoolean()).isFalse();
            assertThat(report.get("total").asInt()).isEqualTo(1);
            assertThat(report.get("counts").get("method-not-allowed").asInt()).isEqualTo(1);
            JsonNode v = report.get("violations").get(0);
            assertThat(v.get("rule").asText()).isEqualTo("method-not-allowed");
            assertThat(v.get("section").asText()).isEqualTo("RFC 8555 §6.3");
            assertThat(v.get("method").asText()).isEqualTo("GET");
            assertThat(v.get("path").asText()).isEqualTo(URI.create(kid).getPath());
        }
    }

    @Test
    void anAccountWithoutMistakesHasACleanReport() throws Exception {
        String kid = acme.newAccount(RawAcme.ecKey("secp256r1"));

        JsonNode report = RawAcme.json(admin("GET", "/clients/" + encoded(kid) + "/report"));

        assertThat(report.get("clean").asBoolean()).isTrue();
        assertThat(report.get("violations")).isEmpty();
        assertThat(report.get("counts")).isEmpty();
        assertThat(report.get("awaitingRetry")).isEmpty();
    }

    @Test
    void anUnknownAccountIsANotFoundProblem() throws Exception {
        for (String name : List.of("no-such-account", encoded(acme.url("newAccount")), encoded("https://x/acct/1"))) {
            HttpResponse<String> r = admin("GET", "/clients/" + name + "/report");

            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = RawAcme.json(r);
            assertThat(problem.get("type").asText()).isEqualTo("urn:ietf:params:acme:error:accountDoesNotExist");
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("detail").asText()).isNotBlank();
        }
    }

    @Test
    void theListHasEveryClientWithAMistakeAndItsCounts() throws Exception {
        String first = accountWithOneMistake();
        String second = accountWithOneMistake();
        assertThat(acme.get(server.directoryUrl().toString().replace("/directory", "/nothing-here"))
                        .statusCode())
                .isEqualTo(404);
        String clean = acme.newAccount(RawAcme.ecKey("secp256r1"));

        JsonNode list = RawAcme.json(admin("GET", "/clients"));

        List<String> accounts = new ArrayList<>();
        list.get("clients").forEach(c -> accounts.add(c.get("accountId").asText()));
        assertThat(accounts).containsExactly("anonymous", id(second), id(first)).doesNotContain(id(clean));
        JsonNode anonymous = list.get("clients").get(0);
        assertThat(anonymous.get("account").isNull()).isTrue();
        assertThat(anonymous.get("counts").get("url-not-provided").asInt()).isEqualTo(1);
        assertThat(list.get("clients").get(1).get("account").asText()).isEqualTo(second);
        assertThat(list.get("clients").get(1).get("total").asInt()).isEqualTo(1);
        assertThat(list.get("clients").get(1).get("clean").asBoolean()).isFalse();
    }

    @Test
    void deletingAReportClearsOnlyThatAccount() throws Exception {
        String first = accountWithOneMistake();
        String second = accountWithOneMistake();

        assertThat(admin("DELETE", "/clients/" + id(first) + "/report").statusCode())
                .isEqualTo(204);

        assertThat(server.conformanceReport(first).clean()).isTrue();
        assertThat(server.conformanceReport(second).total()).isEqualTo(1);
        assertThat(admin("DELETE", "/clients").statusCode()).isEqualTo(204);
        assertThat(RawAcme.json(admin("GET", "/clients")).get("clients")).isEmpty();
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        String kid = accountWithOneMistake();

        assertThat(admin("POST", "/clients").statusCode()).isEqualTo(405);
        assertThat(admin("PUT", "/clients/" + id(kid) + "/report").statusCode()).isEqualTo(405);
        assertThat(admin("DELETE", "/clients/no-such-account/report").statusCode())
                .isEqualTo(404);
    }
}
