# Hearth: one image for the web server, the Celery worker and Celery beat.
# Build: docker build -t hearth .   (see docs/deployment.md)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3

# Native libraries WeasyPrint loads at run time (Pango, PangoFT2 and, through them,
# HarfBuzz, fontconfig and GLib), HarfBuzz's subsetter for small embedded fonts, and a font.
# Unpinned on purpose: rebuilds pick up Debian security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 10001 hearth \
    && useradd --uid 10001 --gid hearth --create-home --home-dir /home/hearth \
        --shell /usr/sbin/nologin hearth \
    && install -d -o hearth -g hearth -m 0750 /data/media

# Dependencies only (pyproject.toml has `packages = []`), in their own layer so that code
# changes do not reinstall them. Built outside /app so no build/ or *.egg-info is left behind.
COPY pyproject.toml README.md /tmp/hearth-deps/
RUN pip install /tmp/hearth-deps \
    && rm -rf /tmp/hearth-deps

WORKDIR /app
COPY . .

# Static files are collected into the image (served by WhiteNoise). Settings need a
# SECRET_KEY to load; this throwaway one exists only during this build step.
RUN SECRET_KEY=collectstatic-build-only DEBUG=false \
        python manage.py collectstatic --noinput \
    && python -m compileall -q /app

# The hearth user (numeric, so orchestrators can verify it is not root).
USER 10001:10001

EXPOSE 8000

# /healthz returns 200 when the database and broker answer, 503 otherwise. It is exempt
# from the HTTPS redirect, but Django still checks the Host header, so use the first
# entry of ALLOWED_HOSTS (a leading "." wildcard stripped) rather than "localhost".
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; hosts = [h.strip().lstrip('.') for h in os.environ.get('ALLOWED_HOSTS', '').split(',') if h.strip() not in ('', '*')]; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': (hosts or ['localhost'])[0]}), timeout=8)"]

# Worker processes come from WEB_CONCURRENCY (default 3 above); each has 4 threads.
# Extra gunicorn flags can be given in GUNICORN_CMD_ARGS without replacing this command.
CMD ["gunicorn", "config.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "gthread", \
     "--threads", "4", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--keep-alive", "5", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
