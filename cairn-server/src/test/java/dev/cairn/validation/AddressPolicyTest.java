package dev.cairn.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    @ParameterizedTest(name = "{0} is refused because it {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1       | is loopback",
                "10.1.2.3        | is private",
                "172.31.255.255  | is private",
                "192.168.0.1     | is private",
                "100.64.0.1      | carrier-grade NAT",
                "169.254.169.254 | is link-local",
                "0.0.0.0         | this network",
                "224.0.0.251     | is multicast",
                "255.255.255.255 | reserved",
                "192.0.2.1       | documentation",
                "::1             | is loopback",
                "::              | unspecified",
                "fd00::1         | unique-local",
                "fe80::1         | is link-local",
                "ff02::1         | is multicast",
                "2001:db8::1     | documentation",
                "::ffff:10.0.0.1 | is private",
            })
    void reservedAddressIsRefusedWithAReason(String ip, String reason) {
        InetAddress address = AddressPolicy.parseLiteral(ip).orElseThrow();
        assertThat(AddressPolicy.whyForbidden(address))
                .hasValueSatisfying(why -> assertThat(why).contains(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2a00:1450:4001::1"})
    void publicAddressIsAllowed(String ip) {
        assertThat(AddressPolicy.whyForbidden(AddressPolicy.parseLiteral(ip).orElseThrow()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.test", "1.2.3", "localhost", "", "[::1", "1.2.3.4.5"})
    void nonLiteralIsNotParsedAndNeverLookedUp(String text) {
        assertThat(AddressPolicy.parseLiteral(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]", "::1", "0:0:0:0:0:0:0:1"})
    void ipv6LiteralIsParsedWithOrWithoutBrackets(String text) throws Exception {
        assertThat(AddressPolicy.parseLiteral(text)).contains(InetAddress.getByName("::1"));
    }
}
