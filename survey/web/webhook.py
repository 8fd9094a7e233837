"""The early-warning webhook: a red report or an event is posted as JSON to ``WARNING_WEBHOOK_URL``, when
one is configured (none by default: Harmony calls no other host unless told to), from a background thread
so that the report never waits for the receiver. A failure is logged, not retried."""
import json
import logging
import threading
import urllib.request

from flask import current_app

TIMEOUT_SECONDS = 5
log = logging.getLogger(__name__)


def _post(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            answer.read()
    except OSError as error:
        log.warning("early-warning webhook failed: %s", error)


def notify(payload: dict) -> threading.Thread | None:
    """Post ``payload`` to the configured webhook; the thread, or None when no webhook is configured."""
    url = current_app.config.get("WARNING_WEBHOOK_URL")
    if not url:
        return None
    thread = threading.Thread(target=_post, args=(url, json.dumps(payload, ensure_ascii=False).encode()), daemon=True)
    thread.start()
    return thread
