package dev.cairn.server;

import dev.cairn.issuance.CertificateAuthority;
import dev.cairn.issuance.IssuanceConfig;
import dev.cairn.issuance.ListenerCertificates;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The CA hierarchy and the listeners' TLS certificates, made on a thread of their own
 * ({@code cairn-start-keys}) while {@link CairnServer#start} sets up Jetty: key generation and
 * signing are the largest independent piece of start-up (docs/performance.md, "Start-up").
 * Their getters wait for them and throw what making them threw, as if it had happened there.
 */
final class StartupKeys {
    private final CompletableFuture<CertificateAuthority> ca = new CompletableFuture<>();
    private final CompletableFuture<ListenerCertificates> listenerCertificates = new CompletableFuture<>();

    private StartupKeys() {}

    static StartupKeys make(
            CairnConfig config, IssuanceConfig issuance, List<String> listenerNames, Clock clock, SecureRandom random) {
        Path dataDir = config.dataDir();
        StartupKeys keys = new StartupKeys();
        Thread thread = new Thread(
                () -> {
                    complete(
                            keys.ca,
                            () -> dataDir == null
                                    ? CertificateAuthority.createInMemory(issuance, clock, random)
                                    : CertificateAuthority.loadOrCreate(
                                            dataDir.resolve("ca"), issuance, clock, random));
                    complete(
                            keys.listenerCertificates,
                            () -> config.tlsCert() != null
                                    ? ListenerCertificates.fromPem(config.tlsCert(), config.tlsKey())
                                    : ListenerCertificates.selfIssued(
                                            dataDir == null ? null : dataDir.resolve("tls"),
                                            listenerNames,
                                            clock,
                                            random));
                },
                "cairn-start-keys");
        thread.setDaemon(true);
        thread.start();
        return keys;
    }

    CertificateAuthority ca() {
        return await(ca);
    }

    ListenerCertificates listenerCertificates() {
        return await(listenerCertificates);
    }

    private static <T> void complete(CompletableFuture<T> future, Supplier<T> maker) {
        try {
            future.complete(maker.get());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
