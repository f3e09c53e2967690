-- Every end of a live session, and every change of a user's standing (deactivated, reactivated, no longer
-- verified), is announced on the channel "auth_revocations" when its transaction commits, whoever wrote
-- it. App instances keep an in-memory view from it, so a protected request needs no database query to
-- know that its session still lives. Payloads: "session <id>" and "user <id> <is_active> <is_verified>".
CREATE FUNCTION "auth_notify_session_ended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('auth_revocations', 'session ' || OLD."id"::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "sessions_revoked_notify" AFTER UPDATE OF "revoked_at" ON "sessions" FOR EACH ROW
  WHEN (OLD."revoked_at" IS NULL AND NEW."revoked_at" IS NOT NULL) EXECUTE FUNCTION "auth_notify_session_ended"();

CREATE TRIGGER "sessions_deleted_notify" AFTER DELETE ON "sessions" FOR EACH ROW
  WHEN (OLD."revoked_at" IS NULL) EXECUTE FUNCTION "auth_notify_session_ended"();

CREATE FUNCTION "auth_notify_user_standing"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('auth_revocations', 'user ' || NEW."id"::text || ' ' || NEW."is_active"::text || ' ' || NEW."is_verified"::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "users_standing_notify" AFTER UPDATE OF "is_active", "is_verified" ON "users" FOR EACH ROW
  WHEN (OLD."is_active" IS DISTINCT FROM NEW."is_active" OR (OLD."is_verified" AND NOT NEW."is_verified"))
  EXECUTE FUNCTION "auth_notify_user_standing"();
