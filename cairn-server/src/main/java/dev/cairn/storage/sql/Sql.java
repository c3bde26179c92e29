package dev.cairn.storage.sql;

/** The statements of {@link SqlStorage}; each runs unchanged on SQLite and PostgreSQL. */
final class Sql {
    static final String INSERT_ACCOUNT = """
            INSERT INTO accounts (id, thumbprint, key_algorithm, key_spki, key_jwk, contact, status, tos_agreed,
                                  created_at, eab, version)
            VALUES (:id, :thumbprint, :keyAlgorithm, :keySpki, :keyJwk, :contact, :status, :tosAgreed,
                    :createdAt, :eab, :version)
            ON CONFLICT (thumbprint) DO NOTHING
            """;

    static final String UPDATE_ACCOUNT = """
            UPDATE accounts SET thumbprint = :thumbprint, key_algorithm = :keyAlgorithm, key_spki = :keySpki,
                   key_jwk = :keyJwk, contact = :contact, status = :status, tos_agreed = :tosAgreed,
                   created_at = :createdAt, eab = :eab, version = version + 1
             WHERE id = :id AND version = :expected
            """;

    static final String INSERT_ORDER = """
            INSERT INTO orders (id, account_id, phase, created_at, expires, identifiers, authorization_ids,
                                not_before, not_after, error, certificate_serial, replaces, profile,
                                version)
            VALUES (:id, :accountId, :phase, :createdAt, :expires, :identifiers, :authorizationIds,
                    :notBefore, :notAfter, :error, :certificateSerial, :replaces, :profile, :version)
            """;

    static final String UPDATE_ORDER = """
            UPDATE orders SET account_id = :accountId, phase = :phase, created_at = :createdAt, expires = :expires,
                   identifiers = :identifiers, authorization_ids = :authorizationIds, not_before = :notBefore,
                   not_after = :notAfter, error = :error, certificate_serial = :certificateSerial,
                   replaces = :replaces, profile = :profile, version = version + 1
             WHERE id = :id AND version = :expected
            """;

    static final String LINK_AUTHORIZATION = """
            INSERT INTO order_authorizations (order_id, authorization_id) VALUES (:orderId, :authzId)
            ON CONFLICT DO NOTHING
            """;

    static final String INSERT_AUTHORIZATION = """
            INSERT INTO authorizations (id, account_id, identifier_type, identifier_value, wildcard, status,
                                        expires, version)
            VALUES (:id, :accountId, :identifierType, :identifierValue, :wildcard, :status, :expires, :version)
            """;

    static final String UPDATE_AUTHORIZATION = """
            UPDATE authorizations SET account_id = :accountId, identifier_type = :identifierType,
                   identifier_value = :identifierValue, wildcard = :wildcard, status = :status,
                   expires = :expires, version = version + 1
             WHERE id = :id AND version = :expected
            """;

    static final String INSERT_CHALLENGE = """
            INSERT INTO challenges (authorization_id, position, id, type, token, status, validated, error)
            VALUES (:authzId, :position, :id, :type, :token, :status, :validated, :error)
            """;

    static final String WHERE_AUTHORIZATION_ID = " WHERE a.id = :id";

    static final String WHERE_ACCOUNT_IDENTIFIER =
            " WHERE a.account_id = :accountId AND a.identifier_type = :type AND a.identifier_value = :value";

    static final String WHERE_CHALLENGE_STATUS =
            " WHERE a.id IN (SELECT authorization_id FROM challenges WHERE status = :status)";

    static final String INSERT_CERTIFICATE = """
            INSERT INTO certificates (serial, account_id, order_id, leaf_der, chains, identifiers, not_before,
                                      not_after, revoked_at, revocation_reason, renewal_override, version)
            VALUES (:serial, :accountId, :orderId, :leafDer, :chains, :identifiers, :notBefore,
                    :notAfter, :revokedAt, :revocationReason, :renewalOverride, :version)
            """;

    static final String UPDATE_CERTIFICATE = """
            UPDATE certificates SET account_id = :accountId, order_id = :orderId, leaf_der = :leafDer,
                   chains = :chains, identifiers = :identifiers, not_before = :notBefore, not_after = :notAfter,
                   revoked_at = :revokedAt, revocation_reason = :revocationReason,
                   renewal_override = :renewalOverride, version = version + 1
             WHERE serial = :serial AND version = :expected
            """;

    /**
     * A valid order is the record of an issued certificate and is kept. Links go by cascade.
     * {@code phase <> 'VALID'} is spelled as in the partial index's WHERE (V4).
     */
    static final String PRUNE_ORDERS = "DELETE FROM orders WHERE expires < :cutoff AND phase <> 'VALID'";

    /**
     * Marks the authorizations of an order that became valid: retention keeps them forever, and
     * its partial index (V4) leaves them out, so pruning costs nothing per stored certificate.
     */
    static final String KEEP_AUTHORIZATIONS =
            "UPDATE authorizations SET kept = TRUE WHERE id IN (<ids>) AND kept = FALSE";

    /**
     * Runs after {@link #PRUNE_ORDERS}, so only links of remaining orders keep an authorization.
     * {@code kept = FALSE} is spelled as in the partial index's WHERE, so both databases use it.
     */
    static final String PRUNE_AUTHORIZATIONS = """
            DELETE FROM authorizations
             WHERE expires < :cutoff
               AND kept = FALSE
               AND NOT EXISTS (SELECT 1 FROM order_authorizations l WHERE l.authorization_id = authorizations.id)
            """;

    private Sql() {}
}
