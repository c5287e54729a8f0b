"""Settings for every environment, read from the environment through one helper.

A newcomer gets safe defaults (SQLite in ``var/``, console e-mail, debug pages); production mode
(``TALENTCENTER_ENV=production``) demands a secret key and turns on every security header, so that
``manage.py check --deploy`` is clean.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from talentcenter.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("TALENTCENTER_HOME", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("TALENTCENTER_VAR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("TALENTCENTER_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

if PRODUCTION:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "development-only-key-never-use-in-production-0123456789abcdef")

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION and not TESTING)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Where `talentcenter serve` listens by default, and so the default address in absolute links (e-mails,
# QR codes): one value for both. `./dev up` sets TALENTCENTER_SITE_URL to the port it serves on.
DEVELOPMENT_ADDRESS = "127.0.0.1:8000"
# Without a trailing slash, so every link is SITE_URL + a path.
SITE_URL = env_str("TALENTCENTER_SITE_URL", f"http://{DEVELOPMENT_ADDRESS}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "talentcenter.audit",
    "talentcenter.reference",
    "talentcenter.notifications",
    "talentcenter.accounts",
    "talentcenter.privacy",
    "talentcenter.organizations",
    "talentcenter.talent",
    "talentcenter.policy",
    "talentcenter.cases",
    "talentcenter.matching",
    "talentcenter.jobs",
    "talentcenter.events",
    "talentcenter.inquiries",
    "talentcenter.guides",
    "talentcenter.concierge",
    "talentcenter.documents",
    "talentcenter.demo",
    "talentcenter.web",
    "talentcenter.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "talentcenter.foundation.middleware.KoreanParticlesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "talentcenter.accounts.middleware.StaffSecondFactorMiddleware",
    "talentcenter.accounts.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "talentcenter.urls"
WSGI_APPLICATION = "talentcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "talentcenter.web.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite (WAL) for a newcomer, PostgreSQL when DATABASE_URL is set -------------
# Database roles (PostgreSQL; docs/architecture.md, "Audit trail"): DATABASE_URL is the runtime role
# the application works as (ordinary reads and writes; only insert and read on the audit trail);
# `talentcenter migrate` connects with DATABASE_MIGRATE_URL, the owner of the schema, when it is set,
# so that tables it creates are the owner's. `talentcenter db-roles` creates both roles. SQLite has
# no roles: DATABASE_MIGRATE_URL is ignored there.
DATABASE_URL = env_str("DATABASE_URL", "")
DATABASE_MIGRATE_URL = env_str("DATABASE_MIGRATE_URL", "") if DATABASE_URL else ""
MIGRATING = sys.argv[1:2] == ["migrate"]
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_MIGRATE_URL if DATABASE_MIGRATE_URL and MIGRATING else DATABASE_URL, conn_max_age=60
        )
    }
    DATABASES["default"].setdefault("TEST", {})
    if env_str("TEST_DATABASE_NAME", ""):
        DATABASES["default"]["TEST"]["NAME"] = env_str("TEST_DATABASE_NAME", "")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "talentcenter.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, else the database (shared by every process) ---------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "talentcenter_cache",
        }
    }

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 at full cost would dominate the test run; production always uses Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

ACCOUNT_ADAPTER = "talentcenter.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The role and the PIPA consents (privacy/forms.py), recorded with the account.
ACCOUNT_FORMS = {"signup": "talentcenter.privacy.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Global Talent Center] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Global Talent Center"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION

# --- Background tasks (django-tasks, database backend, `talentcenter worker`) ---------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Global Talent Center <no-reply@talentcenter.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
COUNTRIES_FIRST = ["KR", "US", "CN", "IN", "VN", "JP", "DE", "GB", "FR", "CA"]

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded and issued files live under MEDIA_ROOT but are never served from MEDIA_URL: urls.py has
# no media route (not even in DEBUG), and every file goes out through a permission-checked view
# (``documents.files.private_file_response``). A shared storage (S3) must likewise stay private.
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Browser features no page uses are switched off; passkeys (WebAuthn) stay on for this site.
TALENTCENTER_PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "hid=()",
        "publickey-credentials-get=(self)",
        "publickey-credentials-create=(self)",
    ]
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# --- talentcenter -----------------------------------------------------------------------------
TALENTCENTER_PAGE_SIZE = 25
# The API's Swagger UI and OpenAPI document (/api/v1/docs, /api/v1/openapi.json): on in
# development and tests, off in production unless TALENTCENTER_API_DOCS=true.
TALENTCENTER_API_DOCS = env_bool("TALENTCENTER_API_DOCS", default=not PRODUCTION)
# The lifetimes a personal API token may be given at creation (days); none lasts for ever.
TALENTCENTER_API_TOKEN_LIFETIME_DAYS = (30, 90, 365)
TALENTCENTER_API_TOKEN_DEFAULT_LIFETIME_DAYS = 90
TALENTCENTER_INVITATION_TTL_DAYS = 14
# Back-office sessions (staff roles, admin users) end after this long without a request, and after
# this long in all; the person signs in again (accounts/middleware.py).
TALENTCENTER_STAFF_SESSION_IDLE_MINUTES = env_int("TALENTCENTER_STAFF_SESSION_IDLE_MINUTES", 30)
TALENTCENTER_STAFF_SESSION_MAX_HOURS = env_int("TALENTCENTER_STAFF_SESSION_MAX_HOURS", 12)
# Reverse proxies in front of the application (addresses or networks, e.g. "10.0.0.0/8"): only a
# request whose direct peer is one of them has its X-Forwarded-For believed, for the rate limits of
# the API and of sign-in (accounts/client_ip.py). None by default: REMOTE_ADDR is the client.
TALENTCENTER_TRUSTED_PROXIES = env_list("TALENTCENTER_TRUSTED_PROXIES", [])
for _proxy in TALENTCENTER_TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo stops the start, not the first request
# API request rates by kind of caller (an empty rate turns the limit off).
TALENTCENTER_API_THROTTLE_RATES = {
    "anonymous": env_str("API_RATE_ANONYMOUS", "120/m"),
    "signed_in": env_str("API_RATE_SIGNED_IN", "1200/m"),
    # The public verification page, per client address (documents.views).
    "verification": env_str("VERIFICATION_RATE", "60/m"),
}
# Cases: external evaluators needed before their scores are shown and a decision can be taken, and
# the spread of evaluators' totals (of 35 qualitative points) from which a case is flagged.
TALENTCENTER_EVALUATION_QUORUM = env_int("TALENTCENTER_EVALUATION_QUORUM", 3)
TALENTCENTER_EVALUATION_DISAGREEMENT_POINTS = env_int("TALENTCENTER_EVALUATION_DISAGREEMENT_POINTS", 10)
# The case types, or "type/track", whose external evaluators review blind: the applicant
# pseudonymised, identity documents withheld, files without their metadata (cases/blind.py). A case
# keeps what applied when its first evaluator was assigned. Checked at start-up (cases/checks.py).
TALENTCENTER_BLIND_REVIEW = env_list("TALENTCENTER_BLIND_REVIEW", ["ktech_pass/qualitative"])
# Working days the applicant gets by default to answer a request for documents or corrections.
TALENTCENTER_REQUEST_RESPONSE_WORKING_DAYS = env_int("TALENTCENTER_REQUEST_RESPONSE_WORKING_DAYS", 10)

# Matching (docs/matching.md): hard filters, weights and the index's refresh.
# -- matching settings: begin --
# Matching engine (docs/matching.md, "How candidates are scored"): the weight of each component
# of the 0-100 score, the credit a related skill earns, which criteria are hard filters, and the
# visa-fit re-ranking of the top candidates when the query carries an offer.
TALENTCENTER_MATCHING_WEIGHTS = {
    "skills": 0.55,
    "experience": 0.15,
    "education": 0.10,
    "languages": 0.10,
    "salary": 0.10,
}
TALENTCENTER_MATCHING_PREFERRED_FACTOR = 0.5  # a preferred skill or language weighs half a required one
TALENTCENTER_MATCHING_INDUSTRY_BONUS = 3.0  # points added when the opening's industry is one the talent wants
TALENTCENTER_MATCHING_SKILL_CREDIT = {"exact": 1.0, "narrower": 1.0, "broader": 0.6, "sibling": 0.5, "related": 0.5}
TALENTCENTER_MATCHING_HARD_FILTERS = {
    "education": env_bool("TALENTCENTER_MATCHING_FILTER_EDUCATION", default=True),
    "languages": env_bool("TALENTCENTER_MATCHING_FILTER_LANGUAGES", default=True),
    "required_skills": env_bool("TALENTCENTER_MATCHING_FILTER_REQUIRED_SKILLS", default=False),
    "nationalities": True,
    "fast_track_only": env_bool("TALENTCENTER_MATCHING_FILTER_FAST_TRACK", default=False),
}
# Profiles up to this many levels below a minimum degree or language level pass the hard filters
# (ranked lower); 0 makes the minimums strict.
TALENTCENTER_MATCHING_FILTER_SLACK = env_int("TALENTCENTER_MATCHING_FILTER_SLACK", 1)
TALENTCENTER_MATCHING_RERANK_DEPTH = env_int("TALENTCENTER_MATCHING_RERANK_DEPTH", 100)
TALENTCENTER_MATCHING_VISA_WEIGHT = float(env_str("TALENTCENTER_MATCHING_VISA_WEIGHT", "0.15"))
# The profile index as files every web process maps (matching/snapshot.py); empty: each process
# builds its own copy in memory (the tests, unless a test sets it).
TALENTCENTER_MATCHING_SNAPSHOT_DIR = env_str(
    "TALENTCENTER_MATCHING_SNAPSHOT_DIR", "" if TESTING else str(VAR_DIR / "matching")
)
# `talentcenter periodic` writes a new generation once the profiles have changed this many times
# since the newest one: each worker catches up from a generation's seq, and every page a change
# touches becomes that worker's own copy, so a stale generation costs memory and start-up time.
TALENTCENTER_MATCHING_SNAPSHOT_REFRESH = env_int("TALENTCENTER_MATCHING_SNAPSHOT_REFRESH", 2_000)
# -- matching settings: end --

# Jobs: openings, applications, saved-search alerts, talent requests.
# -- jobs settings: begin --
# -- jobs settings: end --

# Events: the interview grid's optimiser runs in the request up to this size (candidate pairs ×
# usable slots; a fair of 100 talents solves in well under a second); larger grids are solved by
# the task worker (`talentcenter worker`) and the grid page shows its progress.
# -- events grid settings: begin --
TALENTCENTER_EVENTS_SOLVE_IN_REQUEST_MAX = env_int("TALENTCENTER_EVENTS_SOLVE_IN_REQUEST_MAX", 20_000)
TALENTCENTER_EVENTS_SOLVE_BACKGROUND_SECONDS = env_int("TALENTCENTER_EVENTS_SOLVE_BACKGROUND_SECONDS", 60)
# Certificates of attendance still to issue up to which staff's "issue" runs in the request (about
# 0.1 s each); more go to the task worker.
TALENTCENTER_EVENTS_CERTIFICATES_IN_REQUEST_MAX = env_int("TALENTCENTER_EVENTS_CERTIFICATES_IN_REQUEST_MAX", 40)
# -- events grid settings: end --
