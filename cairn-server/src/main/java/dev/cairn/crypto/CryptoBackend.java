package dev.cairn.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Which code does Cairn's hot-path signatures: native AWS-LC through the Amazon Corretto Crypto
 * Provider (ACCP) where it loads, else pure Java (BouncyCastle for ECDSA verification, the JDK
 * for the rest).
 *
 * <p>Why: each certificate costs about eight ECDSA verifications (one per JWS, one CSR) and one
 * signature. On the 2-core development machine the JDK 17 provider signs P-256 at about 700/s
 * and verifies at about 500/s, BouncyCastle verifies at about 13,000/s, and ACCP verifies at
 * about 18,000/s and signs at about 60,000/s (docs/performance.md). ACCP ships its native
 * library for Linux x86-64 only; anywhere else, or when its self-tests fail, or when the
 * operator says {@code CAIRN_CRYPTO=java} (environment) or {@code -Dcairn.crypto=java}, the
 * pure-Java backend is used. Results are the same either way (tests run both).
 *
 * <p>Providers are used as objects, never registered with {@link java.security.Security}, so an
 * application that embeds Cairn keeps its own provider list; only a standalone {@code cairn
 * serve} makes the native provider the JVM's default ({@link #installAsDefault()}), for TLS. Ed25519
 * stays with the JDK in both backends (rare in ACME, and cheap). Key generation stays with the
 * JDK so the injected {@link java.security.SecureRandom} keeps deciding keys; ACCP signs with
 * its own DRBG, which only affects the ECDSA nonce.
 */
public final class CryptoBackend {
    /** The environment variable and the system property ({@code cairn.crypto}) that choose. */
    public static final String SETTING = "CAIRN_CRYPTO";

    private static final int MAX_CACHED_KEYS = 10_000;
    private static final int MAX_IDLE_VERIFIERS = 64;

    private final Provider nativeProvider;
    private final String description;
    /** Keys already converted to the native provider's own form (account keys, CA keys). */
    private final Map<Key, Key> nativeKeys = new ConcurrentHashMap<>();
    /** Idle, reusable verifiers by JDK algorithm name, at most {@link #MAX_IDLE_VERIFIERS} each. */
    private final Map<String, ArrayBlockingQueue<Signature>> verifiers = new ConcurrentHashMap<>();

    private volatile boolean installed;

    private CryptoBackend(Provider nativeProvider, String description) {
        this.nativeProvider = nativeProvider;
        this.description = description;
    }

    /**
     * The backend for the next operation: the one chosen from {@link #SETTING} once it has
     * loaded, pure Java until then. Never blocks: loading the native library costs about half
     * a second of CPU, which runs on a background thread ({@link #preload()}) instead of
     * delaying start-up; the few signatures of start-up (CA and listener certificates) are
     * made in pure Java meanwhile. A server calls {@link #awaitChoice()} before it takes
     * requests, so every request sees the final backend.
     */
    public static CryptoBackend active() {
        CryptoBackend chosen = Active.chosen;
        return chosen != null ? chosen : Active.start();
    }

    /** Starts loading the chosen backend on a background thread, if that has not begun. */
    public static void preload() {
        active();
    }

    /** The chosen backend, waiting for the native library to load (or fail to) if need be. */
    public static CryptoBackend awaitChoice() {
        active();
        try {
            Active.LOADED.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CryptoBackend chosen = Active.chosen;
        return chosen != null ? chosen : pureJava();
    }

    /**
     * Asks for the chosen backend, once loaded, to become the JVM's first provider ({@link
     * #installAsDefault()}); at once if it has loaded already. For a standalone server only.
     */
    public static void installChosenAsDefault() {
        Active.install = true;
        CryptoBackend chosen = Active.chosen;
        if (chosen != null) {
            chosen.installAsDefault();
        }
    }

    /** BouncyCastle and the JDK only. */
    public static CryptoBackend pureJava() {
        return PureJava.BACKEND;
    }

    /** ACCP when it loads and passes its self-tests here, else the pure-Java backend. */
    public static CryptoBackend nativeIfAvailable() {
        return Native.BACKEND;
    }

    /** {@code java} (or off/false) forces pure Java; anything else, or nothing, prefers native. */
    static CryptoBackend choose(String setting) {
        String s = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "java", "off", "false", "pure-java" -> pureJava();
            default -> nativeIfAvailable();
        };
    }

    public boolean isNative() {
        return nativeProvider != null;
    }

    /** One line for the start-up log: which backend, and why pure Java when it is. */
    public String description() {
        return installed ? description + "; also the JVM's default provider (TLS, hashing, SecureRandom)" : description;
    }

    /**
     * Verifies {@code signature} over {@code input} with {@code key} under a JDK algorithm
     * name: native for ECDSA (DER or {@code …inP1363Format}) and RSA; pure Java: BouncyCastle for
     * ECDSA, the JDK for the rest. Throws for a malformed key or signature, as {@link
     * Signature#verify(byte[])} does.
     *
     * <p>{@link Signature} objects are not thread-safe but are reusable: after {@code verify} an
     * object is back in its initial state. Each algorithm keeps a small pool of idle ones, so
     * the hot path skips the provider lookup and (with ACCP) the growth of a fresh object's
     * input buffer, which were a fifth of the bytes a request allocated. An object that threw
     * is dropped. Keys must not be ones ACCP treats as its own throw-away copies: re-initialising
     * a reused object destroys those ({@link #nativeKey} makes proper ones; CryptoBackendTest).
     */
    public boolean verify(String jdkName, PublicKey key, byte[] input, byte[] signature)
            throws GeneralSecurityException {
        ArrayBlockingQueue<Signature> idle =
                verifiers.computeIfAbsent(jdkName, name -> new ArrayBlockingQueue<>(MAX_IDLE_VERIFIERS));
        Signature verifier = idle.poll();
        if (verifier == null) {
            verifier = verifier(jdkName);
        }
        verifier.initVerify(key);
        verifier.update(input);
        boolean valid = verifier.verify(signature);
        idle.offer(verifier);
        return valid;
    }

    /** A new, unshared verifier for a JDK algorithm name, from the provider this backend uses for it. */
    Signature verifier(String jdkName) throws NoSuchAlgorithmException {
        boolean ecdsa = jdkName.endsWith("withECDSA") || jdkName.endsWith("withECDSAinP1363Format");
        boolean rsa = jdkName.endsWith("withRSA");
        if (nativeProvider != null && (ecdsa || rsa)) {
            return Signature.getInstance(jdkName, nativeProvider);
        }
        if (ecdsa && !jdkName.endsWith("P1363Format")) {
            return Signature.getInstance(jdkName, BouncyCastle.PROVIDER);
        }
        return Signature.getInstance(jdkName);
    }

    /** The provider that signs certificates and CRLs, or null for the JDK's default. */
    public Provider signingProvider() {
        return nativeProvider;
    }

    /**
     * {@code key} in the native provider's own form, converted once and cached (ACCP otherwise
     * converts a foreign key on every use); the key itself in the pure-Java backend.
     */
    public PublicKey nativeKey(PublicKey key) throws GeneralSecurityException {
        return (PublicKey) translated(key);
    }

    /** As {@link #nativeKey(PublicKey)}, for a CA's private key. */
    public PrivateKey nativeKey(PrivateKey key) throws GeneralSecurityException {
        return (PrivateKey) translated(key);
    }

    private Key translated(Key key) throws GeneralSecurityException {
        if (nativeProvider == null || isNativeKey(key)) {
            return key;
        }
        Key cached = nativeKeys.get(key);
        if (cached != null) {
            return cached;
        }
        KeyFactory factory = KeyFactory.getInstance(key.getAlgorithm(), nativeProvider);
        // From the encoding, not translateKey: ACCP may treat a translated key as its own
        // throw-away copy and destroy it when a reused Signature object moves to another key.
        Key fresh = key instanceof PublicKey
                ? factory.generatePublic(new java.security.spec.X509EncodedKeySpec(key.getEncoded()))
                : factory.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        if (nativeKeys.size() >= MAX_CACHED_KEYS) {
            nativeKeys.clear();
        }
        nativeKeys.put(key, fresh);
        return fresh;
    }

    private static boolean isNativeKey(Key key) {
        return key.getClass().getName().startsWith("com.amazon.corretto.");
    }

    /**
     * Makes the native provider the JVM's first choice for every algorithm it offers, so TLS
     * (AES-GCM records, X25519, the handshake signature), hashing and {@code new SecureRandom()}
     * run in AWS-LC too. Only a standalone {@code cairn serve} does this (Main): a library must
     * not change its host's provider list. False, and nothing changed, in the pure-Java backend.
     */
    public synchronized boolean installAsDefault() {
        if (nativeProvider == null) {
            return false;
        }
        if (!installed && java.security.Security.insertProviderAt(nativeProvider, 1) != -1) {
            installed = true;
        }
        return true;
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * BouncyCastle, made on first use: building its provider registers a few thousand algorithms
     * (about a quarter of a second of CPU at start-up), and only pure-Java ECDSA verification needs
     * it. The loading thread ({@link Active}) makes it when it picks the pure-Java backend.
     */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private static final class PureJava {
        static final CryptoBackend BACKEND =
                new CryptoBackend(null, "pure Java (BouncyCastle for ECDSA verification, the JDK for the rest)");
    }

    private static final class Native {
        static final CryptoBackend BACKEND = load();

        private static CryptoBackend load() {
            try {
                AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
                Throwable error = accp.getLoadingError();
                if (error == null) {
                    accp.assertHealthy();
                    return new CryptoBackend(
                            accp, "native (Amazon Corretto Crypto Provider " + accp.getVersionStr() + ", AWS-LC)");
                }
                return fallback(error);
            } catch (RuntimeException | LinkageError e) {
                return fallback(e);
            }
        }

        private static CryptoBackend fallback(Throwable why) {
            return new CryptoBackend(
                    null, PureJava.BACKEND.description + "; the native provider is unavailable here: " + why);
        }
    }

    private static final class Active {
        static final CountDownLatch LOADED = new CountDownLatch(1);
        static final AtomicBoolean STARTED = new AtomicBoolean();
        static volatile CryptoBackend chosen;
        static volatile boolean install;

        static CryptoBackend start() {
            if (STARTED.compareAndSet(false, true)) {
                Thread loader = new Thread(Active::load, "cairn-crypto-load");
                loader.setDaemon(true);
                loader.start();
            }
            return pureJava();
        }

        private static void load() {
            try {
                CryptoBackend backend = choose(System.getProperty("cairn.crypto", System.getenv(SETTING)));
                if (install) {
                    backend.installAsDefault();
                }
                if (!backend.isNative()) {
                    Objects.requireNonNull(BouncyCastle.PROVIDER); // its ECDSA verifier, made here, not on a request
                }
                chosen = backend;
                if (install) {
                    backend.installAsDefault(); // asked for while this thread was between the two checks
                }
            } finally {
                LOADED.countDown();
            }
        }
    }
}
