"""Settings for jiceng: one module, typed env readers that fail loudly, development defaults.

A fresh clone runs on the embedded SQLite database; `DATABASE_URL=postgres://…` switches to
PostgreSQL. Secrets come from the environment or from a file named by `<NAME>_FILE`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


MIN_KEY_LENGTH = 50  # what `check --deploy` asks of SECRET_KEY; the other keys are held to the same


class ConfigError(ImproperlyConfigured):
    """A setting that cannot work: manage.py prints the (Chinese) message alone and exits non-zero."""


def os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件或目录不存在"
    if isinstance(exc, PermissionError):
        return "没有访问权限"
    return f"系统错误（{exc.strerror}）"


def env(name: str, default: str = "") -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"无法读取 {name}_FILE 指定的文件 {file_name}：{os_problem(exc)}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = env(name, default).lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name} 应为 true 或 false，实际为 {value!r}")


def envint(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} 应为整数，实际为 {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def generated_key(path: Path) -> str:
    """Read the key kept in `path`, creating it (random, mode 600) on first use.

    Created with O_EXCL so two processes starting at once (web server and worker) agree on one key.
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    except OSError as exc:
        raise ConfigError(f"无法在 {path.parent} 生成密钥文件：{os_problem(exc)}") from exc
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(64) + "\n")
    return path.read_text().strip()


def key_setting(name: str, generated: Path, *, debug: bool) -> str:
    """NAME, or the file NAME_FILE names; when neither is set, the key generated into var/.

    Set but empty or too short is refused outside DEBUG: a guessable key signs every session.
    """
    if name not in os.environ and f"{name}_FILE" not in os.environ:
        return generated_key(generated)
    value = env(name)
    if not debug and len(value) < MIN_KEY_LENGTH:
        problem = "为空" if not value else f"太短（{len(value)} 个字符）"
        raise ConfigError(
            f"{name} {problem}：关闭调试模式（DEBUG=false）时至少需要 {MIN_KEY_LENGTH} 个字符。"
            f"不设置 {name} 即使用自动生成的密钥文件 {generated}"
        )
    return value


def database_from_url(url: str) -> dict[str, object]:
    """Parse `sqlite:///path` or `postgres://user:pass@host:port/name` into DATABASES['default']."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/to/repo.sqlite3 or sqlite:////absolute/path.sqlite3
        path = unquote(parsed.path[1:])
        name = path if path.startswith("/") or path == ":memory:" else str(BASE_DIR / path)
        if name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # Kept by the production server's fixed threads too (one file open and PRAGMAs less per request).
            "CONN_MAX_AGE": envint("CONN_MAX_AGE", 0),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests use a file, not shared-cache memory: concurrent ballots from real threads must
            # wait for the write lock (busy timeout) as they do in production, not fail at once.
            "TEST": {"NAME": str(BASE_DIR / "var" / "test_jiceng.sqlite3")},
        }
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "jiceng.core.postgres",  # Django's, with a cheaper health check
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # Persistent connections only where threads are a fixed pool (the production server sets
            # CONN_MAX_AGE); the development server starts a thread per request, and each kept one.
            "CONN_MAX_AGE": envint("CONN_MAX_AGE", 0),
            "CONN_HEALTH_CHECKS": True,
            # Transaction-pooling pgbouncer cannot keep a cursor open across transactions.
            "DISABLE_SERVER_SIDE_CURSORS": envbool("DISABLE_SERVER_SIDE_CURSORS", "false"),
            "OPTIONS": {"connect_timeout": envint("DATABASE_CONNECT_TIMEOUT", 5)},
            "TEST": {"NAME": f"test_{unquote(parsed.path.lstrip('/'))}"},
        }
    raise ConfigError(f"DATABASE_URL 的协议 {parsed.scheme!r} 不受支持（可用 sqlite:/// 或 postgres://）")


DEBUG = envbool("DEBUG", "false")
# Generated keys (and the embedded database) live here; back this directory up (see docs/deploy.md).
VAR_DIR = Path(env("JICENG_VAR_DIR", str(BASE_DIR / "var")))
SECRET_KEY = key_setting("SECRET_KEY", VAR_DIR / "secret_key", debug=DEBUG)
# Resident ID numbers are encrypted with their own key, never SECRET_KEY: rotating the session key
# must not make a single number unreadable (manage.py rotate_id_key re-encrypts with a new one).
ID_NUMBER_KEY = key_setting("ID_NUMBER_KEY", VAR_DIR / "id_number_key", debug=DEBUG)
# Ballot codes are hashed with a key of their own, so SECRET_KEY can be rotated mid-round.
BALLOT_CODE_KEY = key_setting("BALLOT_CODE_KEY", VAR_DIR / "ballot_code_key", debug=DEBUG)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, found by the project's engine (FORM_RENDERER below)
    "django_htmx",
    "ninja",  # its API docs page then uses the bundled Swagger UI files, not a CDN (CSP: self only)
    "treebeard",
    "rules",
    "django_tasks_db",
    "jiceng.core",
    "jiceng.accounts",
    "jiceng.organizations",
    "jiceng.notices",
    "jiceng.people",
    "jiceng.households",
    "jiceng.meetings",
    "jiceng.training",
    "jiceng.dues",
    "jiceng.mobile",
    "jiceng.talents",
    "jiceng.duty",
    "jiceng.development",
    "jiceng.economy",
    "jiceng.programs",
    "jiceng.ledgers",
    "jiceng.evaluations",
    "jiceng.selection",
    "jiceng.pay",
    "jiceng.volunteers",
    "jiceng.councils",
    "jiceng.assistance",
    "jiceng.unions",
    "jiceng.openness",
    "jiceng.reports",
    "jiceng.assessments",
    "jiceng.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything that touches the session or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed by the app server too (behind nginx it compresses instead); Django pads
    # compressed responses at random against BREACH.
    "jiceng.core.compression.PageGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jiceng.core.error_pages.ErrorPageMiddleware",
    "jiceng.core.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jiceng.core.sessions.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "jiceng.urls"
WSGI_APPLICATION = "jiceng.wsgi.application"

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

# Widgets render with the project's template engine, so a widget of ours has its template in
# templates/ (the person picker: templates/people/_picker.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": database_from_url(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jiceng.sqlite3'}"))}
# A streaming replica for report reads (statistics, dashboards), off unless configured.
if replica_url := env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(replica_url)
    # Tests point the alias at the default test database (same server, a second connection).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["jiceng.core.routers.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "jiceng.accounts.auth.PasswordBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Idle sessions end: each request renews the session, one untouched for this long is logged out.
# (jiceng.core.sessions.SessionIdleMiddleware renews an active session at most once a minute.)
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 120) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Login lockout: this many failures for one username from one address within the window lock that
# pair for the window; this many failures from one address (any usernames) lock the address.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_ADDRESS = envint("LOGIN_MAX_FAILURES_PER_ADDRESS", 30)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 15)
# Behind a reverse proxy: the request header holding the client address (e.g. HTTP_X_REAL_IP).
LOGIN_CLIENT_IP_HEADER = env("LOGIN_CLIENT_IP_HEADER", "")

LANGUAGE_CODE = "zh-hans"
# One language (issue 10.10): no LocaleMiddleware, so Django's own messages, the admin and the
# error pages are Chinese whatever language the browser asks for.
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The user guide's screenshots, for the help page (jiceng/core/guide.py).
STATICFILES_DIRS = [BASE_DIR / "static", ("guide", BASE_DIR / "docs" / "guide" / "img")]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# collectstatic writes content-hashed names plus .gz and .br copies; WhiteNoise serves the
# smallest the browser accepts, hashed names with a one-year immutable Cache-Control.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "jiceng.core.staticstorage.StaticStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # pages link hashed names only; half the files to compress
# Source maps are fetched by developer tools only: compressing their megabytes would make
# collectstatic slow for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("map", "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "swf", "flv"),
    *("woff", "woff2"),
]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Upload limit for roster workbooks (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# HTTPS: settable from the environment for a server behind a TLS proxy (docs/deploy.md).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
if envbool("SECURE_PROXY_SSL", "false"):  # only behind a proxy that sets (and strips) this header
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitoring asks over plain HTTP on the loopback
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "jiceng.core.error_pages.csrf_failure"  # Chinese, fits a phone, a way back
# No inline script anywhere: scripts and styles come from our own static files only. Inline
# style attributes stay allowed (templates and charts set widths); they cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The scheduler (manage.py run_scheduler) and the nightly backup.
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = envint("BACKUP_KEEP", 14)
# A worker heartbeat older than this makes /healthz answer 503.
WORKER_HEARTBEAT_MAX_AGE = envint("WORKER_HEARTBEAT_MAX_AGE", 180)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
