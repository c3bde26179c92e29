-- ACME profiles (draft-ietf-acme-profiles §4): the profile an order was accepted under.
-- NULL for orders created before V3; they are read as the default profile.
ALTER TABLE orders ADD COLUMN profile TEXT;
