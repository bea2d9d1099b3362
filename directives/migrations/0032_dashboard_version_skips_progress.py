from django.db import migrations

# What a progress report changes on its assignment, and the dashboard never counts.
_SKIP = "ARRAY['progress_percent', 'last_report_at']"


class Migration(migrations.Migration):
    """A progress report no longer renews the dashboard's version.

    Every report updates its assignment (the percentage, the last report's time), and 0030's
    statement trigger renewed the version for it, so under a steady flow of reports the
    dashboard's cache was always cold. An UPDATE of assignments now renews it, once per
    statement as before, only when some row changed in a column other than those two (a new
    column counts by default); inserts, deletes and truncates renew it as before.
    """

    dependencies = [("directives", "0031_submission_event_kinds")]

    operations = [
        migrations.RunSQL(
            [
                "DROP TRIGGER pcts_dashboard_version ON directives_assignment",
                "CREATE TRIGGER pcts_dashboard_version AFTER INSERT OR DELETE OR TRUNCATE"
                " ON directives_assignment FOR EACH STATEMENT"
                " EXECUTE FUNCTION pcts_bump_dashboard_version()",
                "CREATE FUNCTION pcts_bump_dashboard_version_if_counted() RETURNS trigger"
                " LANGUAGE plpgsql AS $$ BEGIN"
                " IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id"
                f" WHERE to_jsonb(o) - {_SKIP} IS DISTINCT FROM to_jsonb(n) - {_SKIP})"
                " OR (SELECT count(*) FROM old_rows) <> (SELECT count(*) FROM new_rows) THEN"
                " UPDATE directives_dataversion"
                " SET n = nextval('directives_dashboard_version_seq') WHERE name = 'dashboard';"
                " END IF; RETURN NULL; END $$",
                "CREATE TRIGGER pcts_dashboard_version_update AFTER UPDATE ON directives_assignment"
                " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
                " EXECUTE FUNCTION pcts_bump_dashboard_version_if_counted()",
            ],
            reverse_sql=[
                "DROP TRIGGER pcts_dashboard_version_update ON directives_assignment",
                "DROP FUNCTION pcts_bump_dashboard_version_if_counted()",
                "DROP TRIGGER pcts_dashboard_version ON directives_assignment",
                "CREATE TRIGGER pcts_dashboard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                " ON directives_assignment FOR EACH STATEMENT"
                " EXECUTE FUNCTION pcts_bump_dashboard_version()",
            ],
        ),
    ]
