"""Gunicorn logger that redacts ballot codes from access-log lines (path, query, referer, raw URI)."""
from gunicorn.glogging import Logger

from .redact import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        values = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in values.items()}
