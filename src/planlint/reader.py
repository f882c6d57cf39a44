"""Finding and reading plan files: paths -> Documents, whatever their format."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from planlint.document import Document, LoadProblem, SourceMap, load_yaml, read_decoded
from planlint.errors import UserError

PLAN_SUFFIXES = (".plan.yaml", ".plan.yml")
YAML_SUFFIXES = (".yaml", ".yml", ".json")
# Importers are imported only when a file of theirs is read.
IMPORTERS = {
    ".txt": "planlint.importers.text",
    ".md": "planlint.importers.markdown",
    ".docx": "planlint.importers.docx",
}
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache"}


class PathError(UserError):
    """A path that cannot be linted at all: exit 2."""


def readable_suffix(path: str) -> str | None:
    lower = path.lower()
    for suffix in (*YAML_SUFFIXES, *IMPORTERS):
        if lower.endswith(suffix):
            return suffix
    return None


def discover(paths: Iterable[str], skipped: list[str] | None = None) -> Iterator[str]:
    """Files to lint: explicit files as given, directories walked for *.plan.yaml / *.plan.yml.

    A walk leaves out a symbolic link to a file outside the folder walked (`r/x.plan.yaml ->
    /proc/self/environ` or `../secret.txt` would be quoted in findings), adding it to `skipped`;
    a link named on the command line is followed. The config's `exclude` globs are config.Resolver's."""
    for given in paths:
        if given == "-":
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            yield from _files_under(given, lambda name: name.lower().endswith(PLAN_SUFFIXES), skipped)
        elif path.is_file():
            if readable_suffix(given) is None:
                raise PathError(
                    f"{given}: planlint reads .yaml, .yml, .json, .docx, .md and .txt files; "
                    "for a PDF, save its text as .txt first"
                )
            yield given
        elif path.is_symlink():
            raise PathError(f"{given}: a symbolic link to something that does not exist; fix or remove the link")
        elif path.exists():
            raise PathError(f"{given}: not a regular file or folder")
        else:
            raise PathError(f"{given}: no such file or folder")


def walk_folder(folder: str, skipped: list[str] | None = None) -> Iterator[str]:
    """Every file under `folder` planlint can read, sorted (the config's `include` chooses among them).

    Word's lock files (~$draft.docx) are not plans; a link to a file outside the folder is left out and
    added to `skipped` (see discover)."""
    return _files_under(folder, lambda name: readable_suffix(name) is not None and not name.startswith("~$"), skipped)


def _files_under(folder: str, wanted: Callable[[str], bool], skipped: list[str] | None) -> Iterator[str]:
    """The files under `folder` whose names are `wanted`, sorted; a link leaving the folder is added to
    `skipped` instead (it would have planlint read, and quote, a file outside the tree)."""
    found = []
    inside = os.path.join(os.path.realpath(folder), "")
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in files:
            full = os.path.join(root, name)
            if wanted(name) and os.path.isfile(full):
                if os.path.islink(full) and not os.path.realpath(full).startswith(inside):
                    if skipped is not None:
                        skipped.append(full)
                    continue
                found.append(full)
    return iter(sorted(found))


# Published plans are 20-200 KB; 10 MB holds some 12,000 recommendations, which
# take about ten seconds and a gigabyte to lint. Larger is a mistake or an attack.
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


def read_bytes(
    raw: bytes, filename: str, suffix: str | None = None, *, max_size: int | None = DEFAULT_MAX_FILE_SIZE
) -> Document:
    """Bytes of a plan in any supported format -> Document (never raises for bad content)."""
    suffix = suffix or readable_suffix(filename) or _sniffed_suffix(raw)
    if suffix in IMPORTERS:
        module = importlib.import_module(IMPORTERS[suffix])
        # only a zip expands beyond its size: its XML is bounded by a multiple of the limit
        doc: Document = (
            module.read(raw, filename, max_size=max_size) if suffix == ".docx" else module.read(raw, filename)
        )
        doc.kind = suffix.lstrip(".")  # findings are worded for the document's cells, not YAML keys
        return doc
    return read_decoded(raw, filename, load_yaml)


def _sniffed_suffix(raw: bytes) -> str:
    """The format of bytes with no telling name (standard input): a zip is a Word file, anything else YAML."""
    return ".docx" if raw.startswith(b"PK\x03\x04") else ".yaml"


def too_large(filename: str, size: int | None, limit: int) -> Document:
    """The Document for a file refused unread: one PL001 naming the size and the option that lifts the limit."""
    doc = Document(filename, None, SourceMap(""))
    shown = f"the file is {format_size(size)}," if size is not None else "the file is"
    doc.problems.append(
        LoadProblem(
            "PL001",
            f"not read: {shown} more than --max-file-size ({format_size(limit)}); "
            "a plan is far smaller, but raise the limit to lint it anyway",
            line=0,
            column=0,
        )
    )
    return doc


def format_size(size: int) -> str:
    """1536 -> '1.5 KB' (units of 1024), 10485760 -> '10 MB'."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def read_path(path: str, display: str | None = None, *, max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> Document:
    """A file's Document; None for max_size reads any size. Raises PathError when it cannot be read at all."""
    name = display or path
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                # An empty plan, or a /proc-style file that says it is empty and then produces
                # data (the environment, a process's memory map): either way, nothing is read.
                raw = b""
            elif max_size is None:
                raw = handle.read()
            else:
                size = os.fstat(handle.fileno()).st_size
                if size > max_size:
                    return too_large(name, size, max_size)
                # What fstat promised and a byte more, so a file that grew since is noticed (then read on
                # up to the limit); reading max_size + 1 at once allocated 10 MB for every plan.
                raw = handle.read(size + 1)
                if len(raw) > size:
                    raw += handle.read(max_size + 1 - len(raw))
                if len(raw) > max_size:
                    return too_large(name, None, max_size)
    except OSError as exc:
        raise PathError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    return read_bytes(raw, name, max_size=max_size)


def read_stream(stream: BinaryIO, name: str, *, max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Standard input's Document, read no further than max_size."""
    raw = stream.read() if max_size is None else stream.read(max_size + 1)
    if max_size is not None and len(raw) > max_size:
        return too_large(name, None, max_size)
    return read_bytes(raw, name, max_size=max_size)
