-- ARI (RFC 9773 §4.2): the renewal window an operator set on the management API for this
-- certificate, answered instead of the computed one; NULL for the computed window. JSON TEXT:
-- {"start": epoch ms, "end": epoch ms, "explanationURL": optional URL}. Kept in the database,
-- not in one process's memory, so that every Cairn sharing the database answers the same.
ALTER TABLE certificates ADD COLUMN renewal_override TEXT;
