"""Settings shared by every environment.

Everything that differs between machines is read from the environment, with a safe
local default; the README lists each variable.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from outreach.siteurl import origin

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Fernet key (urlsafe base64 of 32 bytes) encrypting volunteers' ID numbers at rest.
VOLUNTEER_ID_KEY = os.environ.get("VOLUNTEER_ID_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The public address, used in e-mails, on posters and as the origin POSTs come from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# SITE_URL's origin is always trusted, so forms work behind a TLS proxy that does not
# send X-Forwarded-Proto (Django would otherwise see http and refuse the https Origin).
CSRF_TRUSTED_ORIGINS = list(
    dict.fromkeys(filter(None, [*env_list("CSRF_TRUSTED_ORIGINS"), origin(SITE_URL)]))
)
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the
# app faces visitors directly). Used wherever a visitor's address matters (rate limits).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Booking-form and private-link submissions per visitor address per hour (the base visits).
BOOKINGS_POSTS_PER_HOUR = int(os.environ.get("BOOKINGS_POSTS_PER_HOUR", "20"))
# Hazard and street damage reports stored per visitor address per hour (four times as many
# refused forms are allowed; outreach.request_limits.PostLimit).
VENUES_REPORTS_PER_HOUR = int(os.environ.get("VENUES_REPORTS_PER_HOUR", "5"))
STREETS_REPORTS_PER_HOUR = int(os.environ.get("STREETS_REPORTS_PER_HOUR", "5"))

INSTALLED_APPS = [
    "outreach",
    "campaigns",
    "campaigns.volunteers",
    "campaigns.activities",
    "courses",
    "venues",
    "venues.bookings",
    "outreach.plan",
    "venues.streets",
    "themes",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after the static files: an anonymous visitor's cached page is answered before
    # sessions, locale, CSRF and the rest run; it was stored with the headers they added.
    "outreach.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "outreach.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every body capped (by who is signed in) before any process_view reads it (CSRF does).
    "outreach.request_limits.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Content-Security-Policy, Permissions-Policy, the proxy-count warning.
    "outreach.security.SecurityHeadersMiddleware",
    # Turns a locked-out sign-in into the Chinese lockout page (outreach.security).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "outreach.urls"
WSGI_APPLICATION = "outreach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every transaction takes SQLite's write lock when it begins, so read-then-write
    # services (claiming places) are serialised instead of failing on a lock upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache_url(queue_url):
    """The queue's Redis address with the next database number: the cache never shares
    a keyspace with the queue (redis://host:6379/0 → redis://host:6379/1; the last of
    Redis's 16 databases, 15, takes 14)."""
    parts = urlsplit(queue_url)
    number = parts.path.strip("/")
    number = int(number) if number.isdigit() else 0
    number = number + 1 if number < 15 else number - 1
    return urlunsplit(parts._replace(path=f"/{number}"))


# The cache may be evicted, the queue never: see the README's scale-out section.
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL", "") or (redis_cache_url(REDIS_URL) if REDIS_URL else "")
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "outreach",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Hit counters (QR scans) are incremented here and flushed to the database every minute
# (outreach.counters); empty: straight into the database. Counts are data, not cache:
# keep them on the Redis that holds the queue, not one that evicts.
COUNTERS_REDIS_URL = os.environ.get("COUNTERS_REDIS_URL", REDIS_URL)

# Anonymous visitors get public pages from the cache for this long; any content change
# clears it at once (outreach.page_cache). 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "60"))
# The plan's public pages use the figures the worker reads every five minutes while they
# are this young, rather than reading every source per visitor (outreach.plan.readings).
# 0 turns it off.
PLAN_READINGS_MAX_AGE = int(os.environ.get("PLAN_READINGS_MAX_AGE", "600"))

# django-q2 reads this once, at import. With REDIS_URL the queue lives in Redis and any
# number of `manage.py qcluster` processes on any machine share it; without, the queue
# is a table in the default database.
Q_CLUSTER = {
    "name": "outreach",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,
    "catch_up": False,
    "label": _("任务队列"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is locked for AXES_COOLOFF_TIME (hours); a
# superuser can unlock it at once in the admin (设置 → 登录锁定).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "outreach.http.client_address"
AXES_LOCKOUT_CALLABLE = "outreach.security.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # the Django admin is not mounted; unlocking is a Wagtail screen

# Content-Security-Policy (django-csp). Public pages: nothing inline, nothing from
# elsewhere but embedded players. The Wagtail admin (CSP_ADMIN_PATHS) needs inline
# scripts and styles of its own, so it gets CSP_ADMIN_DIRECTIVES instead.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, "https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSP_ADMIN_PATHS = ["/admin/"]
CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "frame-ancestors": [SELF],
}
# Browser features no page of the site uses are switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)

# People who are not editors sign in on the site's own page and land where their work is.
LOGIN_URL = "site_login"
LOGIN_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Of MEDIA_ROOT, only these folders may be served straight from disk to anyone: Wagtail
# images and their renditions, and photos/<app>/, the public photos an app keeps in its
# own model fields (re-encoded by outreach.uploads, so nothing but pixels). The README's
# proxy configuration serves exactly these. Documents go through Wagtail's serve view,
# which checks privacy settings.
PUBLIC_MEDIA_FOLDERS = ["original_images/", "images/", "photos/"]
# Uploads only some people may see (hazard-report photos, lesson and drill photos) live
# outside MEDIA_ROOT and are served by outreach.private_files after a permission check.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
PRIVATE_MEDIA_URL = "/private/"
# Behind nginx, the app may answer a checked request with X-Accel-Redirect to this
# internal location instead of streaming the file itself (README: deployment).
PRIVATE_MEDIA_ACCEL_REDIRECT = os.environ.get("PRIVATE_MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "outreach.private_files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Hashed file names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Every user upload goes through outreach.uploads with these limits: bytes of a photo,
# pixels it may claim in its header (checked before decoding), the longest side kept.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
UPLOAD_MAX_PIXELS = int(os.environ.get("UPLOAD_MAX_PIXELS", 40_000_000))
# Forms anyone may send (reports, booking letters, volunteers' certificates) take fewer:
# enough for a 12-16 MP phone photo (4032×3024 is 12.2 MP); a PNG costs 4 bytes a pixel.
UPLOAD_MAX_PIXELS_PUBLIC = int(os.environ.get("UPLOAD_MAX_PIXELS_PUBLIC", 16_000_000))
UPLOAD_MAX_SIDE = int(os.environ.get("UPLOAD_MAX_SIDE", 1600))
UPLOAD_MAX_DOCUMENT_BYTES = int(os.environ.get("UPLOAD_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body a visitor who is not signed in may send (outreach.request_limits).
PUBLIC_POST_MAX_BYTES = int(os.environ.get("PUBLIC_POST_MAX_BYTES", UPLOAD_MAX_BYTES + 1024 * 1024))
# Anyone signed in: six drill photos and the form. The Wagtail admin's document and image
# screens allow their own WAGTAILDOCS_/WAGTAILIMAGES_MAX_UPLOAD_SIZE to those who may upload.
SIGNED_IN_POST_MAX_BYTES = int(os.environ.get("SIGNED_IN_POST_MAX_BYTES", 6 * UPLOAD_MAX_BYTES + 1024 * 1024))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "xiuwu-119@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (outreach.notify): logged by default; Tencent Cloud SMS when configured.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "outreach.notify.LoggingSmsBackend")
SMS_DAILY_CAP_PER_NUMBER = int(os.environ.get("SMS_DAILY_CAP_PER_NUMBER", "10"))
TENCENT_SMS_SECRET_ID = os.environ.get("TENCENT_SMS_SECRET_ID", "")
TENCENT_SMS_SECRET_KEY = os.environ.get("TENCENT_SMS_SECRET_KEY", "")
TENCENT_SMS_APP_ID = os.environ.get("TENCENT_SMS_APP_ID", "")
TENCENT_SMS_SIGN_NAME = os.environ.get("TENCENT_SMS_SIGN_NAME", "修武消防")
TENCENT_SMS_REGION = os.environ.get("TENCENT_SMS_REGION", "ap-guangzhou")
TENCENT_SMS_ENDPOINT = os.environ.get("TENCENT_SMS_ENDPOINT", "https://sms.tencentcloudapi.com")
TENCENT_SMS_TIMEOUT = float(os.environ.get("TENCENT_SMS_TIMEOUT", "10"))

WAGTAIL_SITE_NAME = "修武县消防宣传教育平台"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin would fetch releases.wagtail.org from the browser: unreachable here, and the
# admin's Content-Security-Policy allows no outside connections.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "outreach.search.backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip", "mp4"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Editors' images too: the pixel count their header claims is checked before decoding.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_MAX_PIXELS
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every page edit and background task at INFO; keep the console readable.
    "loggers": {
        "django_q": {"level": "WARNING"},
        "axes": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
