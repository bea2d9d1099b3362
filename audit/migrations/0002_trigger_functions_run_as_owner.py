"""The trail's trigger functions run as their owner, so the app role needs no write on the trail.

audit_record inserts into audit_auditevent and audit_seal seals its rows; as SECURITY DEFINER
functions (with a fixed search_path) they do so with the owner's rights, and the app role keeps
only SELECT on audit_auditevent (audit/roles.py).
"""

from django.db import migrations

FUNCTIONS = ("audit_record()", "audit_seal()")

FORWARD = "\n".join(
    f"ALTER FUNCTION {f} SECURITY DEFINER SET search_path = public, pg_temp;" for f in FUNCTIONS
)
BACKWARD = "\n".join(f"ALTER FUNCTION {f} SECURITY INVOKER RESET search_path;" for f in FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
