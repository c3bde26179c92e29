package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JOSE ECDSA (raw R‖S) gives the same answers with the native and the pure-Java backend. */
class EcdsaVerifierBackendsTest {
    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.e30".getBytes(StandardCharsets.US_ASCII);

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (CryptoBackend backend : List.of(CryptoBackend.pureJava(), CryptoBackend.nativeIfAvailable())) {
            for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
                cases.add(Arguments.of(backend.isNative() ? "native" : "java", backend, curve));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void acceptsAValidSignatureAndItsHighSTwin(String name, CryptoBackend backend, String curve) throws Exception {
        Fixture f = Fixture.of(curve);
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, f.signature, f.size))
                .isTrue();
        // (r, n − s) is as valid as (r, s): JWS does not require low S (RFC 7518 §3.4).
        BigInteger s = f.s();
        byte[] twin = f.with(f.r(), f.order().subtract(s));
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, twin, f.size)).isTrue();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void refusesAFlippedBitAnotherInputAndAnotherKey(String name, CryptoBackend backend, String curve)
            throws Exception {
        Fixture f = Fixture.of(curve);
        byte[] flipped = f.signature.clone();
        flipped[f.size + 3] ^= 0x10;
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, flipped, f.size)).isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, Arrays.copyOf(INPUT, INPUT.length - 1), f.signature, f.size))
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, Fixture.of(curve).key, INPUT, f.signature, f.size))
                .isFalse();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void refusesOutOfRangeValuesAndWrongLengths(String name, CryptoBackend backend, String curve) throws Exception {
        Fixture f = Fixture.of(curve);
        BigInteger n = f.order();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, f.with(BigInteger.ZERO, f.s()), f.size))
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, f.with(f.r(), BigInteger.ZERO), f.size))
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, f.with(f.r().add(n), f.s()), f.size))
                .as("r + n, when it still fits")
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, f.with(f.r(), f.s().add(n)), f.size))
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, new byte[2 * f.size], f.size))
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, Arrays.copyOf(f.signature, 2 * f.size + 1), f.size))
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, Arrays.copyOf(f.signature, 2 * f.size - 1), f.size))
                .isFalse();
        assertThat(EcdsaVerifier.verify(backend, f.key, INPUT, f.signature, f.size == 32 ? 48 : 32))
                .as("the size of another curve")
                .isFalse();
    }

    private record Fixture(ECPublicKey key, byte[] signature, int size) {
        static Fixture of(String curve) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair pair = generator.generateKeyPair();
            int size = (((ECPublicKey) pair.getPublic()).getParams().getOrder().bitLength() + 7) / 8;
            String hash = size == 32 ? "SHA256" : size == 48 ? "SHA384" : "SHA512";
            Signature signer = Signature.getInstance(hash + "withECDSAinP1363Format");
            signer.initSign(pair.getPrivate());
            signer.update(INPUT);
            return new Fixture((ECPublicKey) pair.getPublic(), signer.sign(), size);
        }

        BigInteger order() {
            return key.getParams().getOrder();
        }

        BigInteger r() {
            return new BigInteger(1, Arrays.copyOfRange(signature, 0, size));
        }

        BigInteger s() {
            return new BigInteger(1, Arrays.copyOfRange(signature, size, 2 * size));
        }

        /** R‖S of exactly 2 × size bytes; a value too large to fit is cut to its low bytes. */
        byte[] with(BigInteger r, BigInteger s) {
            byte[] out = new byte[2 * size];
            put(r, out, 0);
            put(s, out, size);
            return out;
        }

        private void put(BigInteger value, byte[] out, int offset) {
            byte[] bytes = value.toByteArray();
            int n = Math.min(bytes.length, size);
            System.arraycopy(bytes, bytes.length - n, out, offset + size - n, n);
        }
    }
}
