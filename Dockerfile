FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY pcts pcts
COPY directives directives
COPY units units
RUN pip install --no-cache-dir -c constraints.txt . gunicorn
COPY . .
RUN DJANGO_SECRET_KEY=build DATABASE_URL=postgres://x@x/x REDIS_URL=redis://x python manage.py collectstatic --no-input
EXPOSE 8000
