"""How the CI formats name a file: relative to the current directory, with forward slashes.

CI systems resolve a finding's file against the checkout root, which is where
planlint runs in a pipeline; an absolute path or a backslash would not match
any file they know.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

STDIN_NAMES = frozenset({"-", "<stdin>"})


def relative_path(file: str) -> str:
    """`file` relative to the current directory when it lies under it, always with forward slashes."""
    if file in STDIN_NAMES:
        return file
    path = Path(file)
    if path.is_absolute() or PurePath(os.path.normpath(path)).parts[:1] == ("..",):
        # Through a symbolic link (a checkout's path as CI spells it) the file may still lie under the
        # current folder: compare the real paths before giving up on a relative one.
        for candidate, cwd in ((path, Path.cwd()), (Path(os.path.realpath(path)), Path(os.path.realpath(".")))):
            try:
                return PurePath(os.path.normpath(Path(os.path.abspath(candidate)).relative_to(cwd))).as_posix()
            except ValueError:
                continue
        return Path(os.path.abspath(path)).as_posix()
    return PurePath(os.path.normpath(path)).as_posix()


def artifact_uri(file: str) -> str:
    """A SARIF artifact URI: relative and percent-encoded, or a file: URI for a file outside the current directory."""
    relative = relative_path(file)
    if PurePath(relative).is_absolute():
        return Path(relative).as_uri()
    # the file name's own bytes, so a name that is not UTF-8 is percent-encoded as it is on disk
    return quote(relative.encode("utf-8", "surrogateescape"), safe="/")


# A Word file is read through a text rendering of its own; a line of that rendering
# means nothing to the author, who sees tables and cells. Such findings are placed by
# their cell, or in the document as a whole.
NO_LINES_SUFFIXES = (".docx",)


def has_lines(file: str) -> bool:
    """Whether a finding's line and column are the file's own (not those of an internal rendering)."""
    return not file.lower().endswith(NO_LINES_SUFFIXES)


def place(finding: Any) -> str | None:
    """'table 1, row 4, Responsible Owner' for a finding in a Word table, 'the document' for one elsewhere
    in a Word file; None when the file's own line and column say where it is."""
    cell = finding.cell
    if cell is not None:
        return f"table {cell.table}, row {cell.row}, {cell.column}"
    if not has_lines(finding.file):
        return "the document"
    return None
