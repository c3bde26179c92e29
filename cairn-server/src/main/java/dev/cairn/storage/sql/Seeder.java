package dev.cairn.storage.sql;

import dev.cairn.authority.Ids;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Fills a Cairn database with the rows years of issuance leave behind, fast, for measuring how
 * Cairn's cost grows with stored data ({@code cairn seed}, docs/performance.md).
 *
 * <p>Design: rows go through the migrated schema with all its indexes, unique constraints and
 * foreign keys, in multi-row inserts ({@link BatchInsert}) committed every {@value
 * #ORDERS_PER_TRANSACTION} orders. What the rows hold, per certificate: one {@code valid} order
 * (one random DNS name, an RFC 9773 {@code replaces} for every second order, so the partial
 * unique index is populated), one valid authorization with three challenges (http-01 valid,
 * dns-01 and tls-alpn-01 pending; marked {@code kept} as a valid order's), the order's link to it, and the certificate, a share of them
 * revoked. Accounts have real, distinct P-256 keys and thumbprints. Every id, name, serial and
 * token is distinct and made as Cairn makes them (ids and serials: the creation second, then
 * random bits; names and tokens random), so the indexes see realistic keys. Honest
 * limit: signing a million certificates takes too long, so the certificate bytes ({@code
 * leaf_der}, {@code chains}) are copies of a few real certificates from the caller's {@link
 * Template}s; the serial column (and the order's names) differ from the serial and names inside
 * those bytes.
 */
public final class Seeder {
    private static final int ORDERS_PER_STATEMENT = 100;
    private static final int ORDERS_PER_TRANSACTION = 50_000;
    private static final Duration SPREAD = Duration.ofDays(90);
    private static final Duration ORDER_LIFETIME = Duration.ofHours(24);
    private static final Duration VALID_AUTHORIZATION_LIFETIME = Duration.ofDays(30);
    private static final Duration CERTIFICATE_LIFETIME = Duration.ofDays(90);
    private static final int[] REVOCATION_REASONS = {0, 1, 4, 5};
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** {@code revokedPercent} of the certificates are revoked; ids and times derive from {@code seed}. */
    public record Settings(long certificates, int accounts, int revokedPercent, long seed, Instant now) {
        public Settings {
            if (certificates < 0 || accounts < 1 || revokedPercent < 0 || revokedPercent > 100) {
                throw new IllegalArgumentException("need certificates ≥ 0, accounts ≥ 1 and revokedPercent in 0..100");
            }
            Objects.requireNonNull(now, "now");
        }
    }

    /** A real certificate whose bytes seeded rows copy; {@code authorityKeyId} is base64url. */
    public record Template(byte[] leafDer, List<String> chains, String authorityKeyId) {
        public Template {
            leafDer = leafDer.clone();
            chains = List.copyOf(chains);
        }

        @Override
        public byte[] leafDer() {
            return leafDer.clone();
        }
    }

    /** A template's column values, encoded once. */
    private record StoredTemplate(String leafDer, String chains, String authorityKeyId) {}

    public record Report(
            long accounts, long orders, long authorizations, long challenges, long certificates, Duration elapsed) {}

    private final Settings settings;
    private final List<StoredTemplate> templates;
    private final SplittableRandom random;

    private Seeder(Settings settings, List<Template> templates) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("need at least one template certificate");
        }
        this.settings = settings;
        this.templates = templates.stream()
                .map(t -> new StoredTemplate(
                        Base64.getEncoder().encodeToString(t.leafDer()),
                        StoredJson.strings(t.chains()),
                        t.authorityKeyId()))
                .toList();
        this.random = new SplittableRandom(settings.seed());
    }

    /** Adds the rows to {@code storage}'s database; {@code progress} hears the certificates stored so far. */
    public static Report seed(SqlStorage storage, Settings settings, List<Template> templates, LongConsumer progress) {
        Seeder seeder = new Seeder(settings, templates);
        long started = System.nanoTime();
        Tables tables = storage.withConnection(connection -> seeder.run(connection, progress));
        return new Report(
                tables.accounts.rows(),
                tables.orders.rows(),
                tables.authorizations.rows(),
                tables.challenges.rows(),
                tables.certificates.rows(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private Tables run(Connection connection, LongConsumer progress) throws SQLException {
        boolean sqlite = connection
                .getMetaData()
                .getDatabaseProductName()
                .toLowerCase(java.util.Locale.ROOT)
                .contains("sqlite");
        if (sqlite) {
            // Random names and rows spread over 90 days land on many index pages, so each
            // commit rewrites many pages: a big page cache, big transactions, and no fsync
            // (a failed seed is simply run again).
            pragma(connection, "PRAGMA cache_size = -1048576");
            pragma(connection, "PRAGMA synchronous = OFF");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Tables tables = new Tables(connection)) {
            List<String> accountIds = insertAccounts(connection, tables.accounts);
            String previousCertId = null;
            long total = settings.certificates();
            for (long i = 0; i < total; i++) {
                String account = accountIds.get(random.nextInt(accountIds.size()));
                previousCertId = insertCertificateHistory(tables, i, account, i % 2 == 1 ? previousCertId : null);
                if ((i + 1) % ORDERS_PER_STATEMENT == 0 || i + 1 == total) {
                    tables.flush();
                }
                if ((i + 1) % ORDERS_PER_TRANSACTION == 0 || i + 1 == total) {
                    connection.commit();
                    progress.accept(i + 1);
                }
            }
            connection.commit();
            if (!sqlite) {
                // what autovacuum would do shortly after a bulk load
                pragma(connection, "ANALYZE");
                connection.commit();
            }
            return tables;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
            if (sqlite) {
                pragma(connection, "PRAGMA cache_size = -2000");
                pragma(connection, "PRAGMA synchronous = FULL");
            }
        }
    }

    private static void pragma(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> insertAccounts(Connection connection, BatchInsert accounts) throws SQLException {
        X9ECParameters curve = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, curve), new SecureRandom()));
        long created = settings.now().minus(SPREAD).minus(Duration.ofDays(1)).toEpochMilli();
        List<String> ids = new ArrayList<>();
        for (int a = 0; a < settings.accounts(); a++) {
            AsymmetricCipherKeyPair key = generator.generateKeyPair();
            ECPoint q = ((ECPublicKeyParameters) key.getPublic()).getQ().normalize();
            String jwk = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                    + B64.encodeToString(q.getAffineXCoord().getEncoded()) + "\",\"y\":\""
                    + B64.encodeToString(q.getAffineYCoord().getEncoded()) + "\"}";
            String id = id(created);
            ids.add(id);
            accounts.add(
                    id,
                    thumbprint(jwk),
                    "EC",
                    spki(key),
                    jwk,
                    "[\"mailto:seed-" + a + "@example.com\"]",
                    "VALID",
                    true,
                    created,
                    null,
                    0L);
            if (ids.size() % ORDERS_PER_STATEMENT == 0) {
                accounts.flush();
            }
        }
        accounts.flush();
        connection.commit();
        return ids;
    }

    /** One issuance's rows; returns the certificate's RFC 9773 certID. */
    private String insertCertificateHistory(Tables t, long i, String account, String replaces) throws SQLException {
        long created = settings.now().minus(SPREAD).toEpochMilli() + SPREAD.toMillis() * i / settings.certificates();
        long validated = created + 1_000;
        long notBefore = (created + 2_000) / 1000 * 1000;
        long notAfter = notBefore + CERTIFICATE_LIFETIME.toMillis() - 1000;
        String name = "h" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ".seed.test";
        String identifiers = "[{\"type\":\"dns\",\"value\":\"" + name + "\"}]";
        String authz = id(created);
        String order = id(created);
        BigInteger serial = serial(notBefore);
        StoredTemplate template = templates.get((int) (i % templates.size()));

        t.authorizations.add(
                authz,
                account,
                "dns",
                name,
                false,
                "VALID",
                validated + VALID_AUTHORIZATION_LIFETIME.toMillis(),
                1L,
                true);
        t.challenges.add(authz, 0, id(created), "http-01", token(), "VALID", validated, null);
        t.challenges.add(authz, 1, id(created), "dns-01", token(), "PENDING", null, null);
        t.challenges.add(authz, 2, id(created), "tls-alpn-01", token(), "PENDING", null, null);
        t.orders.add(
                order,
                account,
                "VALID",
                created,
                created + ORDER_LIFETIME.toMillis(),
                identifiers,
                "[\"" + authz + "\"]",
                null,
                null,
                null,
                serial.toString(16),
                replaces,
                "classic",
                2L);
        t.links.add(order, authz);
        boolean revoked = random.nextInt(100) < settings.revokedPercent();
        t.certificates.add(
                serial.toString(16),
                account,
                order,
                template.leafDer(),
                template.chains(),
                identifiers,
                notBefore,
                notAfter,
                revoked ? notBefore + Duration.ofDays(1).toMillis() : null,
                revoked ? REVOCATION_REASONS[random.nextInt(REVOCATION_REASONS.length)] : null,
                revoked ? 1L : 0L);
        return template.authorityKeyId() + "." + B64.encodeToString(serial.toByteArray());
    }

    /** As Cairn's ({@link Ids}): the second it was made in, then 128 random bits. */
    private String id(long createdMillis) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Ids.id(createdMillis / 1000, b);
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** As Cairn's leaf serials: the second of issuance (32 bits), then 96 random bits. */
    private BigInteger serial(long issuedMillis) {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return BigInteger.valueOf((issuedMillis / 1000) & 0xFFFF_FFFFL)
                .shiftLeft(96)
                .or(new BigInteger(1, b));
    }

    private static String spki(AsymmetricCipherKeyPair key) {
        try {
            return Base64.getEncoder()
                    .encodeToString(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key.getPublic())
                            .getEncoded());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** RFC 7638: SHA-256 of the JWK with its required members in lexical order, as written above. */
    private static String thumbprint(String jwk) {
        try {
            return B64.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tables in the order their rows must reach the database (foreign keys). */
    private static final class Tables implements AutoCloseable {
        final BatchInsert accounts;
        final BatchInsert authorizations;
        final BatchInsert challenges;
        final BatchInsert orders;
        final BatchInsert links;
        final BatchInsert certificates;

        Tables(Connection c) {
            int text = Types.VARCHAR;
            int big = Types.BIGINT;
            int bool = Types.BOOLEAN;
            int integer = Types.INTEGER;
            accounts = new BatchInsert(
                    c,
                    "accounts",
                    List.of(
                            "id",
                            "thumbprint",
                            "key_algorithm",
                            "key_spki",
                            "key_jwk",
                            "contact",
                            "status",
                            "tos_agreed",
                            "created_at",
                            "eab",
                            "version"),
                    new int[] {text, text, text, text, text, text, text, bool, big, text, big});
            authorizations = new BatchInsert(
                    c,
                    "authorizations",
                    List.of(
                            "id",
                            "account_id",
                            "identifier_type",
                            "identifier_value",
                            "wildcard",
                            "status",
                            "expires",
                            "version",
                            "kept"),
                    new int[] {text, text, text, text, bool, text, big, big, bool});
            challenges = new BatchInsert(
                    c,
                    "challenges",
                    List.of("authorization_id", "position", "id", "type", "token", "status", "validated", "error"),
                    new int[] {text, integer, text, text, text, text, big, text});
            orders = new BatchInsert(
                    c,
                    "orders",
                    List.of(
                            "id",
                            "account_id",
                            "phase",
                            "created_at",
                            "expires",
                            "identifiers",
                            "authorization_ids",
                            "not_before",
                            "not_after",
                            "error",
                            "certificate_serial",
                            "replaces",
                            "profile",
                            "version"),
                    new int[] {text, text, text, big, big, text, text, big, big, text, text, text, text, big});
            links = new BatchInsert(
                    c, "order_authorizations", List.of("order_id", "authorization_id"), new int[] {text, text});
            certificates = new BatchInsert(
                    c,
                    "certificates",
                    List.of(
                            "serial",
                            "account_id",
                            "order_id",
                            "leaf_der",
                            "chains",
                            "identifiers",
                            "not_before",
                            "not_after",
                            "revoked_at",
                            "revocation_reason",
                            "version"),
                    new int[] {text, text, text, text, text, text, big, big, big, integer, big});
        }

        void flush() throws SQLException {
            authorizations.flush();
            challenges.flush();
            orders.flush();
            links.flush();
            certificates.flush();
        }

        @Override
        public void close() throws SQLException {
            for (BatchInsert table : List.of(accounts, authorizations, challenges, orders, links, certificates)) {
                table.close();
            }
        }
    }
}
