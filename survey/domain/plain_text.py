"""Plain text from the public and the unions (纯文本): what a worker's concern, an objection, an answer or
a finding may hold — trimmed, within its length, and never markup (a tag or an HTML entity), which is
refused rather than stored, so no page and no export ever has to trust it."""
import re

MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|&#?\w+;")


def plain(text: str | None, field: str, errors: dict[str, str], *, maximum: int, length_key: str,
          minimum: int = 0, required_key: str | None = None) -> str:
    """``text`` trimmed; an error for ``field`` in ``errors`` when it is empty (``required_key``), out of
    ``minimum``..``maximum`` characters (``length_key``) or markup (``text_markup``)."""
    text = (text or "").strip()
    if required_key and not text:
        errors[field] = required_key
    elif not minimum <= len(text) <= maximum:
        errors[field] = length_key
    elif MARKUP.search(text):
        errors[field] = "text_markup"
    return text
