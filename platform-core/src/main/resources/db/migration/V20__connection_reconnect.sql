-- A connection whose credentials died (a revoked refresh token) waits for an admin to reconnect it:
-- its schedule stops until new settings are saved, and the admins are asked once.
ALTER TABLE connection ADD COLUMN reconnect_required boolean NOT NULL DEFAULT false;
