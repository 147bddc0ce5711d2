# syntax=docker/dockerfile:1
# HomeNRich: one image, started by bin/start (gunicorn + Celery worker + beat). See docs/deploy.md.
# Build stage: a venv with the pinned requirements (uv), hashed static files, bytecode, settings check.
# Runtime stage: the same Python image, the venv and the app, nothing else, run as a non-root user.
# No secret is baked in: the SECRET_KEY below exists only for the build-time commands; the real
# settings come from `fly secrets` at run time.

FROM python:3.12-slim-bookworm AS build

COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

WORKDIR /app

# Requirements first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv venv --python python3.12 "$VIRTUAL_ENV" \
    && uv pip install --python "$VIRTUAL_ENV/bin/python" -r requirements.txt

COPY . .

# Hashed, compressed static files (served by Fly's [[statics]] and whitenoise), bytecode for a fast
# cold start (the app user cannot write __pycache__), and Django's deployment checks on the real
# production settings: the build fails on any warning.
RUN DEBUG=false SECRET_KEY=build-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && python -m compileall -q --invalidation-mode unchecked-hash homenrich households expenses categorization chatbots \
    && DEBUG=false SECRET_KEY=build-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=localhost \
    EMAIL_HOST=smtp.invalid python manage.py check --deploy --fail-level WARNING


FROM python:3.12-slim-bookworm AS runtime

RUN groupadd --system --gid 10001 homenrich \
    && useradd --system --uid 10001 --gid homenrich --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin homenrich

ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=homenrich.settings \
    DEBUG=false \
    PORT=8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    CELERY_BEAT_SCHEDULE_FILE=/tmp/celerybeat-schedule

# Owned by root and read-only for the app user: the code cannot be changed by the process running it.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

WORKDIR /app
USER 10001:10001
EXPOSE 8000

CMD ["bin/start"]
