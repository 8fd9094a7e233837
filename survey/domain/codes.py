"""Ballot codes (选票码): random, 65 bits, typable, stored only as a hash.

The alphabet leaves out 0/O and 1/I so that a worker typing a code from paper cannot confuse them.
"""
import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 13  # 13 symbols × 5 bits = 65 bits
GROUPS = (4, 4, 5)
_ALLOWED = frozenset(ALPHABET)
_SEPARATORS = str.maketrans("", "", " -_.\t")


def new_code() -> str:
    """A fresh canonical code (no separators)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """`K7QM2XHD9PWRT` → `K7QM-2XHD-9PWRT`, the form printed on slips."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start:start + size])
        start += size
    return "-".join(parts)


def normalize(text: str) -> str | None:
    """The canonical code for what a worker typed, or None if it cannot be a code."""
    code = (text or "").translate(_SEPARATORS).upper()
    if len(code) != LENGTH or not set(code) <= _ALLOWED:
        return None
    return code


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def typed_hash(typed: str) -> str | None:
    """The hash of a code as someone typed it (any case, with or without dashes); None if it cannot be one."""
    code = normalize(typed)
    return code_hash(code) if code else None


def receipt(secret: str, hashed: str) -> str:
    """A short receipt for a used code: proves the code was consumed, reveals nothing of the vote."""
    digest = hmac.new(secret.encode(), b"receipt:" + hashed.encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:7], "big")
    symbols = []
    for _ in range(10):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "".join(symbols)
