package dev.cairn.challtestsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.validation.DnsClient;
import dev.cairn.validation.DnsLookupException;
import dev.cairn.validation.DnsLookupException.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class MockDnsServerTest {
    private MockDnsServer dns;
    private DnsClient client;

    @BeforeAll
    static void quiet() {
        dev.cairn.validation.QuietLogs.apply();
    }

    @BeforeEach
    void start() throws Exception {
        dns = new MockDnsServer().start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = new DnsClient(dns.address(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void unknownNameWithoutDefaultsIsNxdomain() {
        assertThatThrownBy(() -> client.addresses("nowhere.test"))
                .isInstanceOfSatisfying(
                        DnsLookupException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NXDOMAIN))
                .hasMessageContaining("nowhere.test");
    }

    @Test
    void defaultAddressesAnswerAnyName() throws Exception {
        dns.setDefaultIpv4("127.0.0.1");
        dns.setDefaultIpv6("::1");
        assertThat(client.addresses("anything.test"))
                .containsExactly(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void emptyDefaultRemovesIt() {
        dns.setDefaultIpv4("127.0.0.1");
        dns.setDefaultIpv4("");
        assertThatThrownBy(() -> client.addresses("anything.test"))
                .isInstanceOfSatisfying(
                        DnsLookupException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NXDOMAIN));
    }

    @Test
    void specificRecordsWinOverDefaultsAndNamesIgnoreCaseAndTrailingDot() throws Exception {
        dns.setDefaultIpv4("127.0.0.1");
        dns.addA("Host.Test.", "127.0.0.2", "127.0.0.3");
        assertThat(client.addresses("host.TEST"))
                .containsExactly(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"));
    }

    @Test
    void nameWithOnlyTxtHasNoAddressRecords() {
        dns.setTxt("txt-only.test", "v");
        assertThatThrownBy(() -> client.addresses("txt-only.test"))
                .isInstanceOfSatisfying(
                        DnsLookupException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_RECORDS));
    }

    @Test
    void txtValuesAreReturnedAndClearedAgain() throws Exception {
        dns.addTxt("_acme-challenge.a.test", "one");
        dns.addTxt("_acme-challenge.a.test", "two");
        assertThat(client.txt("_acme-challenge.a.test")).containsExactlyInAnyOrder("one", "two");
        dns.clearTxt("_acme-challenge.a.test");
        assertThatThrownBy(() -> client.txt("_acme-challenge.a.test")).isInstanceOf(DnsLookupException.class);
    }

    @Test
    void characterStringsOfOneRecordAreJoined() throws Exception {
        dns.addTxt("split.test", "abc", "def");
        assertThat(client.txt("split.test")).containsExactly("abcdef");
    }

    @Test
    void longValueSurvivesTheSplitInto255ByteStrings() throws Exception {
        String value = "x".repeat(600);
        dns.setTxt("long.test", value);
        assertThat(client.txt("long.test")).containsExactly(value);
    }

    @Test
    void servfailIsReportedAsServerFailure() {
        dns.setServfail("broken.test");
        assertThatThrownBy(() -> client.txt("broken.test"))
                .isInstanceOfSatisfying(
                        DnsLookupException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SERVER_FAILURE))
                .hasMessageContaining("SERVFAIL");
    }

    @Test
    void cnameChainIsFollowed() throws Exception {
        dns.setCname("alias.test", "middle.test");
        dns.setCname("middle.test", "real.test");
        dns.setTxt("real.test", "found");
        dns.addA("real.test", "127.0.0.9");
        assertThat(client.txt("alias.test")).containsExactly("found");
        assertThat(client.addresses("alias.test")).containsExactly(InetAddress.getByName("127.0.0.9"));
    }

    @Test
    void cnameLoopIsReportedNotFollowedForever() {
        dns.setCname("loop1.test", "loop2.test");
        dns.setCname("loop2.test", "loop1.test");
        assertThatThrownBy(() -> client.txt("loop1.test")).isInstanceOf(DnsLookupException.class);
    }

    @Test
    void truncatedUdpAnswerIsRetriedOverTcp() throws Exception {
        for (int i = 0; i < 40; i++) {
            dns.addTxt("big.test", "value-number-" + i + "-" + "y".repeat(40));
        }
        assertThat(client.txt("big.test")).hasSize(40);
        assertThat(dns.queries()).extracting(MockDnsServer.Query::transport).contains("udp", "tcp");
    }

    @Test
    void answersOverTcpDirectly() throws Exception {
        dns.addA("tcp.test", "127.0.0.5");
        SimpleResolver resolver = new SimpleResolver(dns.address());
        resolver.setTCP(true);
        Message answer =
                resolver.send(Message.newQuery(Record.newRecord(Name.fromString("tcp.test."), Type.A, DClass.IN)));
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
    }

    @Test
    void unresponsiveResolverIsATimeout() throws Exception {
        try (var silent = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsClient toSilence = new DnsClient(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                    Duration.ofMillis(300));
            assertThatThrownBy(() -> toSilence.txt("a.test"))
                    .isInstanceOfSatisfying(
                            DnsLookupException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }
}
