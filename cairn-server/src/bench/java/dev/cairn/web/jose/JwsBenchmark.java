package dev.cairn.web.jose;

import dev.cairn.crypto.CryptoBackend;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flattened-JWS parse + verify as the request pipeline does it ({@link JwsParser}, then {@link
 * JwsVerifier} with the account's key), per algorithm and per crypto backend ({@code crypto}:
 * {@code native} is ACCP where it loads, {@code java} is BouncyCastle and the JDK); plus the bare
 * ES256 verification with the JDK's provider, BouncyCastle's and ACCP's (these ignore {@code
 * crypto}), to show what the provider alone costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwsBenchmark {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Provider BC = new BouncyCastleProvider();

    @Param({"native", "java"})
    public String crypto;

    private CryptoBackend backend;

    private KeyPair es256;
    private KeyPair rs256;
    private KeyPair eddsa;
    private byte[] es256Body;
    private byte[] rs256Body;
    private byte[] eddsaBody;
    private byte[] es256Input;
    private byte[] es256Signature;

    @Setup
    public void setUp() throws Exception {
        backend = crypto.equals("java") ? CryptoBackend.pureJava() : CryptoBackend.nativeIfAvailable();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        es256 = ec.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rs256 = rsa.generateKeyPair();
        eddsa = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        es256Body = jws(es256, "ES256", "SHA256withECDSAinP1363Format");
        rs256Body = jws(rs256, "RS256", "SHA256withRSA");
        eddsaBody = jws(eddsa, "EdDSA", "Ed25519");
        FlattenedJws parsed = JwsParser.parse(es256Body);
        es256Input = parsed.signingInput();
        es256Signature = Base64.getUrlDecoder().decode(parsed.signatureB64());
        if (!parseAndVerifyEs256()
                || !parseAndVerifyRs256()
                || !parseAndVerifyEdDsa()
                || !verifyEs256BouncyCastle()
                || !verifyEs256Accp()) {
            throw new IllegalStateException("a benchmark JWS does not verify");
        }
    }

    /** A kid-signed POST as a client sends it: a newOrder payload, a 22-character nonce. */
    private static byte[] jws(KeyPair key, String alg, String jdkName) throws Exception {
        String header = "{\"alg\":\"" + alg + "\",\"kid\":\"https://127.0.0.1:14000/acct/0123456789abcdef\","
                + "\"nonce\":\"Zm9vYmFyYmF6cXV4cXV1eA\",\"url\":\"https://127.0.0.1:14000/new-order\"}";
        String payload = "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"bench.example.test\"}]}";
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance(jdkName);
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        String[] parts = input.split("\\.");
        return ("{\"protected\":\"" + parts[0] + "\",\"payload\":\"" + parts[1] + "\",\"signature\":\""
                        + B64.encodeToString(s.sign()) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public boolean parseAndVerifyEs256() {
        return JwsVerifier.verify(backend, JwsParser.parse(es256Body), es256.getPublic());
    }

    @Benchmark
    public boolean parseAndVerifyRs256() {
        return JwsVerifier.verify(backend, JwsParser.parse(rs256Body), rs256.getPublic());
    }

    @Benchmark
    public boolean parseAndVerifyEdDsa() {
        return JwsVerifier.verify(backend, JwsParser.parse(eddsaBody), eddsa.getPublic());
    }

    @Benchmark
    public FlattenedJws parseOnly() {
        return JwsParser.parse(es256Body);
    }

    @Benchmark
    public boolean verifyEs256Jdk() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(es256.getPublic());
        s.update(es256Input);
        return s.verify(es256Signature);
    }

    @Benchmark
    public boolean verifyEs256BouncyCastle() throws Exception {
        Signature s = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
        s.initVerify(es256.getPublic());
        s.update(es256Input);
        return s.verify(es256Signature);
    }

    @Benchmark
    public boolean verifyEs256Accp() throws Exception {
        Signature s = Signature.getInstance(
                "SHA256withECDSAinP1363Format",
                CryptoBackend.nativeIfAvailable().signingProvider());
        s.initVerify(es256.getPublic());
        s.update(es256Input);
        return s.verify(es256Signature);
    }
}
