"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters from a 31-symbol set (no I, O, Z, S, V); the last is a check character computed
with weights 3^i mod 31 over the first 17.
"""
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None when the code is valid, else a message key saying what is wrong."""
    if len(code) != 18:
        return "credit_code_length"
    if any(char not in CHARSET for char in code):
        return "credit_code_characters"
    if check_character(code[:17]) != code[17]:
        return "credit_code_check"
    return None


def normalize(text: str) -> str:
    return (text or "").strip().upper()
