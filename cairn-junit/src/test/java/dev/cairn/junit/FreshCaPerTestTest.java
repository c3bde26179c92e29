package dev.cairn.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance-field registration: every test gets its own CA, closed when the test ends. */
class FreshCaPerTestTest {
    private static final Set<URI> SEEN = new HashSet<>();
    private static final Set<CairnCa> CLOSED_LATER = new HashSet<>();

    @RegisterExtension
    final CairnExtension cairn = new CairnExtension();

    @RepeatedTest(2)
    void eachTestHasItsOwnRunningCa(CairnCa ca) throws Exception {
        SEEN.add(ca.directoryUrl());
        CLOSED_LATER.add(ca);
        HttpClient http = HttpClient.newBuilder().sslContext(ca.sslContext()).build();
        HttpResponse<String> directory =
                http.send(HttpRequest.newBuilder(ca.directoryUrl()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(directory.statusCode()).isEqualTo(200);
        assertThat(directory.body()).contains("newNonce");
    }

    @AfterAll
    static void twoTestsSawTwoCasAndBothAreClosed() throws Exception {
        assertThat(SEEN).hasSize(2);
        for (CairnCa ca : CLOSED_LATER) {
            HttpClient http =
                    HttpClient.newBuilder().sslContext(ca.sslContext()).build();
            try {
                http.send(HttpRequest.newBuilder(ca.directoryUrl()).build(), HttpResponse.BodyHandlers.discarding());
                throw new AssertionError("a closed CA still answers at " + ca.directoryUrl());
            } catch (java.io.IOException expected) {
                // connection refused: the extension closed it
            }
        }
    }
}
