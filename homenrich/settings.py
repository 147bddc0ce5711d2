"""Settings for HomeNRich, read from the environment with embedded defaults for local use."""

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from homenrich.client_address import trusted_proxy_header

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set (e.g. `fly secrets set SECRET_KEY=…`) when DEBUG is off")
# Rotation: the previous key here for a day keeps sessions and reset links valid (docs/operations.md).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "households",
    "expenses",
    "categorization",
    "chatbots",
    "homenrich.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "homenrich.apps.OpsConfig",
]

MIDDLEWARE = [
    "homenrich.health.HealthCheckMiddleware",
    "homenrich.logging.RequestContextMiddleware",
    "homenrich.metrics.MetricsMiddleware",
    "homenrich.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "homenrich.static.LazyWhiteNoiseMiddleware",  # whitenoise, built on the first static request
    "homenrich.guard.InputGuardMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "homenrich.privacy.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: turns a login refused while locked out into homenrich.login_limit's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "homenrich.urls"
WSGI_APPLICATION = "homenrich.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "households.context_processors.household",
                "homenrich.shell.shell",
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL is set. On PostgreSQL, gunicorn workers and the Celery
# worker each keep one persistent connection (CONN_MAX_AGE) with a health check before reuse:
# a small Postgres (Fly's smallest has ~25 usable connections) sees a fixed number of
# connections equal to the number of processes × threads, with no pool to size per process.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "homenrich.breaker.BreakerRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A cache outage must never fail a request: reads miss, writes are dropped.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
            "KEY_PREFIX": "hnr",
        }
    }
    # homenrich.breaker logs the first failure of each outage; one line per ignored call would flood.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "homenrich"}}

# Sessions read from the cache and written through to the database: a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "households.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko-kr"
# Korean for the Django strings its own catalogue leaves untranslated ("- Select an option -").
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail: the console locally; SMTP when EMAIL_HOST is set (password-reset mail).
# Not named EMAIL_HOST: Django 6.1 refuses the old EMAIL_* settings next to MAILERS.
_email_host = env.str("EMAIL_HOST", default="")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env.int("EMAIL_PORT", default=587),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="HomeNRich <noreply@homenrich.local>")

# Content Security Policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Production hardening, on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# The client's address (homenrich/client_address.py): a proxy's header is believed only when the app
# sits behind that proxy. "fly": Fly's proxy sets Fly-Client-IP on every request (fly.toml sets this).
TRUSTED_PROXY = env.str("TRUSTED_PROXY", default="")
trusted_proxy_header(TRUSTED_PROXY)  # an unknown name stops the start

# Login lockout (django-axes, fitted in homenrich/login_limit.py): failures per client address + login,
# counted in the database; the right password is refused too while blocked. No log of every login kept.
# AxesBackend refuses while locked out and answers nothing else; ModelBackend checks the password.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "homenrich.client_address.client_address"
AXES_USERNAME_CALLABLE = "homenrich.login_limit.login_username"
AXES_LOCKOUT_CALLABLE = "homenrich.login_limit.lockout_response"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False  # its log lines carry logins and addresses

# Celery: Redis is the broker when REDIS_URL is set; otherwise tasks run in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died unacknowledged is redelivered after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that hands work to a broker that is down must not hang: one quick retry, then the
# entry stays "pending" and the periodic sweep dispatches it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Beat: both tasks are idempotent catch-ups, so a short interval also covers a machine that just woke up.
CELERY_BEAT_SCHEDULE = {
    "create-recurring-entries": {"task": "expenses.tasks.create_recurring_entries", "schedule": 300.0},
    "sweep-pending-entries": {"task": "expenses.tasks.sweep_pending_entries", "schedule": 60.0},
    "poll-llm-batches": {"task": "expenses.tasks.poll_llm_batches", "schedule": 600.0},
    "prune-chat-records": {"task": "chatbots.tasks.chatbots_prune", "schedule": 24 * 3600.0},
}

# Claude: off unless a key is set; prices in USD per million tokens (input, output).
ANTHROPIC_API_KEY = env.str("ANTHROPIC_API_KEY", default="")
CLAUDE_MODEL = env.str("CLAUDE_MODEL", default="claude-haiku-5-5")
CLAUDE_ESCALATION_MODEL = env.str("CLAUDE_ESCALATION_MODEL", default="claude-haiku-4-5")
CLAUDE_PRICES_USD_PER_MTOK = {
    "claude-haiku-5-5": (0.10, 0.50),
    "claude-haiku-4-5": (1.00, 5.00),
    "claude-sonnet-4-6": (3.00, 15.00),
}
CLAUDE_TIMEOUT_SECONDS = env.float("CLAUDE_TIMEOUT_SECONDS", default=8.0)
CLAUDE_SDK_MAX_RETRIES = env.int("CLAUDE_SDK_MAX_RETRIES", default=0)
LLM_MONTHLY_BUDGET_USD = env.str("LLM_MONTHLY_BUDGET_USD", default="1.00")
# The most a household manager may choose for their own household on the consent form.
LLM_MONTHLY_BUDGET_MAX_USD = env.str("LLM_MONTHLY_BUDGET_MAX_USD", default="5.00")
# Won per dollar, only to show Claude's spend in won ("약 1,400원 (1달러)"); amounts are kept in dollars.
USD_KRW_RATE = env.int("USD_KRW_RATE", default=1400)
LLM_CACHE_TTL_SECONDS = 24 * 60 * 60

TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
# No default: a made-up name would send people to someone else's bot.
TELEGRAM_BOT_USERNAME = env.str("TELEGRAM_BOT_USERNAME", default="")
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")
TELEGRAM_API_BASE = env.str("TELEGRAM_API_BASE", default="https://api.telegram.org")
KAKAO_SKILL_TOKEN = env.str("KAKAO_SKILL_TOKEN", default="")

INVITATION_TTL_DAYS = 3
STATS_CACHE_TTL_SECONDS = 5 * 60

# One JSON object per line on stdout (homenrich/logging.py), with request id and household id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "homenrich.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
# Celery keeps Django's logging (JSON lines) instead of installing its own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Metrics (homenrich/metrics.py): /metrics answers loopback/private peers, or this bearer token.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Errors to Sentry when SENTRY_DSN is set; no personal data (homenrich/logging.py: sentry_init).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from homenrich.logging import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production" if not DEBUG else "development"),
        release=env.str("FLY_IMAGE_REF", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
