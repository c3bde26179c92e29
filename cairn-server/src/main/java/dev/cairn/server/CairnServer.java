package dev.cairn.server;

import dev.cairn.admin.AdminHandler;
import dev.cairn.authority.Authority;
import dev.cairn.authority.AuthorityPolicy;
import dev.cairn.authority.AuthorizationReuse;
import dev.cairn.authority.ExternalAccountBinding;
import dev.cairn.conformance.AccountNames;
import dev.cairn.conformance.ClientConformance;
import dev.cairn.conformance.ConformanceReport;
import dev.cairn.conformance.InMemoryConformanceRecorder;
import dev.cairn.crypto.CryptoBackend;
import dev.cairn.faults.FaultInjector;
import dev.cairn.issuance.CertificateAuthority;
import dev.cairn.issuance.CertificateIssuer;
import dev.cairn.issuance.IssuanceConfig;
import dev.cairn.issuance.ListenerCertificates;
import dev.cairn.issuance.Profiles;
import dev.cairn.nonce.CounterNonceService;
import dev.cairn.nonce.NonceService;
import dev.cairn.nonce.RejectingNonceService;
import dev.cairn.nonce.ShapedNonceService;
import dev.cairn.policy.EabKeys;
import dev.cairn.policy.IdentifierPolicy;
import dev.cairn.storage.Storage;
import dev.cairn.validation.ChallengeValidator;
import dev.cairn.validation.TestModeValidator;
import dev.cairn.validation.ValidationConfig;
import dev.cairn.validation.ValidationDelay;
import dev.cairn.validation.ValidationService;
import dev.cairn.variation.Rolls;
import dev.cairn.variation.Variation;
import dev.cairn.variation.Variations;
import dev.cairn.web.AcmeHandler;
import dev.cairn.web.AcmeWeb;
import dev.cairn.web.Urls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cairn: the wiring of every component (the only place that picks
 * implementations) and the lifecycle of its two HTTPS listeners. Embeddable: a JUnit test
 * calls {@link #start(CairnConfig)} with {@link CairnConfig.Builder#forTests()} and {@link
 * #close()}s it.
 */
public final class CairnServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);
    /** Jetty's padding against false sharing: 16 references fill a 64-byte cache line or more. */
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    static {
        // Without it Jetty asks the HotSpot diagnostic MBean whether references are compressed,
        // which starts the platform MBean server: about 200 classes at every start-up.
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        }
    }

    private final Server jetty;
    private final ValidationService validation;
    private final ExecutorService issuanceExecutor;
    private final Storage storage;
    private final RetentionJob retention;
    private final String storageDescription;
    private final URI directoryUrl;
    private final URI adminUrl;
    private final Path trustAnchorPath;
    private final X509Certificate trustAnchor;
    private final CertificateAuthority ca;
    private final FaultInjector faults;
    private final ClientConformance conformance;

    private CairnServer(
            Server jetty,
            ValidationService validation,
            ExecutorService issuanceExecutor,
            Storage storage,
            RetentionJob retention,
            URI directoryUrl,
            URI adminUrl,
            Path trustAnchorPath,
            X509Certificate trustAnchor,
            CertificateAuthority ca,
            FaultInjector faults,
            ClientConformance conformance,
            String storageDescription) {
        this.jetty = jetty;
        this.validation = validation;
        this.issuanceExecutor = issuanceExecutor;
        this.storage = storage;
        this.retention = retention;
        this.storageDescription = storageDescription;
        this.directoryUrl = directoryUrl;
        this.adminUrl = adminUrl;
        this.trustAnchorPath = trustAnchorPath;
        this.trustAnchor = trustAnchor;
        this.ca = ca;
        this.faults = faults;
        this.conformance = conformance;
    }

    public static CairnServer start(CairnConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts with the given clock as the CA's idea of now (certificate validity, expiry of nonces, orders
     * and authorizations, renewal windows); tests move it to see time pass without waiting.
     */
    public static CairnServer start(CairnConfig config, Clock clock) throws Exception {
        StartupPhases phases = StartupPhases.systemTicker();
        SecureRandom random = new SecureRandom();
        Path dataDir = config.dataDir();
        if (dataDir != null) {
            Files.createDirectories(dataDir);
        }
        CairnConfig.Testing testing = config.testing();
        Variations variations =
                Variations.choose(testing.variation(), testing.seed(), CounterNonceService.NONCE_LENGTH);
        if (testing.variation().any()) {
            LOG.info(variations.describe());
        }
        IssuanceConfig issuanceConfig = new IssuanceConfig(
                config.ca().keyAlgorithm(),
                config.ca().alternateRoots(),
                config.timings().certificateLifetime(),
                config.ca().chainLength());
        // Keys are made on their own thread while Jetty is set up here (docs/performance.md "Start-up").
        StartupKeys keys = StartupKeys.make(config, issuanceConfig, listenerNames(config), clock, random);
        Server jetty = new Server(threadPool());
        ServerConnector acmeConnector = Listeners.https(jetty, config.listen(), variations.http2(), false);
        ServerConnector adminConnector = Listeners.https(jetty, config.adminListen(), true, true);
        jetty.addConnector(acmeConnector);
        jetty.addConnector(adminConnector);
        try {
            // Bind first, so that ephemeral ports are known before URLs are built.
            acmeConnector.open();
            adminConnector.open();
            phases.mark("listeners bound");
            return wire(config, clock, random, issuanceConfig, keys, jetty, variations, phases);
        } catch (Throwable e) {
            acmeConnector.close();
            adminConnector.close();
            throw e;
        }
    }

    /** The rest of {@link #start}, once the listeners are bound. */
    private static CairnServer wire(
            CairnConfig config,
            Clock clock,
            SecureRandom random,
            IssuanceConfig issuanceConfig,
            StartupKeys keys,
            Server jetty,
            Variations variations,
            StartupPhases phases)
            throws Exception {
        ServerConnector acmeConnector = (ServerConnector) jetty.getConnectors()[0];
        ServerConnector adminConnector = (ServerConnector) jetty.getConnectors()[1];
        CertificateAuthority ca = keys.ca();
        phases.mark("ca");
        Path dataDir = config.dataDir();
        CairnConfig.Testing testing = config.testing();
        Random dice = new Random(testing.seed());
        URI base = config.publicBaseUrl() != null
                ? config.publicBaseUrl()
                : URI.create("https://" + hostForUrl(config.listen()) + ":" + acmeConnector.getLocalPort());
        Urls urls = new Urls(base, variations.paths());

        Storage storage = Storages.open(config);
        phases.mark("storage");
        CairnConfig.Timings t = config.timings();
        NonceService nonces =
                new CounterNonceService(clock, random, t.nonceLifetime(), CounterNonceService.DEFAULT_TRACKED_COUNTERS);
        if (variations.has(Variation.NONCE_SHAPE)) {
            nonces = new ShapedNonceService(nonces, variations.nonce(), random);
        }
        if (testing.nonceRejectPercent() > 0) {
            nonces = new RejectingNonceService(nonces, testing.nonceRejectPercent(), dice);
        }
        ValidationService validation = validationService(config, dice);
        FaultInjector faults = new FaultInjector(testing.faults(), dice);
        ExecutorService issuanceExecutor = issuanceExecutor();
        AuthorityPolicy policy = new AuthorityPolicy(
                t.orderLifetime(),
                t.pendingAuthorizationLifetime(),
                t.validAuthorizationLifetime(),
                t.certificateLifetime(),
                t.validationWait(),
                t.finalizeWait(),
                config.meta().termsOfService() != null);
        CairnConfig.Meta meta = config.meta();
        EabKeys eabKeys = eabKeys(config.eab());
        Authority authority = Authority.create(
                storage,
                policy,
                new IdentifierPolicy(100, testing.blockedDomains()),
                new CertificateIssuer(
                        ca,
                        issuanceConfig,
                        clock,
                        random,
                        Profiles.withExtra(
                                t.certificateLifetime(),
                                config.ca().profiles(),
                                config.ca().defaultProfile())),
                validation,
                issuanceExecutor,
                clock,
                random,
                new ExternalAccountBinding(eabKeys, meta.externalAccountRequired()),
                AuthorizationReuse.percent(
                        variations.has(Variation.AUTHZ_REUSE)
                                ? variations.authzReusePercent()
                                : testing.authzReusePercent(),
                        dice));
        ClientConformance conformance =
                new ClientConformance(new InMemoryConformanceRecorder(), clock, new AccountNames() {
                    @Override
                    public String idOf(String url) {
                        return urls.accountId(url);
                    }

                    @Override
                    public String urlOf(String id) {
                        return urls.account(id);
                    }

                    @Override
                    public boolean exists(String id) {
                        return storage.accountById(id).isPresent();
                    }
                });
        AcmeHandler acme = AcmeWeb.handler(
                urls,
                nonces,
                authority,
                new AcmeWeb.Settings(
                        meta.termsOfService(),
                        meta.website(),
                        meta.caaIdentities(),
                        meta.externalAccountRequired(),
                        t.retryAfter(),
                        t.ordersPerPage(),
                        config.strict(),
                        faults,
                        testing.slowFinalizePolls()),
                new Rolls(variations),
                clock,
                conformance);
        jetty.setHandler(new Listeners.ByConnector(
                acmeConnector,
                acme,
                new AdminHandler(ca, storage, eabKeys, faults, authority.renewals(), dataDir == null, conformance)));
        phases.mark("handlers");
        Authority.Recovery recovery = authority.recover();
        if (recovery.failedOrders() + recovery.resumedValidations() > 0) {
            LOG.info(
                    "recovered from the previous run: {} orders left processing were failed, {} validations resumed",
                    recovery.failedOrders(),
                    recovery.resumedValidations());
        }
        if (recovery.spentEabKeyIds() > 0) {
            LOG.info("single-use EAB: {} key ids are already bound to stored accounts", recovery.spentEabKeyIds());
        }
        RetentionJob retention = RetentionJob.start(storage, config.retention(), clock);
        phases.mark("recovery");
        ListenerCertificates listenerCerts = keys.listenerCertificates();
        Listeners.useCertificates(acmeConnector, listenerCerts);
        Listeners.useCertificates(adminConnector, listenerCerts);
        phases.mark("listener certificates");
        LOG.info("signatures: {}", CryptoBackend.awaitChoice().description());
        jetty.start();
        phases.mark("jetty start");

        Path trustAnchorPath = trustAnchorFile(dataDir);
        listenerCerts.writeTrustAnchor(trustAnchorPath);
        phases.mark("trust anchor");
        LOG.debug("start-up phases, {}", phases.summary());
        URI adminUrl = URI.create("https://" + hostForUrl(config.adminListen()) + ":" + adminConnector.getLocalPort());
        return new CairnServer(
                jetty,
                validation,
                issuanceExecutor,
                storage,
                retention,
                URI.create(urls.directory()),
                adminUrl,
                trustAnchorPath,
                listenerCerts.trustAnchor(),
                ca,
                faults,
                conformance,
                Storages.describe(config));
    }

    private static ValidationService validationService(CairnConfig config, Random dice) {
        ValidationConfig vc = new ValidationConfig(
                config.dnsResolver(), config.http01Port(), config.tlsAlpn01Port(), Duration.ofSeconds(10), false);
        CairnConfig.Testing testing = config.testing();
        if (testing.alwaysValid()) {
            LOG.warn("*** --always-valid: challenge validation is DISABLED; every challenge is valid without any"
                    + " check. Testing and benchmarks only: never trust certificates from this instance. ***");
        }
        if (!testing.alwaysValid()
                && testing.flakyValidationPercent() == 0
                && testing.validationDelay().equals(ValidationDelay.NONE)) {
            return new ValidationService(vc);
        }
        Supplier<List<ChallengeValidator>> validators = () -> ValidationService.standardValidators(vc).stream()
                .<ChallengeValidator>map(v -> new TestModeValidator(
                        v, testing.validationDelay(), testing.flakyValidationPercent(), testing.alwaysValid(), dice))
                .toList();
        return new ValidationService(validators, ValidationService.DEFAULT_THREADS, ValidationService.DEFAULT_QUEUE);
    }

    private static EabKeys eabKeys(CairnConfig.Eab eab) {
        EabKeys keys = new EabKeys(eab.singleUse());
        eab.keys().forEach(keys::add);
        return keys;
    }

    private static List<String> listenerNames(CairnConfig config) {
        List<String> names = new ArrayList<>();
        for (InetSocketAddress a : List.of(config.listen(), config.adminListen())) {
            String host = a.getHostString();
            if (!host.isEmpty() && !names.contains(host) && !"0.0.0.0".equals(host) && !"::".equals(host)) {
                names.add(host);
            }
        }
        if (config.publicBaseUrl() != null && config.publicBaseUrl().getHost() != null) {
            names.add(config.publicBaseUrl().getHost().replaceAll("^\\[|\\]$", ""));
        }
        return names;
    }

    private static String hostForUrl(InetSocketAddress address) {
        String host = address.getHostString();
        if (host.isEmpty() || "0.0.0.0".equals(host)) {
            return "localhost";
        }
        if ("::".equals(host)) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static Path trustAnchorFile(Path dataDir) throws java.io.IOException {
        if (dataDir != null) {
            return dataDir.resolve("tls").resolve("cairn-tls-root.pem");
        }
        Path dir = Files.createTempDirectory("cairn-");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve("cairn-tls-root.pem");
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * Request handlers block (storage, the short waits for validation and issuance), so on
     * JDK 21+ they run on virtual threads; on 17 on a bounded platform pool.
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("cairn-http");
        pool.setDaemon(true);
        if (VirtualThreads.areSupported()) {
            pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("cairn-request"));
        }
        return pool;
    }

    private static ExecutorService issuanceExecutor() {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "cairn-ca-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public URI directoryUrl() {
        return directoryUrl;
    }

    public URI adminUrl() {
        return adminUrl;
    }

    public Path trustAnchorPath() {
        return trustAnchorPath;
    }

    public X509Certificate trustAnchor() {
        return trustAnchor;
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /** The injected faults, changeable while running (as {@code POST /faults} on the management API does). */
    public FaultInjector faults() {
        return faults;
    }

    /** The client conformance report of every client: list, read and clear reports. */
    public ClientConformance conformance() {
        return conformance;
    }

    /**
     * The conformance report of one account, named by its URL (the {@code kid}), its id, or
     * {@code anonymous}; {@link ConformanceReport#clean()} is what a client's test asserts.
     *
     * @throws java.util.NoSuchElementException when no such account exists
     */
    public ConformanceReport conformanceReport(String accountUrl) {
        return conformance.report(accountUrl);
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the listeners failed", e);
        }
        retention.close();
        validation.close();
        issuanceExecutor.shutdown();
        try {
            issuanceExecutor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
    }

    /** Where this instance keeps its state, for the start-up message (never a password). */
    public String storageDescription() {
        return storageDescription;
    }
}
