"""Settings for PakRus, read from the environment.

Laptop defaults need nothing: SQLite in ``var/``, local-memory cache, DEBUG on.
Production sets ``DJANGO_DEBUG=0`` and must then provide a secret key.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PAKRUS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    # A variable set to nothing (`NAME=` copied from .env.example) means the default.
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """A per-checkout key for development, kept out of version control."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "django_prose_editor",
    "adminsortable2",
    "imagekit",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "pakrus_site",
    "people",
    "events",
    "publications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags for every GET (pages and API) and a 304 when the client already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pakrus_site.urls"
WSGI_APPLICATION = "pakrus_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one SQLite file: write-ahead logging lets readers go on
    # during a write, and IMMEDIATE transactions take the write lock up front so that two
    # writers queue (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Values travel apart from the SQL, and a statement that a connection has run a few times
    # is kept prepared on the server, which stops planning it again once one plan suits
    # every value: a third of PostgreSQL's work on a page view. A pooler in transaction mode
    # (PgBouncer before 1.21) cannot keep them: DATABASE_PREPARE_THRESHOLD=off there.
    prepare_threshold = env("DATABASE_PREPARE_THRESHOLD", "5")
    if not (prepare_threshold == "off" or prepare_threshold.isdecimal()):
        raise ImproperlyConfigured("DATABASE_PREPARE_THRESHOLD is a number of executions or 'off'.")
    # Added to what DATABASE_URL's query string asks for (sslmode=require and the like).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=None if prepare_threshold == "off" else int(prepare_threshold),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caching ----------------------------------------------------------------------------
# Anonymous visitors get public pages and API reads from the cache (pakrus_site.caching);
# any change to a content record makes every cached page stale at once. PAKRUS_PAGE_CACHE=0
# turns it off. Redis when REDIS_URL is set (shared by every worker); otherwise local memory
# in each process, with the content generation in a file the workers of one machine share.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "pakrus_site.caching.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "pakrus",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(env("PAKRUS_LOCAL_CACHE_ENTRIES", "2000"))},
        }
    }
PAGE_CACHE = env_bool("PAKRUS_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(env("PAKRUS_PAGE_CACHE_SECONDS", "120"))
PAGE_CACHE_GENERATION_FILE = VAR_DIR / "content-generation"
MIDDLEWARE.insert(
    MIDDLEWARE.index("corsheaders.middleware.CorsMiddleware") + 1,
    "pakrus_site.caching.AnonymousPageCacheMiddleware",
)
# --- End of caching ---------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("ur", "اردو")]
TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
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
if env("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
        },
    }

# Uploads: bounded so one editor's mistake cannot fill the disk or the worker's memory.
MAX_IMAGE_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_DOCUMENT_UPLOAD_BYTES = 25 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Renditions are generated when the source image is saved, so pages never touch the
# storage to ask whether a thumbnail exists.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"

PROSE_EDITOR_DEFAULT_EXTENSIONS = None

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["pakrus_site.api_policy.ModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "pakrus_site.api_policy.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "pakrus_site.api_policy.StrictOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "pakrus_site.api_policy.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "600/hour"),
        "user": env("API_THROTTLE_USER", "5000/hour"),
    },
    "EXCEPTION_HANDLER": "pakrus_site.api.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PakRus partner API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": (
        "Read every published PakRus record; write with a token and model permissions. "
        "Lists paginate with page and page_size (max 100); updated_since gives incremental sync."
    ),
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pakrus_site.api_schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "people.models.Organization.Kind",
        "StatusEnum": "pakrus_site.models.Status",
        "LegalStatusEnum": "events.models.Agreement.LegalStatus",
    },
}

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# --- Security and backups ---------------------------------------------------------------
# Production (DJANGO_DEBUG=0) is strict by default and passes `manage.py check --deploy`:
# HTTPS only, HSTS, secure cookies, a required secret key (above). Each switch can be turned
# off from the environment for a plain-HTTP run on loopback (load tests, API fuzzing).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Reverse proxies in front of the site (0: clients connect directly). With one or more,
# X-Forwarded-Proto says whether the request came over HTTPS, and the client address (for
# login lockouts and API throttles) is read from X-Forwarded-For, counted from the right so
# a client cannot choose it.
PROXY_COUNT = int(env("DJANGO_PROXY_COUNT", "0"))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
REST_FRAMEWORK["NUM_PROXIES"] = PROXY_COUNT

# Content-Security-Policy (pakrus_site.security): no inline or third-party scripts. "'nonce'"
# becomes this response's nonce when a page uses one (the admin's rich-text editor does).
# Inline styles stay allowed: the admin and the API docs set style attributes.
MEDIA_ORIGINS = []
if env("S3_BUCKET"):
    endpoint = urlsplit(env("S3_ENDPOINT_URL"))
    media_origin = f"{endpoint.scheme}://{endpoint.netloc}" if endpoint.netloc else "https://*.amazonaws.com"
    MEDIA_ORIGINS = [media_origin]
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "pakrus_site.security.ContentSecurityPolicyMiddleware",
)
# Innermost, so its 400s pass through every other middleware (headers, CORS) on the way out.
MIDDLEWARE.append("pakrus_site.security.RejectNullCharactersMiddleware")

# Password guessing (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT failed logins for one
# username from one address, that pair is refused for DJANGO_LOGIN_COOLOFF_MINUTES; a
# successful login clears the count. `manage.py axes_reset` lifts every lockout.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "pakrus_site.security.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "pakrus_site.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Backups (`manage.py backup` / `restore`, pakrus_site.backup): archives of the database and
# the uploads.
BACKUP_DIR = Path(env("PAKRUS_BACKUP_DIR", str(VAR_DIR / "backups")))
# --- End of security and backups ---------------------------------------------------------

SITE_NAME = "PakRus"
SITE_URL = env("PAKRUS_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
