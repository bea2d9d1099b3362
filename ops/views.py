from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from ops import readiness


@never_cache
def readyz(request):
    """Answer 200 when the database, Redis, migrations and heartbeats are fine, else 503 naming what failed."""
    checks = readiness.run()
    failed = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": checks}
    return JsonResponse(body, status=503 if failed else 200)
