package dev.cairn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoBackendTest {
    private static boolean nativeLibraryShipped() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && ("amd64".equals(arch) || "x86_64".equals(arch));
    }

    @Test
    void theNativeBackendLoadsOnLinuxX8664() {
        assumeTrue(nativeLibraryShipped(), "ACCP ships its native library for Linux x86-64 only");
        assertThat(CryptoBackend.nativeIfAvailable().isNative()).isTrue();
        assertThat(CryptoBackend.nativeIfAvailable().description()).contains("Amazon Corretto Crypto Provider");
    }

    @Test
    void javaSettingForcesThePureJavaBackend() {
        for (String setting : new String[] {"java", "JAVA", " off ", "false"}) {
            assertThat(CryptoBackend.choose(setting).isNative()).as(setting).isFalse();
        }
        assertThat(CryptoBackend.pureJava().description()).startsWith("pure Java");
    }

    @Test
    void noSettingPrefersTheNativeBackendWhenItLoads() {
        assertThat(CryptoBackend.choose(null)).isSameAs(CryptoBackend.nativeIfAvailable());
        assertThat(CryptoBackend.choose("native")).isSameAs(CryptoBackend.nativeIfAvailable());
    }

    @Test
    void awaitChoiceSettlesOnTheConfiguredBackendAndActiveReturnsItFromThenOn() {
        CryptoBackend expected =
                CryptoBackend.choose(System.getProperty("cairn.crypto", System.getenv("CAIRN_CRYPTO")));
        assertThat(CryptoBackend.awaitChoice()).isSameAs(expected);
        assertThat(CryptoBackend.active()).isSameAs(expected);
    }

    @Test
    void theFallbackSaysWhyTheNativeBackendIsMissing() {
        CryptoBackend backend = CryptoBackend.nativeIfAvailable();
        assumeTrue(!backend.isNative(), "the native backend loaded here");
        assertThat(backend.description()).contains("unavailable");
    }

    @Test
    void pureJavaBackendLeavesKeysAndSigningToTheJdk() throws Exception {
        KeyPair pair = p256();
        assertThat(CryptoBackend.pureJava().signingProvider()).isNull();
        assertThat(CryptoBackend.pureJava().nativeKey(pair.getPublic())).isSameAs(pair.getPublic());
        assertThat(CryptoBackend.pureJava().nativeKey(pair.getPrivate())).isSameAs(pair.getPrivate());
    }

    @Test
    void nativeKeysAreConvertedOnceAndStillVerifyJdkSignatures() throws Exception {
        CryptoBackend backend = CryptoBackend.nativeIfAvailable();
        assumeTrue(backend.isNative(), "no native backend here");
        KeyPair pair = p256();
        PublicKey converted = backend.nativeKey(pair.getPublic());
        assertThat(backend.nativeKey(pair.getPublic())).isSameAs(converted);
        PrivateKey privateKey = backend.nativeKey(pair.getPrivate());

        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initSign(pair.getPrivate());
        jdk.update(new byte[] {1, 2, 3});
        Signature nativeVerifier = backend.verifier("SHA256withECDSA");
        nativeVerifier.initVerify(converted);
        nativeVerifier.update(new byte[] {1, 2, 3});
        assertThat(nativeVerifier.verify(jdk.sign())).isTrue();

        Signature nativeSigner = Signature.getInstance("SHA256withECDSA", backend.signingProvider());
        nativeSigner.initSign(privateKey);
        nativeSigner.update(new byte[] {4});
        Signature jdkVerifier = Signature.getInstance("SHA256withECDSA");
        jdkVerifier.initVerify(pair.getPublic());
        jdkVerifier.update(new byte[] {4});
        assertThat(jdkVerifier.verify(nativeSigner.sign())).isTrue();
    }

    @Test
    void aKeyAlreadyInNativeFormIsUsedAsItIs() throws Exception {
        CryptoBackend backend = CryptoBackend.nativeIfAvailable();
        assumeTrue(backend.isNative(), "no native backend here");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", backend.signingProvider());
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        assertThat(backend.nativeKey(pair.getPublic())).isSameAs(pair.getPublic());
        assertThat(backend.nativeKey(pair.getPrivate())).isSameAs(pair.getPrivate());
    }

    @Test
    void bothBackendsHandTheJdkEd25519Verifier() throws Exception {
        assertThat(CryptoBackend.pureJava().verifier("Ed25519").getProvider().getName())
                .isEqualTo(Signature.getInstance("Ed25519").getProvider().getName());
        assertThat(CryptoBackend.nativeIfAvailable()
                        .verifier("Ed25519")
                        .getProvider()
                        .getName())
                .isEqualTo(Signature.getInstance("Ed25519").getProvider().getName());
    }

    @Test
    void verifyingAgainAndAgainGivesEachSignatureItsOwnAnswerInBothBackends() throws Exception {
        KeyPair pair = p256();
        KeyPair other = p256();
        byte[] good = sign(pair, new byte[] {7});
        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1;
        for (CryptoBackend backend :
                new CryptoBackend[] {CryptoBackend.pureJava(), CryptoBackend.nativeIfAvailable()}) {
            for (String algorithm : new String[] {"SHA256withECDSAinP1363Format", "SHA256withECDSA"}) {
                byte[] signature = algorithm.endsWith("P1363Format") ? toP1363(good) : good;
                byte[] bad = algorithm.endsWith("P1363Format") ? toP1363(flipped) : flipped;
                String what = backend.description() + " " + algorithm;
                PublicKey key = backend.nativeKey(pair.getPublic()); // as JwsVerifier hands it over
                PublicKey otherKey = backend.nativeKey(other.getPublic());
                byte[] data = {7};
                // each refusal is followed by a valid signature under the same key: reused
                // objects must not carry anything over
                record Attempt(String what, PublicKey key, byte[] data, byte[] signature) {}
                List<Attempt> refusals = List.of(
                        new Attempt("one bit changed", key, data, bad),
                        new Attempt("other data", key, new byte[] {8}, signature),
                        new Attempt("all zero", key, data, new byte[signature.length]),
                        new Attempt("another key", otherKey, data, signature));
                assertThat(backend.verify(algorithm, key, data, signature))
                        .as(what)
                        .isTrue();
                for (Attempt refused : refusals) {
                    assertThat(verifies(backend, algorithm, refused.key(), refused.data(), refused.signature()))
                            .as(what + ", " + refused.what())
                            .isFalse();
                    assertThat(backend.verify(algorithm, key, data, signature))
                            .as(what + ", after " + refused.what())
                            .isTrue();
                }
            }
        }
    }

    private static boolean verifies(CryptoBackend backend, String algorithm, PublicKey key, byte[] data, byte[] sig)
            throws java.security.GeneralSecurityException {
        try {
            return backend.verify(algorithm, key, data, sig);
        } catch (java.security.SignatureException e) {
            return false; // a DER signature with a flipped byte may not parse
        }
    }

    private static byte[] sign(KeyPair pair, byte[] data) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    /** DER ECDSA-Sig-Value to R‖S, 32 bytes each. */
    private static byte[] toP1363(byte[] der) {
        org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        byte[] out = new byte[64];
        for (int i = 0; i < 2; i++) {
            byte[] n = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(
                    32,
                    org.bouncycastle.asn1.ASN1Integer.getInstance(seq.getObjectAt(i))
                            .getValue());
            System.arraycopy(n, 0, out, 32 * i, 32);
        }
        return out;
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
