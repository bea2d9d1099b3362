"""The database side of the audit trail: which tables are covered, and the triggers that cover them.

Covered: every table of the domain and organisation apps (and the user–group and permission
tables), except the few listed in OPERATIONAL_TABLES with the reason. The trigger
`audit_record` writes one `audit_auditevent` row per inserted, updated or deleted row (bulk
statements included, since it runs FOR EACH ROW) with the row before and after as JSON and the
pghistory context of the request (user id, URL, and whatever code adds with
`pghistory.context(...)`, such as a correction's reason). Password hashes are never copied.

The chain: a deferred constraint trigger `audit_seal` runs when the writing transaction commits,
takes one advisory lock, and gives each new row the next `seq`, the previous row's hash and its
own hash, sha256(previous hash | the row's fields), computed by `audit_digest` — the one
definition `manage.py audit_verify` recomputes. Rows are append-only: `audit_guard` refuses a
DELETE, and any UPDATE but the sealing of an unsealed row.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections

AUDITED_APPS = (
    "directives",
    "documents",
    "periodic",
    "imports",
    "collection",
    "units",
    "audit",
    "auth",
    "api",
)

# Tables of the audited apps that stay out of the chain, each with its reason.
OPERATIONAL_TABLES = {
    "audit_auditevent": "the trail itself",
    "directives_reminderrun": "operational queue: the reminder job's run markers",
    "directives_reminderdelivery": "operational queue: the reminder delivery ledger (its status "
    "columns are its record)",
    "directives_notification": "operational queue: the bell's notifications",
    "directives_eventdelivery": "operational queue: the events' outbox (its status columns are "
    "its record)",
    "collection_submissionreminder": "operational queue: the ledger of automatic reminders "
    "about unsent periodic reports (the events they wrote are audited)",
    "directives_completedtally": "derived: rebuilt from assignments by rebuild_completed_tally",
    "directives_dataversion": "derived: a counter of writes the dashboard's cache keys on",
    "directives_reviewqueueentry": "derived: the unreviewed reports, kept by triggers on reports "
    "and reviews",
    "api_idempotencykey": "operational: the first answer to each API Idempotency-Key (the write "
    "itself is audited)",
    "api_webhookdelivery": "operational queue: the webhooks' outbox (its status columns are its "
    "record)",
    "api_webhookattempt": "operational log: one row per webhook try, with its response code",
    "imports_importrow": "operational: a checked file's rows as read (the writes they led to are "
    "audited with the batch)",
    "imports_importchange": "operational: the undo log of a batch (the writes themselves are audited)",
    "imports_intakedraft": "operational: a document's text between reading and registering it, "
    "deleted once registered (never copied into the trail)",
}
# Columns never copied into the trail (their change is noted as "(changed)").
SECRET_COLUMNS = {
    "units_user": ["password"],
    "api_apitoken": ["key_hash"],
    "api_webhook": ["secret"],
}

CHAIN_LOCK = 7_301_101  # pg_advisory_xact_lock key serialising the chain's sealing

FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION audit_digest(prev text, e audit_auditevent) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    coalesce(prev, ''), e.seq::text, e.id::text,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    e.table_name, e.op, e.row_pk,
    coalesce(e.old_row::text, ''), coalesce(e.new_row::text, ''),
    coalesce(e.context_id::text, ''), coalesce(e.context::text, '')), 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit_record() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  secret text;
  ctx_id uuid := nullif(current_setting('pghistory.context_id', true), '')::uuid;
  ctx jsonb := nullif(current_setting('pghistory.context_metadata', true), '')::jsonb;
BEGIN
  FOREACH secret IN ARRAY coalesce(TG_ARGV, '{}'::text[]) LOOP
    IF old_row IS NOT NULL AND new_row IS NOT NULL
       AND old_row -> secret IS DISTINCT FROM new_row -> secret THEN
      new_row := jsonb_set(new_row, ARRAY[secret], '"(changed)"');
    ELSIF new_row IS NOT NULL THEN
      new_row := new_row - secret;
    END IF;
    old_row := old_row - secret;
  END LOOP;
  INSERT INTO audit_auditevent (at, table_name, op, row_pk, old_row, new_row, context_id, context,
                                prev_hash, hash)
  VALUES (clock_timestamp(), TG_TABLE_NAME, left(TG_OP, 1),
          coalesce(new_row ->> 'id', old_row ->> 'id', ''), old_row, new_row, ctx_id, ctx, '', '');
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION audit_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  e audit_auditevent;
BEGIN
  PERFORM pg_advisory_xact_lock(__CHAIN_LOCK__);
  SELECT hash INTO prev FROM audit_auditevent WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  SELECT * INTO e FROM audit_auditevent WHERE id = NEW.id;
  e.seq := nextval('audit_chain_seq');
  UPDATE audit_auditevent
     SET seq = e.seq, prev_hash = coalesce(prev, ''), hash = audit_digest(prev, e)
   WHERE id = NEW.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION audit_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit trail rows cannot be deleted (id %)', OLD.id;
  END IF;
  IF OLD.hash <> '' OR (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash')
                        <> (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
    RAISE EXCEPTION 'audit trail rows cannot be changed (id %)', OLD.id;
  END IF;
  RETURN NEW;
END $$;

CREATE SEQUENCE IF NOT EXISTS audit_chain_seq;
CREATE OR REPLACE TRIGGER audit_guard BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_guard();
DROP TRIGGER IF EXISTS audit_seal ON audit_auditevent;
CREATE CONSTRAINT TRIGGER audit_seal AFTER INSERT ON audit_auditevent
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_seal();
""".replace("__CHAIN_LOCK__", str(CHAIN_LOCK))

DROP_FUNCTIONS_SQL = """
DROP TRIGGER IF EXISTS audit_seal ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_guard ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_seal(), audit_guard(), audit_record(),
  audit_digest(text, audit_auditevent);
DROP SEQUENCE IF EXISTS audit_chain_seq;
"""


def project_tables(apps=global_apps) -> set[str]:
    """Every table of the audited apps' models, the many-to-many tables included."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in AUDITED_APPS and meta.managed and not meta.proxy:
            tables.add(meta.db_table)
    return tables


def is_history_table(table: str, apps=global_apps) -> bool:
    """pghistory's event tables are history already: their rows are written by its triggers."""
    for model in apps.get_models():
        if model._meta.db_table == table:
            return hasattr(model, "pgh_obj") or hasattr(model, "pgh_created_at")
    return False


def covered_tables(apps=global_apps) -> list[str]:
    return sorted(
        table
        for table in project_tables(apps)
        if table not in OPERATIONAL_TABLES and not is_history_table(table, apps)
    )


def install(sender=None, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Attach audit_record to every covered table that exists (idempotent; run after migrate)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    if "audit_auditevent" not in existing:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regproc('audit_record') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        for table in covered_tables(global_apps):
            if table not in existing:
                continue
            args = ", ".join(f"'{column}'" for column in SECRET_COLUMNS.get(table, []))
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER pcts_audit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION audit_record({args})"
            )


def tables_with_trigger(using=DEFAULT_DB_ALIAS) -> set[str]:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'pcts_audit' AND NOT t.tgisinternal"
        )
        return {row[0] for row in cursor.fetchall()}
