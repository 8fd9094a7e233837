"""The files jobs make (exports, slips), outside the database: one folder, each file named by its job
and attempt, written under a temporary name and renamed when complete, readable by the server only."""
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def name_of(job_id: int, attempt: int, extension: str) -> str:
    return f"job-{job_id}-{attempt}.{extension}"


def path_of(folder: Path, name: str) -> Path:
    return Path(folder) / name


@contextmanager
def writing(folder: Path, name: str) -> Iterator[BinaryIO]:
    """A file to write `name` into; it appears complete when the block ends, and not at all if it fails."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.replace(temporary, path_of(folder, name))
    except BaseException:
        os.unlink(temporary)
        raise


def remove(folder: Path, name: str) -> None:
    path_of(folder, name).unlink(missing_ok=True)


def exists(folder: Path, name: str) -> bool:
    return path_of(folder, name).is_file()
