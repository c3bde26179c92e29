-- ARI (RFC 9773 §5): the certID of the certificate an order replaces, or NULL.
ALTER TABLE orders ADD COLUMN replaces TEXT;

-- A certificate is replaced at most once by an order that is not invalid (RFC 9773 §5,
-- alreadyReplaced). The database decides between racing newOrders, on SQLite and PostgreSQL
-- alike; an order whose replacement failed is stored INVALID first and frees its certificate.
CREATE UNIQUE INDEX orders_replaces_live ON orders (replaces) WHERE replaces IS NOT NULL AND phase <> 'INVALID';
