package dev.cairn.issuance;

import dev.cairn.crypto.CryptoBackend;
import dev.cairn.protocol.Identifier;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
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
 * The finalize path: the CSR check per crypto backend ({@code crypto}: {@code native} is ACCP
 * where it loads, {@code java} is BouncyCastle and the JDK); signing a prepared certificate with
 * the default CA's P-256 key per backend; and the whole {@link CertificateIssuer#issue} with
 * the JVM's active backend (as CairnServer wires it; run with {@code -jvmArgsAppend
 * -Dcairn.crypto=java} for the fallback).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IssuanceBenchmark {
    private static final List<Identifier> NAMES = List.of(Identifier.dns("bench.example.test"));

    @Param({"native", "java"})
    public String crypto;

    private CryptoBackend backend;
    private PrivateKey caKey;
    private X509v3CertificateBuilder prepared;
    private SecureRandom random;
    private byte[] csr;
    private PublicKey accountKey;
    private PublicKey subjectKey;
    private CertificateIssuer issuer;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair certKey = ec.generateKeyPair();
        accountKey = ec.generateKeyPair().getPublic();
        subjectKey = certKey.getPublic();
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "bench.example.test")));
        csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench.example.test"), certKey.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(certKey.getPrivate()))
                .getEncoded();
        Clock clock = Clock.systemUTC();
        random = new SecureRandom();
        IssuanceConfig config = IssuanceConfig.defaults();
        CertificateAuthority ca = CertificateAuthority.createInMemory(config, clock, random);
        issuer = new CertificateIssuer(ca, config, clock, random);
        backend = crypto.equals("java") ? CryptoBackend.pureJava() : CryptoBackend.nativeIfAvailable();
        caKey = ca.intermediateKey();
        prepared = new JcaX509v3CertificateBuilder(
                new X500Name("CN=bench issuer"),
                BigInteger.ONE,
                new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name("CN=bench.example.test"),
                subjectKey);
    }

    @Benchmark
    public PublicKey csrCheck() {
        return CsrChecker.check(backend, csr, NAMES, accountKey);
    }

    @Benchmark
    public X509CertificateHolder signOnly() {
        return prepared.build(Keys.signer(backend, caKey, random));
    }

    @Benchmark
    public IssuedCertificate signCertificate() {
        return issuer.issue(subjectKey, NAMES, null, null);
    }
}
