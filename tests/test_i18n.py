"""Every user-facing string has a Simplified Chinese translation, and the compiled catalogue is current."""
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "survey" / "translations" / "zh" / "LC_MESSAGES"


def extracted(tmp_path) -> list[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
                    "survey/translations/babel.cfg", "-k", "_l", "-k", "N_", "-o", str(pot), "."],
                   cwd=ROOT, check=True)
    with pot.open("rb") as handle:
        return [message.id for message in read_po(handle) if message.id]


def test_every_string_is_translated_to_chinese(tmp_path):
    with (CATALOGUE / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for msgid in extracted(tmp_path):
        message = catalogue.get(msgid)
        translated = message and (all(message.string) if isinstance(message.string, tuple) else message.string)
        if not translated or message.fuzzy:
            missing.append(msgid)
    assert missing == []


def test_compiled_catalogue_matches_the_translations():
    with (CATALOGUE / "messages.po").open("rb") as handle:
        source = {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}
    with (CATALOGUE / "messages.mo").open("rb") as handle:
        compiled = {m.id: m.string for m in read_mo(handle) if m.id}
    assert compiled == source
