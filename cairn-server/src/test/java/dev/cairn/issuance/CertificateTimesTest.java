package dev.cairn.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateTimesTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "1950-01-01T00:00:00Z, UTCTime, 500101000000Z",
        "2026-11-28T21:05:09.999Z, UTCTime, 261128210509Z",
        "2049-12-31T23:59:59Z, UTCTime, 491231235959Z",
        "2050-01-01T00:00:00Z, GeneralizedTime, 20500101000000Z",
        "1949-12-31T23:59:59Z, GeneralizedTime, 19491231235959Z",
        "9999-12-31T23:59:59Z, GeneralizedTime, 99991231235959Z"
    })
    void x509TimesAreUtcTimeThrough2049AndGeneralizedTimeOutsideInWholeSeconds(
            String instant, String form, String encoded) throws Exception {
        Time time = Certificates.time(Instant.parse(instant));
        if (form.equals("UTCTime")) {
            assertThat(time.toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
            assertThat(((ASN1UTCTime) time.toASN1Primitive()).getTime().substring(0, 12))
                    .isEqualTo(encoded.substring(0, 12));
        } else {
            assertThat(time.toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
            assertThat(((ASN1GeneralizedTime) time.toASN1Primitive()).getTimeString())
                    .isEqualTo(encoded);
        }
        assertThat(new String(
                        time.toASN1Primitive().getEncoded(),
                        2,
                        encoded.length(),
                        java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(encoded);
        assertThat(time.getDate().toInstant())
                .isEqualTo(Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
