"""Where a document is written: the format from the file name, and an all-or-nothing write.

The file is written to a temporary file in the target's own folder and renamed over the target only
when it is complete (os.replace is atomic within a file system), so a failure half-way never leaves
a half-written document at the target path, and an existing file there stays as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dashboard.errors import UserError

FORMATS = {".pdf": "pdf", ".docx": "docx"}
MEDIA_TYPES = {"pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def target(path: str | Path, allowed: tuple[str, ...] = ("pdf", "docx")) -> tuple[Path, str]:
    """The target path and its format ("pdf"/"docx"); a clear message for anything else."""
    out = Path(path).expanduser()
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None or fmt not in allowed:
        raise UserError("reports.errors.bad_format", path=str(out),
                        formats=" / ".join(f".{f}" for f in allowed))
    folder = out.resolve().parent
    if not folder.is_dir():
        raise UserError("reports.errors.no_folder", folder=str(folder))
    if out.exists() and out.is_dir():
        raise UserError("reports.errors.is_folder", path=str(out))
    return out, fmt


def write_atomically(out: Path, content: bytes) -> Path:
    """Write ``content`` to ``out`` through a temporary file in the same folder, then rename."""
    folder = out.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out
