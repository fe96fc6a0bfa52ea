"""Reading input files and writing results without surprises.

Input: a spec or scenario file must be a regular file (not a folder, a device or a
pipe: `/dev/zero` would be read forever), at most `MAX_INPUT_BYTES`, UTF-8 (a
byte-order mark is allowed and dropped) and not empty.

Output: a folder is checked before any work starts (it must be a folder, or
creatable, and writable), and every file is written under a dot-named temporary
name and renamed into place, so a crash or a full disk never leaves half a file
under its final name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

MAX_INPUT_BYTES = 4 * 1024 * 1024   # a spec of the largest sensible grid is ~100 kB


class InputFileError(ValueError):
    """An input file that cannot be read as text: the message says why."""


class OutputError(OSError):
    """Results could not be written (a full disk, a folder removed mid-run): exit 1."""


def read_text_file(path: str | Path, kind: str) -> str:
    """The text of a small UTF-8 input file, or InputFileError naming the problem."""
    path = Path(path)
    try:
        if not path.exists():
            raise InputFileError(f"{kind} not found: {path}")
        if path.is_dir():
            raise InputFileError(f"{path} is a folder: expected a {kind} (a .toml file)")
        if not path.is_file():
            raise InputFileError(f"{path} is not a regular file (a device or a pipe): "
                                 f"expected a {kind} (a .toml file)")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputFileError(f"{path} is {size:,} bytes: a {kind} is at most "
                                 f"{MAX_INPUT_BYTES:,} bytes")
        raw = path.read_bytes()
    except OSError as err:
        raise InputFileError(f"cannot read {kind} {path}: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")      # a byte-order mark (Windows editors) is dropped
    except UnicodeDecodeError as err:
        raise InputFileError(f"{path} is not UTF-8 text (byte {err.start}): expected a {kind} "
                             "(a .toml file)") from None
    if "\x00" in text:
        raise InputFileError(f"{path} is a binary file: expected a {kind} (a .toml file)")
    if not text.strip():
        raise InputFileError(f"{path} is empty: expected a {kind}")
    return text


def check_output_folder(path: str | Path, flag: str = "--out") -> Path:
    """Make sure `path` is a folder this process can write into, creating it if needed.

    Raises InputFileError (bad input, exit 2) otherwise, before any work is done.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputFileError(f"{flag} {path}: is a file; expected a folder (it is created "
                             "if missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
        # os.access says yes to root on a read-only disk: try a file instead.
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as err:
        raise InputFileError(f"{flag} {path}: cannot write there ({err.strerror or err})"
                             ) from None
    return path


def check_output_file(path: str | Path, flag: str) -> Path:
    """Make sure a results file can be written at `path` (its folder created if needed),
    before any work: InputFileError (exit 2) if it is a folder or its folder cannot be
    made or written."""
    path = Path(path)
    if path.is_dir():
        raise InputFileError(f"{flag} {path}: is a folder; expected a file name")
    check_output_folder(path.parent, flag=f"{flag} {path}: its folder")
    return path


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed to it when the block ends without error.

    The temporary name starts with a dot, so Parquet readers and globs skip it. On an
    error the temporary file is removed and OutputError names the file and the cause.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(err, OutputError):
            raise
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` and move the file it wrote to `path` (see atomic_path)."""
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


def write_text_atomic(path: str | Path, text: str) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
