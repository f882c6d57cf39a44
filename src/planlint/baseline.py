"""Baselines: accept the findings a plan already has, so that only new ones fail a gate.

A baseline records fingerprints, which derive from the file, the rule, the
recommendation's id and the offending text, never from line numbers or list
positions: moving lines or inserting actions does not bring an accepted
finding back, while changing the offending text does (it is a new finding).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from planlint.errors import UserError
from planlint.findings import Finding, plural

FORMAT = "planlint-baseline"
VERSION = 1


class BaselineError(UserError, ValueError):
    """A baseline file that cannot be read: exit 2."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    file: str
    code: str
    message: str


@dataclass(frozen=True)
class Baseline:
    entries: tuple[Entry, ...]

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.entries)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings the baseline does not accept."""
        accepted = self.fingerprints
        return [f for f in findings if f.fingerprint not in accepted]

    def stale(self, findings: Iterable[Finding], files: Iterable[str]) -> list[Entry]:
        """Entries for the files linted that match no finding any more (fixed, or the text changed)."""
        linted = set(files)
        current = {f.fingerprint for f in findings}
        return [e for e in self.entries if e.file in linted and e.fingerprint not in current]


def from_findings(findings: Iterable[Finding]) -> Baseline:
    return Baseline(tuple(Entry(f.fingerprint, f.file, f.code, f.message) for f in findings if f.fingerprint))


def write(path: str, baseline: Baseline) -> None:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "findings": [
            {"fingerprint": e.fingerprint, "file": e.file, "code": e.code, "message": e.message}
            for e in sorted(baseline.entries, key=lambda e: (e.file, e.code, e.fingerprint))
        ],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # undecodable bytes of a file name kept as os.fsdecode gave them would not encode as UTF-8
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        from planlint.atomic import write_text

        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        write_text(path, text)
    except OSError as exc:
        raise BaselineError(f"--write-baseline {path}: cannot write it ({exc.strerror or exc})") from None


# A baseline holds one entry of ~300 bytes per accepted finding: 200 MB is far past any real one.
MAX_SIZE = 200 * 1024 * 1024


def read(path: str) -> Baseline:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SIZE + 1)
        if len(raw) > MAX_SIZE:
            raise BaselineError(
                f"--baseline {path}: larger than {MAX_SIZE // 1024 // 1024} MB, far more than a "
                "baseline holds; write it again with --write-baseline"
            )
        # utf-8-sig: an editor's byte order mark is not content
        data = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise BaselineError(f"--baseline {path}: no such file (create it with --write-baseline {path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is not UTF-8 text"
        raise BaselineError(f"--baseline {path}: cannot read it ({why})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"--baseline {path}: not a planlint baseline (invalid JSON at line {exc.lineno})") from None
    except RecursionError:
        raise BaselineError(
            f"--baseline {path}: not a planlint baseline (the JSON nests thousands of levels "
            "deep); write it again with --write-baseline"
        ) from None
    except ValueError as exc:  # a number of thousands of digits, which Python refuses to convert
        raise BaselineError(f"--baseline {path}: not a planlint baseline ({_short(str(exc))})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError(f"--baseline {path}: not a planlint baseline (write one with --write-baseline)")
    if data.get("version") != VERSION:
        raise BaselineError(
            f"--baseline {path}: baseline version {_short(repr(data.get('version')))} is not supported "
            f"(this planlint writes version {VERSION}); write it again with --write-baseline"
        )
    entries = []
    for item in data["findings"]:
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise BaselineError(f"--baseline {path}: every entry needs a fingerprint")
        entries.append(
            Entry(
                item["fingerprint"], str(item.get("file", "")), str(item.get("code", "")), str(item.get("message", ""))
            )
        )
    return Baseline(tuple(entries))


def _short(text: str, limit: int = 60) -> str:
    """A value quoted in an error, cut so a 5 MB one cannot flood the terminal."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def stale_note(entries: list[Entry]) -> str | None:
    if not entries:
        return None
    by_code = Counter(e.code for e in entries)
    detail = ", ".join(f"{code} x{n}" if n > 1 else code for code, n in sorted(by_code.items()))
    verb = "matches" if len(entries) == 1 else "match"
    return (
        f"baseline: {plural(len(entries), 'entry', 'entries')} no longer {verb} a finding "
        f"({detail}); the findings were fixed or their text changed: write the baseline again to drop them"
    )
