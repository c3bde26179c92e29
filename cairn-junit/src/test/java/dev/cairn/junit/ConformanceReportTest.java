package dev.cairn.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.conformance.ConformanceReport;
import dev.cairn.conformance.Rule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.shredzone.acme4j.Login;

/** The conformance report, read through the extension as a client's CI would assert it. */
@ExtendWith(CairnExtension.class)
class ConformanceReportTest {

    @Test
    void acme4jLeavesACleanReport(CairnCa ca) throws Exception {
        Login login = Acme4j.newAccount(ca);
        Acme4j.issue(ca, login, "clean.test");
        ConformanceReport report = ca.report(login.getAccountLocation().toString());
        assertThat(report.violations()).isEmpty();
        assertThat(report.clean()).isTrue();
    }

    @Test
    void aGetOnAPostOnlyResourceIsReported(CairnCa ca) throws Exception {
        ca.clearReports();
        HttpClient http = HttpClient.newBuilder().sslContext(ca.sslContext()).build();
        URI newOrder =
                URI.create(ca.directoryUrl().resolve("/").toString()).resolve(directoryMember(http, ca, "newOrder"));
        HttpResponse<String> answer =
                http.send(HttpRequest.newBuilder(newOrder).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(405);

        ConformanceReport report = ca.report("anonymous");
        assertThat(report.clean()).isFalse();
        assertThat(report.count(Rule.METHOD_NOT_ALLOWED)).isEqualTo(1);
    }

    private static String directoryMember(HttpClient http, CairnCa ca, String name) throws Exception {
        String directory = http.send(
                        HttpRequest.newBuilder(ca.directoryUrl()).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        int at = directory.indexOf('"' + name + '"');
        int start = directory.indexOf("\"https", at) + 1;
        return directory.substring(start, directory.indexOf('"', start));
    }
}
