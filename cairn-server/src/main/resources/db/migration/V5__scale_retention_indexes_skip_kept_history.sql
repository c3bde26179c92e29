-- Retention (Storage.pruneExpired) must not cost more as issuance history grows. Valid orders,
-- and the authorizations they reference, are kept forever; before V4 each run walked all of
-- them that had expired (with a million stored certificates, about a million index entries and
-- as many anti-join probes, 10-20 s, on SQLite under the write lock). docs/performance.md,
-- "Scale".

-- Orders: index only those retention may delete; nothing else looked orders up by expiry.
CREATE INDEX orders_prunable_by_expiry ON orders (expires) WHERE phase <> 'VALID';
DROP INDEX orders_by_expiry;

-- Authorizations: `kept` is set, in the same transaction, when an order referencing the
-- authorization becomes valid (never unset: valid orders are never deleted).
ALTER TABLE authorizations ADD COLUMN kept BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE authorizations SET kept = TRUE
 WHERE id IN (SELECT l.authorization_id
                FROM order_authorizations l JOIN orders o ON o.id = l.order_id
               WHERE o.phase = 'VALID');
CREATE INDEX authorizations_prunable_by_expiry ON authorizations (expires) WHERE kept = FALSE;
DROP INDEX authorizations_by_expiry;
