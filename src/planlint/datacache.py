"""A cache of the parsed rule catalogue, so a run does not parse ~60 YAML files each time.

Parsing the shipped `rules/` YAML is a tenth of a one-file `planlint check` (the
pre-commit case). The parsed data is kept as JSON (never pickle: reading the cache
runs no code), keyed by planlint's version and the name, size and modification time
of every data file, so an edited or upgraded catalogue is parsed afresh. The cache is
only ever an optimisation: any failure to read or write it is ignored.

Where: $PLANLINT_CACHE_DIR (empty to switch the cache off), else the platform's
user cache folder ($XDG_CACHE_HOME or ~/.cache on Linux and macOS, %LOCALAPPDATA%
on Windows), in a `planlint` folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planlint import __version__

PREFIX = "catalog-"


def cache_dir() -> Path | None:
    given = os.environ.get("PLANLINT_CACHE_DIR")
    if given is not None:
        return Path(given) if given.strip() else None
    base = os.environ.get("LOCALAPPDATA") if os.name == "nt" else os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    return root / "planlint"


def _key(files: Sequence[tuple[str, Path]]) -> str | None:
    digest = hashlib.sha256(__version__.encode())
    try:
        for name, path in files:
            stat = path.stat()
            digest.update(f"\0{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode("utf-8", "surrogateescape"))
    except OSError:
        return None
    return digest.hexdigest()


def _slot(folder: Path, data: Path) -> Path:
    # One file per installed catalogue: two virtual environments with different planlint
    # versions keep a cache each, and editing the source tree's rules/ rewrites its own.
    where = hashlib.sha256(str(data).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return folder / f"{PREFIX}{where}.json"


def load(data: Path, files: Sequence[tuple[str, Path]]) -> dict[str, Any] | None:
    """The parsed data of `files` (name -> data) as cached for exactly these files, or None.

    `data`: the folder the files come from."""
    folder, key = cache_dir(), _key(files)
    if folder is None or key is None:
        return None
    try:
        cached = json.loads(_slot(folder, data).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("key") != key or not isinstance(cached.get("files"), dict):
        return None
    parsed = cached["files"]
    # The right key does not make the right data: an entry edited, or written by a planlint
    # that kept other types, must not reach the catalogue. Every file must be there, a rule
    # file a mapping, and the whole exactly what was stored (its digest).
    names = {name for name, _path in files}
    if set(parsed) != names or any(not isinstance(parsed[n], dict) for n in names if "/" not in n):
        return None
    if cached.get("digest") != _digest(parsed):
        return None
    return parsed  # type: ignore[no-any-return]


def _digest(parsed: dict[str, Any]) -> str:
    text = json.dumps(parsed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def store(data: Path, files: Sequence[tuple[str, Path]], parsed: dict[str, Any]) -> None:
    """Keep `parsed` (name -> data) for these files, written atomically."""
    folder, key = cache_dir(), _key(files)
    if folder is None or key is None:
        return
    try:
        text = json.dumps(
            {"key": key, "digest": _digest(parsed), "files": parsed}, ensure_ascii=False, separators=(",", ":")
        )
    except (TypeError, ValueError):
        return  # a value JSON cannot hold (a date): parse the YAML each time
    if json.loads(text)["files"] != parsed:
        return  # a value JSON cannot hold as it is (a date, a non-text key): parse the YAML each time
    import tempfile  # only when writing: its import costs more than reading the cache

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, _slot(folder, data))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return
