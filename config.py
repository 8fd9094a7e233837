"""Settings for Harmony. Every value can be overridden by an environment variable of the same name."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


class Config:
    SECRET_KEY = _env("SECRET_KEY", "")
    DATABASE_URL = _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'harmony.db'}")
    # Where ballot QR codes point; empty means "the host the chair is using".
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "")
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per minute")
    OBJECTION_RATE_LIMIT = _env("OBJECTION_RATE_LIMIT", "5 per hour")  # objections lodged from one address
    # Per account, on every node: after this many failed sign-ins in a row the account waits, the wait
    # doubling with each further failure up to the maximum.
    LOGIN_FAILURE_LIMIT = int(_env("LOGIN_FAILURE_LIMIT", "5"))
    LOGIN_BACKOFF_SECONDS = int(_env("LOGIN_BACKOFF_SECONDS", "60"))
    LOGIN_BACKOFF_MAX_SECONDS = int(_env("LOGIN_BACKOFF_MAX_SECONDS", "3600"))
    # Reverse proxies in front of Harmony that append to X-Forwarded-For; 0 ignores the header.
    PROXY_COUNT = int(_env("PROXY_COUNT", "0"))
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = _env("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "survey" / "translations")
    LANGUAGES = ("zh", "en")
    # A worker may keep the ballot open for a long time; the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Unset: secure exactly when PUBLIC_BASE_URL is https (decided in the app factory).
    SESSION_COOKIE_SECURE = os.environ["SESSION_COOKIE_SECURE"] == "1" if "SESSION_COOKIE_SECURE" in os.environ else None
    # Where a red early-warning report or an event is posted as JSON (empty: nowhere).
    WARNING_WEBHOOK_URL = _env("WARNING_WEBHOOK_URL", "")
    MAX_CODES_PER_BATCH = 10_000
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # Declarations' evidence files, outside the database; empty: the folder "evidence" of the instance folder.
    EVIDENCE_DIR = _env("EVIDENCE_DIR", "")
    EVIDENCE_MAX_BYTES = int(_env("EVIDENCE_MAX_BYTES", str(4 * 1024 * 1024)))
    # Long work goes to the worker (`flask --app wsgi worker`) above these sizes: closing a vote of more
    # ballots, exporting more ballots (json, csv, xlsx), printing slips of more codes.
    JOB_THRESHOLD_BALLOTS = int(_env("JOB_THRESHOLD_BALLOTS", "10000"))
    JOB_EXPORT_BALLOTS = int(_env("JOB_EXPORT_BALLOTS", "100000"))
    JOB_SLIPS_CODES = int(_env("JOB_SLIPS_CODES", "2000"))
    JOB_STALE_SECONDS = int(_env("JOB_STALE_SECONDS", "300"))  # a running job silent this long is taken again
    JOB_MAX_ATTEMPTS = int(_env("JOB_MAX_ATTEMPTS", "3"))
    JOB_FILES_HOURS = int(_env("JOB_FILES_HOURS", "24"))  # a finished job's file is kept this long
    # A close's rewrite (wiping the order of arrival) rests this many seconds for each second it rewrote,
    # leaving the database to the casts of other votes: 3 keeps it to a quarter of the time.
    JOB_REWRITE_PAUSE = float(_env("JOB_REWRITE_PAUSE", "3"))
    # The jobs' files, outside the database; empty: the folder "jobs" of the instance folder.
    JOB_DIR = _env("JOB_DIR", "")
    JOB_WORKER_NICE = int(_env("JOB_WORKER_NICE", "10"))  # the worker yields the processor to the web workers


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
