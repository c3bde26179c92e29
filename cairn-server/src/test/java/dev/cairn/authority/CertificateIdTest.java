package dev.cairn.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.protocol.AcmeProblem;
import dev.cairn.protocol.ProblemType;
import org.junit.jupiter.api.Test;

/** RFC 9773 §4.1 certificate identifiers, parsed strictly (catalog ARI-02, ARI-05). */
class CertificateIdTest {

    @Test
    void rfcExampleParsesToItsSerial() {
        // RFC 9773 §4.1: AKI 69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4, serial 0x87654321
        CertificateId id = CertificateId.parse("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");

        assertThat(id.serialHex()).isEqualTo("87654321");
        assertThat(id.keyIdentifier()).isEqualTo("aYhba4dGQEHhs3uEe6CuLN4ByNQ");
        assertThat(id.wire()).isEqualTo("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
    }

    @Test
    void serialWithoutTheHighBitNeedsNoLeadingZero() {
        assertThat(CertificateId.parse("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AQID").serialHex())
                .isEqualTo("10203");
    }

    @Test
    void malformedIdentifiersAreRefusedAsMalformed() {
        for (String bad : new String[] {
            "",
            ".",
            "abc",
            "abc.",
            ".AQID",
            "a.b.c",
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AQID.", // shape
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ=.AQID",
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AQI=", // padding
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AQ+/",
            "aYh ba4.AQID",
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.A", // alphabet, length
            "aYhba4dGQEHhs3uEe6CuLN4ByNR.AQID",
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AQJ", // non-canonical trailing bits
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.h2VDIQ", // high bit without the leading zero: negative
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AAECAw", // a leading zero that is not needed
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AA", // zero
        }) {
            assertThatThrownBy(() -> CertificateId.parse(bad)).as(bad).isInstanceOfSatisfying(AcmeProblem.class, p -> {
                assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
                assertThat(p.status()).isEqualTo(400);
            });
        }
    }
}
