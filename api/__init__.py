"""The REST API under /api/v1/: per-integration tokens, scoped reads, audited writes, signed webhooks."""
