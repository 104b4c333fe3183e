"""Settings for Zhaoshang: one module, every switch read from the environment.

The variables are listed in the README. Without any of them the project runs on a
laptop: SQLite under ``var/``, a file cache, mail printed on the console.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()

# pytest sets PYTEST_VERSION for the whole session (pytest >= 8.2).
TESTING = "PYTEST_VERSION" in os.environ

VAR_DIR = Path(env.str("ZHAOSHANG_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The SECRET_KEY variable, or a key generated on the first run and kept under var/."""
    given = env.str("SECRET_KEY", default="")
    if given:
        return given
    path = VAR_DIR / "secret_key"
    if not path.exists():
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Behind a TLS-terminating proxy in production: HTTPS=1 turns on every transport guard.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "zhaoshang.core",
    "zhaoshang.textsearch",
    "zhaoshang.portal",
    "zhaoshang.registry",
    "zhaoshang.policies",
    "zhaoshang.leads",
    "zhaoshang.workspace",
    "zhaoshang.sites",
    "zhaoshang.chains",
    "zhaoshang.projects",
    "zhaoshang.proposals",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ninja",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that cached pages get the same headers as fresh ones.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "zhaoshang.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhaoshang.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhaoshang.urls"
WSGI_APPLICATION = "zhaoshang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhaoshang.core.context_processors.site",
                "zhaoshang.workspace.context_processors.workspace",
            ],
        },
    },
]

# --- data -----------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{(VAR_DIR / 'zhaoshang.sqlite3').as_posix()}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while one writer commits; IMMEDIATE takes the write
            # lock at BEGIN so that concurrent writers queue instead of failing.
            "init_command": (
                # A new database's pages are 16 KiB (SQLite's default is 4 KiB): a bulk load
                # makes a quarter of the calls to write its pages and check-point them, and
                # a million enterprises import 25 % faster. The size is fixed once the first
                # table is made, so this changes nothing in a database that exists already
                # (README, "SQLite's page size", says how to convert one).
                "PRAGMA page_size=16384;"
                " PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                # 64 MiB of page cache (the default is 2 MiB): large imports keep their
                # indexes in memory instead of re-reading pages.
                " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# The file cache is shared by every web worker on one machine; CACHE_URL points
# several machines at Redis (redis://...). Tests use a per-process memory cache.
_default_cache = "locmemcache://" if TESTING else f"filecache://{(VAR_DIR / 'cache').as_posix()}"
# Sign-in failure counters need a cache that every worker shares and that counts
# atomically enough for django-axes: a table in the database unless THROTTLE_CACHE_URL
# says otherwise (Redis in a multi-machine deployment).
CACHES = {
    "default": env.cache_url("CACHE_URL", default=_default_cache),
    "throttle": env.cache_url("THROTTLE_CACHE_URL", default="dbcache://zhaoshang_throttle"),
}
# The public pages' generation number (core.pagecache), read on every cached page: in a file
# every process on this machine maps into memory when the cache is the file cache (reading it
# costs no system call); in the cache itself when that is shared between machines (Redis) or
# private to one process (the tests' memory cache).
PAGES_GENERATION_FILE: Path | None = (
    VAR_DIR / "pages-generation"
    if CACHES["default"]["BACKEND"].endswith(".FileBasedCache")
    else None
)

# --- mail -----------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Zhaoshang <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where notices of new investor enquiries go (the center's email in the site settings
# when empty).
ENQUIRY_INBOX = env.str("ENQUIRY_INBOX", default="")
# Where readers reach the site (every link in mail starts with it), e.g.
# https://invest.sihui.example. When unset, the address `zhaoshang setup --url` recorded
# (`make run` passes the one it serves on).
SITE_URL_FILE = VAR_DIR / "site_url"


def _site_url() -> str:
    if TESTING:
        return "http://testserver"
    try:
        return SITE_URL_FILE.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


SITE_URL = env.str("SITE_URL", default="") or _site_url()
# A lead with no activity for this many days is flagged as going cold.
LEADS_STALE_DAYS = env.int("LEADS_STALE_DAYS", default=30)

# --- accounts -------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account-login"
LOGIN_REDIRECT_URL = "account-start"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = 60 * 60 * 12

# Sign-in throttling: five failures for one account from one address within fifteen
# minutes lock that pair out for fifteen minutes; twenty failures from one address across
# accounts (password spraying) lock that address. Counters live in the cache.
AXES_HANDLER = "zhaoshang.core.auth.SignInThrottle"
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_CACHE = "throttle"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_USERNAME_CALLABLE = "zhaoshang.core.auth.axes_username"

# --- languages ------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True

# --- files ----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = TESTING or DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The folders of MEDIA_ROOT that /media/ serves to anyone (posts' images); nothing else.
PUBLIC_MEDIA_FOLDERS = ("posts", "sites")
# Files that are not public (uploaded imports, later exports and attachments): outside
# MEDIA_ROOT, under random names, served only by a view that checks who asks.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- browser policies -----------------------------------------------------------------

# Content-Security-Policy (django-csp): scripts, styles, fonts, frames and requests come
# from this site only; no inline script or style, no eval, no plugins, no framing. Pages
# keep their JavaScript in static files and hand it data through json_script or data-
# attributes (see the README). Images also come from the hosts of posts imported from
# Blogger (their images stay where Blogger keeps them) and from CSP_IMAGE_HOSTS.
CSP_IMAGE_HOSTS = env.list(
    "CSP_IMAGE_HOSTS",
    default=["https://blogger.googleusercontent.com", "https://*.bp.blogspot.com"],
)

# The sites map (sites/): with no MAP_TILES_URL it draws the county outlines and centres
# alone and needs no network. A tile service is configuration: its URL template
# ({z}/{x}/{y}, optionally {s}), the attribution it requires and the coordinate system its
# tiles are drawn in (wgs84 for OpenStreetMap and Tianditu, gcj02 for AMap and Tencent,
# bd09 for Baidu); markers are converted from WGS 84 to it before they are drawn. The tile
# host is added to the CSP's img-src.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="")
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default="")
MAP_TILES_COORDS = env.str("MAP_TILES_COORDS", default="wgs84")
if MAP_TILES_COORDS not in ("wgs84", "gcj02", "bd09"):
    raise ImproperlyConfigured("MAP_TILES_COORDS must be wgs84, gcj02 or bd09")
if MAP_TILES_URL:
    _tiles = urlsplit(MAP_TILES_URL.replace("{s}", "*"))
    CSP_IMAGE_HOSTS = [*CSP_IMAGE_HOSTS, f"{_tiles.scheme}://{_tiles.netloc}"]
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *CSP_IMAGE_HOSTS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "worker-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "report-uri": [reverse_lazy("csp-report")],
    }
}
# Violations reported to /csp-report are logged; at most this many a minute per address.
CSP_REPORTS_PER_MINUTE = 30

# Proposals: the CJK fonts their PDFs embed (`make run` and `make test` put them there), and
# how many answers one address may send in an hour on investors' pages.
PROPOSALS_FONTS_DIR = Path(env.str("PROPOSALS_FONTS_DIR", default=str(BASE_DIR / "var" / "fonts")))
PROPOSAL_ANSWERS_PER_HOUR = 10

# Permissions-Policy (django-permissions-policy): every powerful feature the site does not
# use is off for the site and anything it embeds. Copy-link buttons write to the
# clipboard. Geolocation is off too: the planned site map shows parcels, not the reader.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "gamepad": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "local-fonts": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "web-share": [],
    "xr-spatial-tracking": [],
}

# --- API ------------------------------------------------------------------------------

NINJA_PAGINATION_PER_PAGE = 50

# --- logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SITE_NAME = _("Zhaoshang")
