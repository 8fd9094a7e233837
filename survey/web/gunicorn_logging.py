"""Gunicorn logger: no access-log line for a worker path; in every other line (a referer, an error about a
malformed request) a worker path is replaced."""
from gunicorn.glogging import Logger

from .redact import install, is_worker_path, redact


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        install(self.error_log.name)

    def access(self, resp, req, environ, request_time):
        targets = (req.uri, req.path, environ.get("RAW_URI", ""), environ.get("PATH_INFO", ""))
        if not any(is_worker_path(target or "") for target in targets):
            super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        values = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in values.items()}
