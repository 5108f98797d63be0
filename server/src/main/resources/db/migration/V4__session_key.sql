-- Quire schema v4 (H2): room for user-bound session keys.
--
-- With authentication on, the exactly-once key stored in session_id is
-- "<first 16 base64url characters of SHA-256(sub)>.<session>" (security issue #10): 16 + 1 + up
-- to 64 characters. Without authentication it is the client's session as before.
ALTER TABLE ops ALTER COLUMN session_id SET DATA TYPE VARCHAR(96);
