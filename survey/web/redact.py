"""Keep ballot codes out of every log line (access logs, error logs, the dev server's request log)."""
import logging
import re

# A code travels in the path of the vote link (/v/<code>) and nowhere else in a URL.
_CODE_IN_PATH = re.compile(r"(/v/)[^/?#\s\"']+")
REDACTED = r"\1[redacted]"


def redact(text: str) -> str:
    return _CODE_IN_PATH.sub(REDACTED, text)


class RedactCodes(logging.Filter):
    """A logging filter that formats the message, then redacts it (a code may be in the arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


def install(*logger_names: str) -> None:
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactCodes) for f in logger.filters):
            logger.addFilter(RedactCodes())
