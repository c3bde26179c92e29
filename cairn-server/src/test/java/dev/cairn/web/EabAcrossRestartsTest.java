package dev.cairn.web;

import static dev.cairn.web.EabRequests.randomKey;
import static dev.cairn.web.ProtocolErrorsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.CairnConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.web.EabRequests.Binding;
import dev.cairn.web.EabRequests.EabKey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --eab-single-use} on the embedded database, a key id that bound an account stays
 * spent when Cairn restarts (RFC 8555 §7.3.4, catalog ACCT-12): the spent key ids are read back
 * from the stored accounts' bindings at start-up.
 */
class EabAcrossRestartsTest {
    @TempDir
    Path dataDir;

    private final EabKey spent = randomKey(32);
    private final EabKey unused = randomKey(32);

    private CairnServer start() throws Exception {
        return CairnServer.start(CairnConfig.builder()
                .forTests()
                .inMemory(false)
                .dataDir(dataDir)
                .meta(CairnConfig.Meta.defaults().withExternalAccountRequired(true))
                .eab(new CairnConfig.Eab(true, Map.of(spent.kid(), spent.encoded(), unused.kid(), unused.encoded())))
                .build());
    }

    @Test
    void aKeyIdThatBoundAnAccountCannotBindAnotherAfterARestart() throws Exception {
        try (CairnServer first = start()) {
            HttpResponse<String> bound = new Binding(new RawAcme(first), spent, "HS256").send();
            assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        }

        try (CairnServer second = start()) {
            RawAcme acme = new RawAcme(second);
            Binding again = new Binding(acme, spent, "HS256");
            HttpResponse<String> refused = again.send();

            assertProblem(refused, 403, "unauthorized");
            assertThat(RawAcme.json(refused).get("detail").asText()).contains("already bound");
            again.assertNoAccount();
            HttpResponse<String> fresh = new Binding(acme, unused, "HS256").send();
            assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(201);
        }
    }

    @Test
    void aRefusedBindingBeforeTheRestartLeavesTheKeyIdUnspent() throws Exception {
        try (CairnServer first = start()) {
            Binding wrongKey =
                    new Binding(new RawAcme(first), spent, "HS256").with(b -> b.payload = "{\"kty\":\"EC\"}");
            assertThat(wrongKey.send().statusCode()).isBetween(400, 499);
        }

        try (CairnServer second = start()) {
            HttpResponse<String> bound = new Binding(new RawAcme(second), spent, "HS256").send();
            assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        }
    }
}
