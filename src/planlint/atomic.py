"""Writing a file in one step: a temporary file in the same folder, then os.replace.

A reader (or a crash, or a full disk) never sees half a file: the old content stays
until the new one is complete. An existing file keeps its permission bits, owner and
group (os.replace would otherwise give it the writer's); a new one gets the usual
mode for the user's umask. Anything but a regular file (/dev/stdout, a FIFO) is
written to as it is, never replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable


def write_text(path: str, text: str | Iterable[str]) -> None:
    """Replace (or create) `path` with `text` (or its pieces, written as they come) as UTF-8, atomically.

    A symbolic link is written through."""
    try:
        before: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        before = None
    if before is not None and not stat.S_ISREG(before.st_mode):
        # -o /dev/stdout, /dev/null, a FIFO: written to, never replaced by a regular file
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        return
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    descriptor, temporary = tempfile.mkstemp(prefix=".planlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        if before is not None:
            if (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()) and hasattr(os, "chown"):
                os.chown(temporary, before.st_uid, before.st_gid)
            os.chmod(temporary, stat.S_IMODE(before.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
