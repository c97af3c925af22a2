"""Settings for the test suite: production settings with test-friendly overrides.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so the
same suite runs on SQLite locally and on PostgreSQL + Redis in CI.
"""

import os

os.environ.setdefault("SECRET_KEY", "hearth-test-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("EMAIL_URL", "consolemail://")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Ordinary tests run tasks in-process; the worker fixture switches this off to use the real broker.
CELERY_TASK_ALWAYS_EAGER = True
AXES_FAILURE_LIMIT = 5
# Rate-limit counters must not leak between test runs (tests clear this cache before each test).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Serve static files from the app folders, as in development (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
