package dev.cairn.server;

import dev.cairn.faults.Fault;
import dev.cairn.issuance.CaKeyAlgorithm;
import dev.cairn.issuance.IssuanceConfig;
import dev.cairn.issuance.Profile;
import dev.cairn.issuance.Profiles;
import dev.cairn.validation.ValidationDelay;
import dev.cairn.variation.VariationSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration of one Cairn instance: one immutable record tree, validated when
 * built and frozen before the first request. The command line and embedding tests both build
 * it through {@link Builder}.
 *
 * <p>{@code publicBaseUrl} is the origin every URL Cairn hands out is built from (directory,
 * Location, Link, the JWS {@code url} check). It never comes from a request's Host header, so
 * a spoofed Host cannot redirect clients. When null it is derived from the bound ACME
 * listener ({@code https://host:port}).
 */
public record CairnConfig(
        InetSocketAddress listen,
        InetSocketAddress adminListen,
        Path tlsCert,
        Path tlsKey,
        InetSocketAddress dnsResolver,
        int http01Port,
        int tlsAlpn01Port,
        boolean strict,
        Eab eab,
        boolean inMemory,
        Path dataDir,
        URI publicBaseUrl,
        Database database,
        Retention retention,
        Timings timings,
        Meta meta,
        Ca ca,
        Testing testing) {

    public CairnConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(adminListen, "adminListen");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(eab, "eab");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(testing, "testing");
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
        }
        if (http01Port < 1 || http01Port > 65535 || tlsAlpn01Port < 1 || tlsAlpn01Port > 65535) {
            throw new IllegalArgumentException("validation ports must be between 1 and 65535");
        }
        if (!inMemory && dataDir == null) {
            throw new IllegalArgumentException("give --data-dir, or --in-memory for a throw-away instance");
        }
        if (!inMemory && ca.chainLength() != 1) {
            throw new IllegalArgumentException("--chain-length above 1 needs --in-memory or --test");
        }
        if (inMemory && database != null) {
            throw new IllegalArgumentException("--in-memory and --database exclude each other");
        }
    }

    /**
     * A shared PostgreSQL database (issue 3). The password is kept out of {@link #toString()}
     * and out of every log line.
     */
    public record Database(String jdbcUrl, String user, String password) {
        public Database {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(
                        "--database must be a jdbc:postgresql:// URL, not " + redacted(jdbcUrl));
            }
        }

        /** The URL without its query string, which may carry credentials. */
        public String safeUrl() {
            return redacted(jdbcUrl);
        }

        private static String redacted(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q) + "?…";
        }

        @Override
        public String toString() {
            return "Database[" + safeUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + "]";
        }
    }

    /**
     * Retention (issue 3): orders and authorizations that expired more than {@code window} ago
     * are deleted every {@code interval}; accounts, certificates and revocations are kept.
     */
    /**
     * What is kept. {@code memoryCertificates}: with in-memory storage, how many certificates
     * (with their orders) are kept before the oldest are forgotten; 0 keeps all.
     */
    public record Retention(Duration window, Duration interval, int memoryCertificates) {
        public static final int DEFAULT_MEMORY_CERTIFICATES = 10_000;

        public Retention {
            if (window.isNegative() || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("retention window must be ≥ 0 and the interval > 0");
            }
            if (memoryCertificates < 0) {
                throw new IllegalArgumentException("--memory-certificates must be ≥ 0 (0 keeps all)");
            }
        }

        public Retention(Duration window, Duration interval) {
            this(window, interval, DEFAULT_MEMORY_CERTIFICATES);
        }

        public static Retention defaults() {
            return new Retention(Duration.ofDays(7), Duration.ofHours(1));
        }
    }

    /**
     * Lifetimes and polling hints (RFC 8555 §7.1.3, §7.1.4, §7.4, §8.2). {@code validationWait}
     * and {@code finalizeWait} are how long a challenge response or a finalize request waits for
     * work that usually takes milliseconds, so that a client is not sent away for a whole
     * {@code Retry-After} second when the answer is nearly ready.
     */
    public record Timings(
            Duration orderLifetime,
            Duration pendingAuthorizationLifetime,
            Duration validAuthorizationLifetime,
            Duration certificateLifetime,
            Duration nonceLifetime,
            Duration retryAfter,
            Duration validationWait,
            Duration finalizeWait,
            int ordersPerPage) {
        public static Timings defaults() {
            return new Timings(
                    Duration.ofHours(24),
                    Duration.ofHours(24),
                    Duration.ofDays(30),
                    Duration.ofDays(90),
                    Duration.ofHours(1),
                    Duration.ofSeconds(1),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(2),
                    100);
        }

        public Timings withOrdersPerPage(int n) {
            return new Timings(
                    orderLifetime,
                    pendingAuthorizationLifetime,
                    validAuthorizationLifetime,
                    certificateLifetime,
                    nonceLifetime,
                    retryAfter,
                    validationWait,
                    finalizeWait,
                    n);
        }

        public Timings withRetryAfter(Duration d) {
            return new Timings(
                    orderLifetime,
                    pendingAuthorizationLifetime,
                    validAuthorizationLifetime,
                    certificateLifetime,
                    nonceLifetime,
                    d,
                    validationWait,
                    finalizeWait,
                    ordersPerPage);
        }

        public Timings withLifetimes(Duration order, Duration pendingAuthorization, Duration certificate) {
            return new Timings(
                    order,
                    pendingAuthorization,
                    validAuthorizationLifetime,
                    certificate,
                    nonceLifetime,
                    retryAfter,
                    validationWait,
                    finalizeWait,
                    ordersPerPage);
        }

        public Timings withWaits(Duration validation, Duration finalize) {
            return new Timings(
                    orderLifetime,
                    pendingAuthorizationLifetime,
                    validAuthorizationLifetime,
                    certificateLifetime,
                    nonceLifetime,
                    retryAfter,
                    validation,
                    finalize,
                    ordersPerPage);
        }
    }

    /** The directory's {@code meta} object (RFC 8555 §7.1.1). */
    public record Meta(URI termsOfService, URI website, List<String> caaIdentities, boolean externalAccountRequired) {
        public Meta {
            caaIdentities = List.copyOf(caaIdentities);
        }

        public static Meta defaults() {
            return new Meta(
                    URI.create("data:text/plain,Cairn%20test%20CA%20terms%20of%20service"),
                    URI.create("https://github.com/cairn-acme/cairn"),
                    List.of("cairn.test"),
                    false);
        }

        /** {@code --eab-required}: the directory says so and newAccount enforces it (RFC 8555 §7.3.4). */
        public Meta withExternalAccountRequired(boolean required) {
            return new Meta(termsOfService, website, caaIdentities, required);
        }
    }

    /**
     * External account binding keys issued at start-up (key id → base64url HMAC key, from
     * {@code --eab-keys}) and whether a key id may bind one account only. Whether a binding is
     * required is {@link Meta#externalAccountRequired()}, so the directory and newAccount
     * always agree. {@link #toString()} names the key ids only.
     */
    public record Eab(boolean singleUse, Map<String, String> keys) {
        public Eab {
            keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        public static Eab none() {
            return new Eab(false, Map.of());
        }

        @Override
        public String toString() {
            return "Eab[singleUse=" + singleUse + ", kids=" + keys.keySet() + "]";
        }
    }

    /**
     * The CA hierarchy: key type of roots and intermediates, how many extra roots (Pebble's
     * alternate roots), how many intermediates between leaf and root (Pebble's chain length), the
     * operator's profiles on top of the built-in ones ({@code --profile}) and the default profile
     * (null: classic).
     */
    public record Ca(
            CaKeyAlgorithm keyAlgorithm,
            int alternateRoots,
            int chainLength,
            List<Profile> profiles,
            String defaultProfile) {
        public Ca {
            profiles = List.copyOf(profiles);
            // IssuanceConfig and Profiles own the limits; checking them here stops start-up before anything listens
            new IssuanceConfig(
                    keyAlgorithm, alternateRoots, IssuanceConfig.defaults().certificateLifetime(), chainLength);
            Profiles.withExtra(IssuanceConfig.defaults().certificateLifetime(), profiles, defaultProfile);
        }

        public Ca(CaKeyAlgorithm keyAlgorithm, int alternateRoots, int chainLength) {
            this(keyAlgorithm, alternateRoots, chainLength, List.of(), null);
        }

        public Ca(CaKeyAlgorithm keyAlgorithm, int alternateRoots) {
            this(keyAlgorithm, alternateRoots, 1);
        }

        public static Ca defaults() {
            IssuanceConfig d = IssuanceConfig.defaults();
            return new Ca(d.keyAlgorithm(), d.alternateRoots(), d.chainLength());
        }
    }

    /**
     * Test mode's knobs (README "Test mode"). {@link #off()} is normal operation. {@code seed}
     * seeds the one {@link java.util.Random} behind every dice roll, so a run can be replayed.
     *
     * @param nonceRejectPercent share of valid nonces refused with badNonce
     * @param validationDelay wait before each validation attempt
     * @param alwaysValid every challenge succeeds without a network check
     * @param authzReusePercent chance that newOrder reuses a valid authorization it found
     * @param flakyValidationPercent share of validations failed with a connection problem
     * @param slowFinalizePolls polls of a finished order that still show processing
     * @param faults injected faults, replaceable at run time on the management API
     * @param blockedDomains names refused with rejectedIdentifier, with every name under them
     * @param variation legal-variation mode: which choices RFC 8555 leaves to the server are
     *     randomised from the seed (README "Legal-variation mode")
     */
    public record Testing(
            int nonceRejectPercent,
            ValidationDelay validationDelay,
            boolean alwaysValid,
            int authzReusePercent,
            int flakyValidationPercent,
            int slowFinalizePolls,
            List<Fault> faults,
            List<String> blockedDomains,
            long seed,
            VariationSettings variation) {
        public Testing {
            Objects.requireNonNull(validationDelay, "validationDelay");
            Objects.requireNonNull(variation, "variation");
            faults = List.copyOf(faults);
            blockedDomains = List.copyOf(blockedDomains);
            percent(nonceRejectPercent, "--nonce-reject");
            percent(authzReusePercent, "--authz-reuse");
            percent(flakyValidationPercent, "--flaky-validation");
            if (slowFinalizePolls < 0) {
                throw new IllegalArgumentException("--slow-finalize must be ≥ 0, not " + slowFinalizePolls);
            }
        }

        /** Without legal-variation mode. */
        public Testing(
                int nonceRejectPercent,
                ValidationDelay validationDelay,
                boolean alwaysValid,
                int authzReusePercent,
                int flakyValidationPercent,
                int slowFinalizePolls,
                List<Fault> faults,
                List<String> blockedDomains,
                long seed) {
            this(
                    nonceRejectPercent,
                    validationDelay,
                    alwaysValid,
                    authzReusePercent,
                    flakyValidationPercent,
                    slowFinalizePolls,
                    faults,
                    blockedDomains,
                    seed,
                    VariationSettings.none());
        }

        public static Testing off() {
            return new Testing(0, ValidationDelay.NONE, false, 100, 0, 0, List.of(), List.of(), 0);
        }

        /** The same knobs with legal-variation mode set to {@code v}. */
        public Testing withVariation(VariationSettings v) {
            return new Testing(
                    nonceRejectPercent,
                    validationDelay,
                    alwaysValid,
                    authzReusePercent,
                    flakyValidationPercent,
                    slowFinalizePolls,
                    faults,
                    blockedDomains,
                    seed,
                    v);
        }

        /** Whether any knob differs from normal operation (the seed aside). */
        public boolean active() {
            return !new Testing(
                            nonceRejectPercent,
                            validationDelay,
                            alwaysValid,
                            authzReusePercent,
                            flakyValidationPercent,
                            slowFinalizePolls,
                            faults,
                            blockedDomains,
                            0,
                            variation)
                    .equals(off());
        }

        private static void percent(int value, String name) {
            if (value < 0 || value > 100) {
                throw new IllegalArgumentException(name + " is a percentage, 0 to 100, not " + value);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults as documented for {@code ./cairn serve}. */
    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 14000);
        private InetSocketAddress adminListen = new InetSocketAddress("127.0.0.1", 15000);
        private Path tlsCert;
        private Path tlsKey;
        private InetSocketAddress dnsResolver;
        private int http01Port = 80;
        private int tlsAlpn01Port = 443;
        private boolean strict;
        private boolean inMemory;
        private Path dataDir = Path.of("cairn-data");
        private URI publicBaseUrl;
        private Database database;
        private Retention retention = Retention.defaults();
        private Timings timings = Timings.defaults();
        private Meta meta = Meta.defaults();
        private Eab eab = Eab.none();
        private Ca ca = Ca.defaults();
        private Testing testing = Testing.off();

        public Builder listen(InetSocketAddress v) {
            listen = v;
            return this;
        }

        public Builder adminListen(InetSocketAddress v) {
            adminListen = v;
            return this;
        }

        public Builder tls(Path cert, Path key) {
            tlsCert = cert;
            tlsKey = key;
            return this;
        }

        public Builder dnsResolver(InetSocketAddress v) {
            dnsResolver = v;
            return this;
        }

        public Builder http01Port(int v) {
            http01Port = v;
            return this;
        }

        public Builder tlsAlpn01Port(int v) {
            tlsAlpn01Port = v;
            return this;
        }

        public Builder strict(boolean v) {
            strict = v;
            return this;
        }
        /**
         * Every challenge valid without a network check (Pebble's {@code PEBBLE_VA_ALWAYS_VALID}):
         * for benchmarks and client tests, never for a CA anyone trusts.
         */
        public Builder alwaysValid(boolean v) {
            Testing t = testing;
            testing = new Testing(
                    t.nonceRejectPercent(),
                    t.validationDelay(),
                    v,
                    t.authzReusePercent(),
                    t.flakyValidationPercent(),
                    t.slowFinalizePolls(),
                    t.faults(),
                    t.blockedDomains(),
                    t.seed(),
                    t.variation());
            return this;
        }

        /** Legal-variation mode ({@code --vary}, {@code --vary-per}), drawn from the testing seed. */
        public Builder variation(VariationSettings v) {
            testing = testing.withVariation(v);
            return this;
        }

        public Builder inMemory(boolean v) {
            inMemory = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder publicBaseUrl(URI v) {
            publicBaseUrl = v;
            return this;
        }

        public Builder database(Database v) {
            database = v;
            return this;
        }

        public Builder retention(Retention v) {
            retention = v;
            return this;
        }

        public Builder timings(Timings v) {
            timings = v;
            return this;
        }

        public Builder meta(Meta v) {
            meta = v;
            return this;
        }

        public Builder eab(Eab v) {
            eab = v;
            return this;
        }

        public Builder ca(Ca v) {
            ca = v;
            return this;
        }

        public Builder testing(Testing v) {
            testing = v;
            return this;
        }

        /** Ephemeral loopback ports for both listeners and in-memory storage: what a JUnit test wants. */
        public Builder forTests() {
            listen = new InetSocketAddress("127.0.0.1", 0);
            adminListen = new InetSocketAddress("127.0.0.1", 0);
            inMemory = true;
            dataDir = null;
            return this;
        }

        public CairnConfig build() {
            return new CairnConfig(
                    listen,
                    adminListen,
                    tlsCert,
                    tlsKey,
                    dnsResolver,
                    http01Port,
                    tlsAlpn01Port,
                    strict,
                    eab,
                    inMemory,
                    dataDir,
                    publicBaseUrl,
                    database,
                    retention,
                    timings,
                    meta,
                    ca,
                    testing);
        }
    }
}
