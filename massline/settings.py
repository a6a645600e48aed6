"""Massline settings. Every knob is an environment variable; see `.env.example`.

Values are parsed strictly: a malformed value stops start-up with `ImproperlyConfigured`
instead of being guessed. Secrets may also be given as `<NAME>_FILE`, a path to read.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from `NAME`, or from the file named by `NAME_FILE`."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value is not None and path is not None:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if path is not None:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path!r}: {exc}") from exc
    return value if value is not None else default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum {minimum}.")
    return value


def env_optional_int(name: str, *, minimum: int = 0) -> int | None:
    """A whole number, or None when the variable is unset (the code then picks a default)."""
    if os.environ.get(name) in (None, ""):
        return None
    return env_int(name, 0, minimum=minimum)


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    raw = os.environ.get(name, default)
    if raw not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} must be one of {sorted(choices)}.")
    return raw


TESTING = "pytest" in sys.modules or env_bool("MASSLINE_TESTING", False)

VAR_DIR = Path(env_str("MASSLINE_VAR_DIR", str(PROJECT_DIR / "var")) or "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
        return configured
    # A self-hosted instance gets its own key on first start, kept beside the database.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()


def _data_key() -> str:
    configured = env_str("MASSLINE_DATA_KEY")
    if configured:
        return configured
    if TESTING:
        return "dGVzdC1vbmx5LWRhdGEta2V5LW5ldmVyLWZvci11c2U"
    # A local instance gets a key file beside the database on first start. On a real server
    # keep the key elsewhere (MASSLINE_DATA_KEY_FILE on another volume, or the environment).
    key_file = VAR_DIR / "data_key"
    if not key_file.exists():
        import base64

        key_file.write_text(
            base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(), encoding="utf-8"
        )
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


MASSLINE_DATA_KEY = _data_key()
MASSLINE_DATA_KEY_PREVIOUS = [
    key.strip() for key in (env_str("MASSLINE_DATA_KEY_PREVIOUS") or "").split(",") if key.strip()
]
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Massline") or "Massline"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "massline.core",
    "massline.vault",
    "massline.audit",
    "massline.accounts",
    "massline.directory",
    "massline.people",
    "massline.events",
    "massline.letters",
    "massline.campaigns",
    "massline.campaigns.petitions",
    "massline.fronts",
    "massline.fronts.assemblies",
    "massline.reviews",
    "massline.api",
    "massline.home",
    "massline.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "massline.urls"
WSGI_APPLICATION = "massline.wsgi.application"

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
                "massline.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "massline.sqlite3"),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASK_BACKEND = env_choice("TASK_BACKEND", "database", {"database", "rq", "immediate"})
if TESTING:
    TASK_BACKEND = "immediate"
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "massline.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
INVITATION_DAYS = env_int("MASSLINE_INVITATION_DAYS", 7, minimum=1)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("MASSLINE_SESSION_SECONDS", 12 * 3600, minimum=300)
SECURE_COOKIES = env_bool("MASSLINE_SECURE_COOKIES", SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Nothing is loaded from another host: every source is 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Mail
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1") or "127.0.0.1"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "massline@localhost") or "massline@localhost"
if not env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Internationalization
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("it", "Italiano"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC") or "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")) or "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if TESTING or DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

API_PAGE_SIZE = env_int("MASSLINE_API_PAGE_SIZE", 50, minimum=1)

# Imports of contacts and the duplicate scan
MASSLINE_IMPORT_MAX_BYTES = env_int("MASSLINE_IMPORT_MAX_BYTES", 256 * 1024 * 1024, minimum=1024)
MASSLINE_IMPORT_CHUNK_ROWS = env_int("MASSLINE_IMPORT_CHUNK_ROWS", 10_000, minimum=100)
MASSLINE_IMPORT_WORKERS = env_optional_int("MASSLINE_IMPORT_WORKERS")
MASSLINE_IMPORT_STALE_SECONDS = env_int("MASSLINE_IMPORT_STALE_SECONDS", 600, minimum=60)
MASSLINE_IMPORT_DIR = env_str("MASSLINE_IMPORT_DIR", "") or ""
MASSLINE_DEDUPE_PROCESSES = env_optional_int("MASSLINE_DEDUPE_PROCESSES", minimum=1)

# Reviews: reminder lead time, and the anonymous box's batch size and daily limit per member
MASSLINE_REVIEWS_REMIND_DAYS_BEFORE = env_int("MASSLINE_REVIEWS_REMIND_DAYS_BEFORE", 3, minimum=0)
MASSLINE_REVIEWS_BOX_BATCH_SIZE = env_int("MASSLINE_REVIEWS_BOX_BATCH_SIZE", 5, minimum=2)
MASSLINE_REVIEWS_BOX_DAILY_LIMIT = env_int("MASSLINE_REVIEWS_BOX_DAILY_LIMIT", 3, minimum=1)

# Petitions: hours to confirm a signature, days its personal data is kept (0: until erased by
# hand), signatures per network (/24, /56) and hour with and without proof of work (0: no
# limit), the proof of work's search space, and the header carrying the client's address
# behind a reverse proxy (e.g. HTTP_X_REAL_IP; empty: REMOTE_ADDR).
MASSLINE_PETITION_CONFIRM_HOURS = env_int("MASSLINE_PETITION_CONFIRM_HOURS", 72, minimum=1)
MASSLINE_PETITION_RETENTION_DAYS = env_int("MASSLINE_PETITION_RETENTION_DAYS", 365, minimum=0)
MASSLINE_PETITION_RATE_LIMIT = env_int("MASSLINE_PETITION_RATE_LIMIT", 30, minimum=0)
MASSLINE_PETITION_RATE_LIMIT_NO_POW = env_int("MASSLINE_PETITION_RATE_LIMIT_NO_POW", 6, minimum=0)
MASSLINE_PETITION_POW_MAX_NUMBER = env_int("MASSLINE_PETITION_POW_MAX_NUMBER", 50_000, minimum=1)
MASSLINE_PETITION_CLIENT_IP_HEADER = env_str("MASSLINE_PETITION_CLIENT_IP_HEADER", "") or ""
# Letters: the letterhead's name and address lines (empty name: the root unit's name), and the
# largest PDF of a letter received that may be uploaded.
LETTERS_LETTERHEAD_NAME = env_str("MASSLINE_LETTERHEAD_NAME", "") or ""
LETTERS_LETTERHEAD_ADDRESS = env_str("MASSLINE_LETTERHEAD_ADDRESS", "") or ""
LETTERS_UPLOAD_MAX_BYTES = env_int(
    "MASSLINE_LETTERS_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024
)
# Public campaign forms (endorsements, actions): submissions per network and hour; 0 = no limit.
MASSLINE_CAMPAIGN_FORM_RATE_LIMIT = env_int("MASSLINE_CAMPAIGN_FORM_RATE_LIMIT", 20, minimum=0)

# The web server's access log (`massline run`): a file path, or "-" for standard output. Off by
# default: it would keep the network address of everyone who signs, RSVPs or writes to the
# anonymous criticism box.
ACCESS_LOG = env_str("MASSLINE_ACCESS_LOG", "") or ""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING") or "WARNING"},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]

MASSLINE_MODULES = [
    # (url name, label, app label, access rule): the navigation shows a module when its app is
    # installed and the rule lets the user in.
    (
        "directory:organization_list",
        _("Directory"),
        "directory",
        "massline.accounts.access.can_read_directory",
    ),
    ("people:contact_list", _("Mass work"), "people", "massline.accounts.access.can_do_mass_work"),
    (
        "campaigns:campaign_list",
        _("Campaigns"),
        "campaigns",
        "massline.campaigns.access.can_list_campaigns",
    ),
    ("events:event_list", _("Events"), "events", "massline.events.access.can_use_calendar"),
    ("letters:letter_list", _("Letters"), "letters", "massline.letters.access.can_use_register"),
    ("reviews:review_list", _("Reviews"), "reviews", "massline.reviews.access.can_hold_any_review"),
    ("fronts:list", _("United fronts"), "fronts", "massline.fronts.access.can_see_fronts"),
    (
        "assemblies:assembly_list",
        _("Assemblies"),
        "fronts.assemblies",
        "massline.fronts.assemblies.access.can_follow_assemblies",
    ),
]
