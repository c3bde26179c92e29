package dev.cairn.server;

import dev.cairn.authority.CertificateId;
import dev.cairn.issuance.CertificateAuthority;
import dev.cairn.issuance.CertificateIssuer;
import dev.cairn.issuance.IssuanceConfig;
import dev.cairn.issuance.IssuedCertificate;
import dev.cairn.protocol.Identifier;
import dev.cairn.storage.sql.Seeder;
import dev.cairn.storage.sql.SqlStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn seed}: fills a database with stored issuance history, for measuring Cairn with a
 * big database (docs/performance.md, "Scale"). Not for production databases: it adds accounts
 * whose private keys are thrown away and certificates that were never handed to anyone.
 */
@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        description = "Benchmarking only: add N certificates' worth of accounts, orders, authorizations and"
                + " certificates to a Cairn database (SQLite under --data-dir, or --database)")
public final class SeedCommand implements Callable<Integer> {
    @Option(
            names = "--data-dir",
            description = "Data directory: its SQLite database (unless --database) and its CA, which signs"
                    + " the template certificates (created if missing)")
    Path dataDir;

    @Option(names = "--database", description = "PostgreSQL instead of SQLite, jdbc:postgresql://HOST:PORT/DB")
    String database;

    @Option(names = "--database-user", description = "PostgreSQL user (or env CAIRN_DATABASE_USER)")
    String databaseUser;

    @Option(
            names = "--database-password-file",
            description = "File holding the PostgreSQL password (or env CAIRN_DATABASE_PASSWORD)")
    Path databasePasswordFile;

    @Option(names = "--certificates", defaultValue = "1000000", description = "Default: ${DEFAULT-VALUE}")
    long certificates;

    @Option(names = "--accounts", description = "Accounts the certificates are spread over. Default: 1 per 100")
    Integer accounts;

    @Option(names = "--revoked", paramLabel = "PCT", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}")
    int revokedPercent;

    @Option(
            names = "--templates",
            defaultValue = "64",
            description = "Distinct real certificates whose bytes the rows copy. Default: ${DEFAULT-VALUE}")
    int templateCount;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of ids, names and serials")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (dataDir == null && database == null) {
            System.err.println("cairn seed: give --data-dir (SQLite) or --database (PostgreSQL)");
            return 2;
        }
        Clock clock = Clock.systemUTC();
        List<Seeder.Template> templates = templates(clock);
        int accountCount = accounts != null ? accounts : (int) Math.max(1, certificates / 100);
        Seeder.Settings settings =
                new Seeder.Settings(certificates, accountCount, revokedPercent, seed, clock.instant());
        try (SqlStorage storage = open()) {
            System.out.println("Seeding " + certificates + " certificates over " + accountCount + " accounts into "
                    + (database != null ? database : Storages.sqliteFile(dataDir)));
            Seeder.Report report = Seeder.seed(storage, settings, templates, done -> {
                if (done % 100_000 == 0 || done == certificates) {
                    System.out.println("  " + done + " certificates");
                }
            });
            System.out.printf(
                    "Stored %d accounts, %d orders, %d authorizations, %d challenges, %d certificates in %.1f s%n",
                    report.accounts(),
                    report.orders(),
                    report.authorizations(),
                    report.challenges(),
                    report.certificates(),
                    report.elapsed().toMillis() / 1000.0);
        }
        return 0;
    }

    private SqlStorage open() throws java.io.IOException {
        if (database == null) {
            return SqlStorage.sqlite(Storages.sqliteFile(dataDir));
        }
        String user = databaseUser != null ? databaseUser : System.getenv("CAIRN_DATABASE_USER");
        String password = databasePasswordFile != null
                ? Files.readString(databasePasswordFile).strip()
                : System.getenv("CAIRN_DATABASE_PASSWORD");
        return SqlStorage.postgres(database, user, password);
    }

    /** Real certificates from the data directory's CA (so they chain as Cairn's own would), or a throw-away CA. */
    private List<Seeder.Template> templates(Clock clock) throws GeneralSecurityException, java.io.IOException {
        SecureRandom random = new SecureRandom();
        IssuanceConfig config = IssuanceConfig.defaults();
        CertificateAuthority ca;
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            ca = CertificateAuthority.loadOrCreate(dataDir.resolve("ca"), config, clock, random);
        } else {
            ca = CertificateAuthority.createInMemory(config, clock, random);
        }
        CertificateIssuer issuer = new CertificateIssuer(ca, config, clock, random);
        KeyPairGenerator keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(new ECGenParameterSpec("secp256r1"), random);
        List<Seeder.Template> templates = new ArrayList<>();
        for (int i = 0; i < Math.max(1, templateCount); i++) {
            IssuedCertificate issued = issuer.issue(
                    keys.generateKeyPair().getPublic(),
                    List.of(Identifier.dns("template-" + i + ".seed.test")),
                    null,
                    null);
            templates.add(new Seeder.Template(
                    issued.leafDer(),
                    issued.chainsPem(),
                    CertificateId.of(issued.leafDer()).keyIdentifier()));
        }
        return templates;
    }
}
