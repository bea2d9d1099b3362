# One image for web, worker, beat and migrate. Build `make wheelhouse` first: every dependency is
# installed from wheelhouse/ only (--no-index), so the build and the containers download nothing.
FROM python:3.12-slim AS wheels
ENV PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY wheelhouse /wheelhouse
RUN python -m venv /venv \
 && /venv/bin/pip install --no-index --find-links /wheelhouse \
      -c /wheelhouse/constraints.txt -r /wheelhouse/requirements.txt

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    PCTS_VAR_DIR=/app/var DJANGO_STATIC_ROOT=/app/staticfiles PCTS_MEDIA_ROOT=/app/var/media
WORKDIR /app
COPY --from=wheels /venv /venv
COPY manage.py pyproject.toml constraints.txt ./
COPY pcts pcts
COPY accounts accounts
COPY api api
COPY audit audit
COPY bench bench
COPY collection collection
COPY directives directives
COPY documents documents
COPY imports imports
COPY ops ops
COPY periodic periodic
COPY units units
COPY templates templates
COPY static static
COPY locale locale
# Static files are collected (hashed, compressed) at build time; nothing connects here.
RUN DJANGO_SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost \
    python manage.py collectstatic --no-input --verbosity 0 \
 && useradd --system --uid 1000 --home-dir /app pcts \
 && mkdir -p /app/var/media \
 && chown -R pcts /app/var
USER pcts
EXPOSE 8000
CMD ["python", "manage.py", "serve", "--no-collectstatic"]
