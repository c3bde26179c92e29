package dev.cairn.storage.sql;

import dev.cairn.authority.Account;
import dev.cairn.authority.AccountKey;
import dev.cairn.authority.Authorization;
import dev.cairn.authority.CertificateRecord;
import dev.cairn.authority.Challenge;
import dev.cairn.authority.Order;
import dev.cairn.protocol.AccountStatus;
import dev.cairn.protocol.AuthorizationStatus;
import dev.cairn.protocol.ChallengeStatus;
import dev.cairn.protocol.ChallengeType;
import dev.cairn.protocol.Identifier;
import dev.cairn.protocol.OrderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Result-set rows to records. Column names are those of the {@code db/migration} scripts. */
final class Rows {
    /** The authorization columns followed by its challenges' columns, prefixed {@code c_}. */
    static final String AUTHORIZATION_SELECT = """
            SELECT a.id, a.account_id, a.identifier_type, a.identifier_value, a.wildcard, a.status, a.expires,
                   a.version, c.id AS c_id, c.type AS c_type, c.token AS c_token, c.status AS c_status,
                   c.validated AS c_validated, c.error AS c_error
              FROM authorizations a LEFT JOIN challenges c ON c.authorization_id = a.id
            """;

    private Rows() {}

    static Account account(ResultSet rs) throws SQLException {
        AccountKey key = AccountKey.fromStored(
                rs.getString("key_algorithm"),
                decode(rs.getString("key_spki")),
                rs.getString("thumbprint"),
                rs.getString("key_jwk"));
        return new Account(
                rs.getString("id"),
                key,
                StoredJson.strings(rs.getString("contact")),
                AccountStatus.valueOf(rs.getString("status")),
                rs.getBoolean("tos_agreed"),
                instant(rs, "created_at"),
                rs.getString("eab"),
                rs.getLong("version"));
    }

    static Order order(ResultSet rs) throws SQLException {
        return new Order(
                rs.getString("id"),
                rs.getString("account_id"),
                OrderStatus.valueOf(rs.getString("phase")),
                instant(rs, "created_at"),
                instant(rs, "expires"),
                StoredJson.identifiers(rs.getString("identifiers")),
                StoredJson.strings(rs.getString("authorization_ids")),
                instant(rs, "not_before"),
                instant(rs, "not_after"),
                StoredJson.problem(rs.getString("error")),
                rs.getString("certificate_serial"),
                rs.getString("replaces"),
                rs.getString("profile"),
                rs.getLong("version"));
    }

    static CertificateRecord certificate(ResultSet rs) throws SQLException {
        int reason = rs.getInt("revocation_reason");
        Integer revocationReason = rs.wasNull() ? null : reason;
        return new CertificateRecord(
                rs.getString("serial"),
                rs.getString("account_id"),
                rs.getString("order_id"),
                decode(rs.getString("leaf_der")),
                StoredJson.strings(rs.getString("chains")),
                StoredJson.identifiers(rs.getString("identifiers")),
                instant(rs, "not_before"),
                instant(rs, "not_after"),
                instant(rs, "revoked_at"),
                revocationReason,
                StoredJson.renewalWindow(rs.getString("renewal_override")),
                rs.getLong("version"));
    }

    /** One row of {@link #AUTHORIZATION_SELECT}: the authorization without challenges, and one challenge or null. */
    record AuthorizationRow(Authorization authorization, Challenge challenge) {}

    static AuthorizationRow authorizationRow(ResultSet rs) throws SQLException {
        Authorization authz = new Authorization(
                rs.getString("id"),
                rs.getString("account_id"),
                new Identifier(rs.getString("identifier_type"), rs.getString("identifier_value")),
                rs.getBoolean("wildcard"),
                AuthorizationStatus.valueOf(rs.getString("status")),
                instant(rs, "expires"),
                List.of(),
                rs.getLong("version"));
        String challengeId = rs.getString("c_id");
        Challenge challenge = challengeId == null
                ? null
                : new Challenge(
                        challengeId,
                        ChallengeType.fromWire(rs.getString("c_type")),
                        rs.getString("c_token"),
                        ChallengeStatus.valueOf(rs.getString("c_status")),
                        instant(rs, "c_validated"),
                        StoredJson.problem(rs.getString("c_error")));
        return new AuthorizationRow(authz, challenge);
    }

    /** Folds joined rows (ordered by authorization, then challenge position) into authorizations. */
    static List<Authorization> authorizations(List<AuthorizationRow> rows) {
        Map<String, Authorization> byId = new LinkedHashMap<>();
        Map<String, List<Challenge>> challenges = new LinkedHashMap<>();
        for (AuthorizationRow row : rows) {
            byId.putIfAbsent(row.authorization().id(), row.authorization());
            List<Challenge> list =
                    challenges.computeIfAbsent(row.authorization().id(), k -> new ArrayList<>());
            if (row.challenge() != null) {
                list.add(row.challenge());
            }
        }
        return byId.values().stream()
                .map(a -> new Authorization(
                        a.id(),
                        a.accountId(),
                        a.identifier(),
                        a.wildcard(),
                        a.status(),
                        a.expires(),
                        challenges.get(a.id()),
                        a.version()))
                .toList();
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
