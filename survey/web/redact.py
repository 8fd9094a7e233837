"""Keep the worker's requests out of every log (access logs, error logs, the dev server's request log).

A worker's path carries a ballot code (the QR link /v/<code>), a concern's token or tracking code, or leads
to a receipt, and its log line would tie an address, a device and a moment to a ballot or a concern. So no log line is written for any worker path, whatever
its case, encoding or query string; any other line that mentions one has it replaced.
"""
import logging
import re
from urllib.parse import unquote, urlsplit

# The worker's paths (职工页面), in one list: the ballot and congress pages (/v), the concerns the workers
# raise (/c, 诉求) and the JSON cast and concerns, and the public's objections during a public notice
# (异议: the pages /o, lodging and reading one by its tracking code in the API). A `*` segment stands for
# any one segment (a declaration's id). The loggers, the router and the README follow it.
WORKER_PATHS = ("/v", "/c", "/api/v1/ballots", "/api/v1/concerns", "/o", "/api/v1/objections",
                "/api/v1/declarations/*/objections")
REDACTED = "[worker path]"
_TOKEN = re.compile(r"[^\s\"'()<>\[\],]+")
_REQUEST_LINE = re.compile(r'"[A-Za-z]+ (\S+)(?: HTTP/[\d.]+)?"')
_PLAIN_PATH = re.compile(r"(?!.*(?:[%?#;]|//|/\.\.?(?:/|$)))/", re.DOTALL)  # nothing to decode or resolve
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # the dev server colours its request lines on a terminal
ON_WORKER_PATH = "harmony.worker_path"  # the WSGI environ's key for route_any_case's answer


def _starts(pattern: str) -> str:
    return "/".join("[^/]+" if part == "*" else re.escape(part) for part in pattern.split("/"))


# A quick "no" for most paths (the staff's): the list as one expression, each segment whole, in any ASCII case
# (nothing else lower-cases onto the list's letters). It never refuses what the segment rule below accepts.
_WORKER_START = re.compile("(?:%s)(?:/|\\Z)" % "|".join(map(_starts, WORKER_PATHS)), re.IGNORECASE | re.ASCII)


def _prefix(path: str) -> str | None:
    """The worker path `path` starts with, compared case-insensitively, segment by segment, as spelled
    in the list (its `*` segments as spelled in `path`)."""
    if not _WORKER_START.match(path):
        return None
    segments = path.split("/")
    for pattern in WORKER_PATHS:
        wanted = pattern.split("/")
        if len(segments) >= len(wanted) and all(
                segment.lower() == part or (part == "*" and segment) for part, segment in zip(wanted, segments)):
            return "/".join(segment if part == "*" else part for part, segment in zip(wanted, segments))
    return None


def is_worker_path(target: str) -> bool:
    """True for a request target (path, path?query or absolute URL) under a worker path, however it is
    spelled: any case, percent-encoded, doubled slashes, dot segments, `;` parameters."""
    if _PLAIN_PATH.match(target):  # most requests: the path is already canonical
        return _prefix(target) is not None
    if "://" in target:
        target = urlsplit(target).path
    for _ in range(3):  # %2F and double encoding
        target = unquote(target)
    path = re.split(r"[?#;]", target, maxsplit=1)[0]
    if not path.startswith("/"):
        return False
    segments: list[str] = []
    for segment in re.sub("/+", "/", path).split("/")[1:]:
        if segment == "..":
            segments = segments[:-1]
        elif segment != ".":
            segments.append(segment)
    return _prefix("/" + "/".join(segments)) is not None


def canonical_case(path: str) -> str:
    """`/V/<code>` routes like `/v/<code>`: the worker prefix in its own case, the rest untouched."""
    prefix = _prefix(path)
    return prefix + path[len(prefix):] if prefix else path


def route_any_case(wsgi_app):
    """WSGI middleware: a worker path typed in another case reaches the same page (or its 404). Whether the
    request is on a worker path is decided here, once, and kept in the environ under ``ON_WORKER_PATH``."""
    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        environ[ON_WORKER_PATH] = is_worker_path(path)
        if environ[ON_WORKER_PATH]:
            environ["PATH_INFO"] = canonical_case(path)
        return wsgi_app(environ, start_response)
    return app


def redact(text: str) -> str:
    return _TOKEN.sub(lambda token: REDACTED if is_worker_path(token.group()) else token.group(), text)


def is_worker_request_line(message: str) -> bool:
    """A request-log line (`"GET /v/… HTTP/1.1" 200 -`) for a worker path."""
    return any(is_worker_path(target) for target in _REQUEST_LINE.findall(_COLOUR.sub("", message)))


class RedactCodes(logging.Filter):
    """Drops request-log lines of worker paths; formats any other message (a path may be in the
    arguments) and its traceback, then replaces the worker paths in them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if is_worker_request_line(message):
            return False
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def install(*logger_names: str) -> None:
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactCodes) for f in logger.filters):
            logger.addFilter(RedactCodes())
