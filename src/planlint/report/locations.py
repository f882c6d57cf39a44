"""How the CI formats name a file: relative to the current directory, with forward slashes.

CI systems resolve a finding's file against the checkout root, which is where
planlint runs in a pipeline; an absolute path or a backslash would not match
any file they know.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from urllib.parse import quote

STDIN_NAMES = frozenset({"-", "<stdin>"})


def relative_path(file: str) -> str:
    """`file` relative to the current directory when it lies under it, always with forward slashes."""
    if file in STDIN_NAMES:
        return file
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return PurePath(os.path.normpath(path)).as_posix()


def artifact_uri(file: str) -> str:
    """A SARIF artifact URI: relative and percent-encoded, or a file: URI for a file outside the current directory."""
    relative = relative_path(file)
    if PurePath(relative).is_absolute():
        return Path(relative).as_uri()
    # the file name's own bytes, so a name that is not UTF-8 is percent-encoded as it is on disk
    return quote(relative.encode("utf-8", "surrogateescape"), safe="/")
