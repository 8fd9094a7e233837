"""Evidence files (佐证材料) outside the database: under a directory, each named by its SHA-256."""
import os
import tempfile
from pathlib import Path


def path_of(directory: Path, sha256: str) -> Path:
    return Path(directory) / sha256[:2] / sha256


def store(directory: Path, sha256: str, data: bytes) -> None:
    """Write the file once (the same content is kept once); atomically, so a reader never sees half a file."""
    target = path_of(directory, sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


def read(directory: Path, sha256: str) -> bytes:
    return path_of(directory, sha256).read_bytes()
