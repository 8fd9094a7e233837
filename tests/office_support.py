"""Helpers for the office tests: signing in, valid credit codes."""
from survey.domain.credit_code import check_character


def sign_in(client, username: str, password: str | None = None) -> None:
    response = client.post("/login", data={"username": username, "password": password or "password-" + username})
    assert response.status_code == 302, response.status_code


def credit_code(n: int) -> str:
    """The n-th valid unified social credit code of the tests (none of conftest's)."""
    first17 = f"9135010000000{n:04d}"
    return first17 + check_character(first17)


def with_wrong_check(code: str) -> str:
    """The code with another check character."""
    return code[:-1] + ("1" if code.endswith("0") else "0")


def signed_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]
