"""API-key authentication (Authorization: Bearer …) for the JSON API's blueprints."""
from collections.abc import Callable

from flask import abort, g, request

from ..data.models import User
from ..domain import accounts
from ..extensions import db


def bearer_user() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return accounts.by_api_key(db(), key.strip())


def require_key(*public_endpoints: str) -> Callable[[], None]:
    """A before-request hook: the key's user in ``g.user``, or 401 unless the endpoint is public."""
    def authenticate() -> None:
        g.user = bearer_user()
        if g.user is None and request.endpoint not in public_endpoints:
            abort(401)
    return authenticate
