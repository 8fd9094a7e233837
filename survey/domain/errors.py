"""Domain errors. Each carries a message key the web layer translates, and optional details."""


class HarmonyError(Exception):
    status = 400

    def __init__(self, key: str, **details):
        super().__init__(key)
        self.key = key
        self.details = details


class NotFound(HarmonyError):
    status = 404


class Forbidden(HarmonyError):
    status = 403


class Conflict(HarmonyError):
    status = 409


class Invalid(HarmonyError):
    status = 422


class IllegalTransition(Conflict):
    """A state change the life cycle does not allow (e.g. reopening a closed vote)."""

    def __init__(self, current: str, target: str):
        super().__init__("illegal_transition", current=current, target=target)
