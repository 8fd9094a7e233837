"""A paged list's query string: ?page= (a number from 1; anything else is the first page) and its filters."""
from flask import request


def page_number() -> int:
    number = request.args.get("page", type=int)
    return number if number and number > 0 else 1


def filters(*names: str) -> dict[str, str]:
    """The list's filters given, trimmed: kept in the links to its other pages."""
    given = {name: request.args.get(name, "").strip()[:100] for name in names}
    return {name: value for name, value in given.items() if value}

