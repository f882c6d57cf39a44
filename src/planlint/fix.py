"""--fix and --diff: apply the rules' safe fixes to plan YAML files without disturbing anything else.

A fix is a set of edits `path -> new scalar value`. Each is made by replacing
only the source text of that scalar, written by ruamel's round-trip emitter
in the scalar's own style (plain, quoted, literal or folded block), so every
comment, the key order, the quoting and the layout of the rest of the file
survive byte for byte. The result is read back and each edited value checked
before anything is written; a fix that would not read back as intended is
skipped, never half-applied. Files are replaced atomically (temporary file in
the same folder, then os.replace), keeping their permissions.
"""

from __future__ import annotations

import difflib
import io
import itertools
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from planlint.document import Node, load_yaml, value_at
from planlint.findings import Edit, Finding, Path, format_path

FIXABLE_SUFFIXES = (".yaml", ".yml")


@dataclass
class FixResult:
    text: str  # the fixed text (the original when nothing applied)
    applied: list[Edit] = field(default_factory=list)
    skipped: list[tuple[Edit, str]] = field(default_factory=list)  # edit, why

    def changed(self, original: str) -> bool:
        return self.text != original


def edits_of(findings: Iterable[Finding]) -> list[Edit]:
    """The edits of every fix, first one per path (two fixes never fight over a value)."""
    seen: set[Path] = set()
    out: list[Edit] = []
    for finding in findings:
        if finding.fix is None:
            continue
        for edit in finding.fix.edits:
            if edit.path not in seen:
                seen.add(edit.path)
                out.append(edit)
    return out


def apply_edits(text: str, edits: Iterable[Edit], filename: str = "<plan>") -> FixResult:
    """Apply the edits to YAML source text, each checked by reading the result back."""
    result = FixResult(text)
    doc = load_yaml(text, filename)
    if doc.fatal or doc.data is None:
        result.skipped.extend((e, "the file is not readable YAML") for e in edits)
        return result
    planned: list[tuple[Node, str, Edit]] = []
    for edit in edits:
        node = doc.source.nodes.get(edit.path)
        if node is None or not node.scalar:
            result.skipped.append((edit, f"{format_path(edit.path)} is not a value in the file"))
            continue
        try:
            planned.append((node, _render(text, node, edit.value), edit))
        except _CannotRender as exc:
            result.skipped.append((edit, str(exc)))
    planned.sort(key=lambda p: p[0].start)
    for (a, _, edit), (b, _, _) in itertools.pairwise(planned):
        if b.start < a.end:
            raise ValueError(f"overlapping edits at {format_path(edit.path)}")
    fixed = text
    for node, replacement, _ in reversed(planned):
        fixed = fixed[: node.start] + replacement + fixed[node.end :]
    if planned:
        check = load_yaml(fixed, filename)
        wrong = [edit for _, _, edit in planned if value_at(check.data, edit.path) != edit.value]
        if check.fatal or wrong:
            # Never write a file that reads back differently; report rather than guess.
            result.skipped.extend((e, "the edited file would not read back as intended") for _, _, e in planned)
            return result
    result.text = fixed
    result.applied.extend(edit for _, _, edit in planned)
    return result


class _CannotRender(ValueError):
    pass


def _render(text: str, node: Node, value: Any) -> str:
    """The new value's source text, in the style of the scalar it replaces."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _CannotRender(f"planlint writes only text and whole numbers, not {type(value).__name__}")
    old = text[node.start : node.end]
    if isinstance(value, int):
        return str(value)
    style = old[:1]
    if style in ("|", ">"):
        return _block(text, node, value)
    if "\n" in value:
        raise _CannotRender("a multi-line value can only replace a block scalar")
    if style == "'":
        return _emit(value, "'")
    if style == '"':
        return _emit(value, '"')
    return _emit(value, None)


def _emit(value: str, style: str | None) -> str:
    """One scalar as ruamel's round-trip emitter writes it (quoted only when it must be, for plain)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    yaml = YAML(typ="rt")
    yaml.width = 1 << 30  # one line: the scalar stays on the line it was on
    wrapped: Any = {"": value}
    if style == "'":
        wrapped = {"": SingleQuotedScalarString(value)}
    elif style == '"':
        wrapped = {"": DoubleQuotedScalarString(value)}
    out = io.StringIO()
    yaml.dump(wrapped, out)
    emitted = out.getvalue()
    prefix = "'': " if emitted.startswith("'': ") else '"": ' if emitted.startswith('"": ') else None
    if prefix is None:
        raise _CannotRender("the value cannot be written as a YAML scalar")
    body = emitted[len(prefix) :].rstrip("\n")
    if "\n" in body:
        raise _CannotRender("the value cannot be written on one line")
    return body


def _block(text: str, node: Node, value: str) -> str:
    """A block scalar's new content, under its original header and at its original indentation."""
    header_end = text.find("\n", node.start)
    if header_end < 0:
        raise _CannotRender("a block scalar without content")
    header = text[node.start : header_end]
    newline = "\r\n" if text[header_end - 1 : header_end] == "\r" else "\n"
    header = header.rstrip("\r")
    body = text[header_end + 1 : node.end]
    indent_match = re.search(r"^([ ]+)\S", body, re.MULTILINE)
    if indent_match is None:
        raise _CannotRender("a block scalar without content")
    indent = indent_match.group(1)
    indicator = re.match(r"[|>][0-9+-]*", header)
    assert indicator is not None
    keep_trailing = "+" in indicator.group(0)
    if keep_trailing:
        raise _CannotRender("a block scalar that keeps its trailing lines (`|+`, `>+`)")
    content = value.rstrip("\n")
    if header.startswith(">"):
        width = max((len(line) for line in body.splitlines()), default=80)
        lines: list[str] = []
        for paragraph in content.split("\n"):
            lines.extend(_wrap(paragraph, max(width - len(indent), 20)) or [""])
            lines.append("")  # a blank line keeps a line break in folded text
        lines = lines[:-1]
    else:
        lines = content.split("\n")
    rendered = newline.join(indent + line if line else "" for line in lines)
    # what followed the content in the node's source (its final line break(s)) stays
    trailing = body[len(body.rstrip("\r\n")) :]
    return header + newline + rendered + trailing


def _wrap(paragraph: str, width: int) -> list[str]:
    words = paragraph.split(" ")
    if any(not w for w in words):
        return [paragraph]  # runs of spaces are significant in folded text: keep the line whole
    lines, current = [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def unified_diff(original: str, fixed: str, filename: str) -> str:
    return "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            fixed.splitlines(keepends=True),
            fromfile=f"a/{filename}",
            tofile=f"b/{filename}",
        )
    )


def write_atomically(path: str, text: str) -> None:
    """Replace the file's content in one step, keeping its permission bits, owner and group."""
    from planlint.atomic import write_text

    write_text(path, text)


def refusal(path: str, *, explicit: bool) -> str | None:
    """Why --fix must leave this file alone, or None.

    Replacing a file makes a new one: a read-only file would become writable in effect, a
    hard link would be split from its other names, and a symbolic link found by a walk
    (not named by the user) would have its target rewritten, wherever that is."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot look at it ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        if not explicit:
            return "it is a symbolic link found in a folder walk; name it on the command line to fix what it points to"
        try:
            info = os.stat(path)
        except OSError as exc:
            return f"cannot follow the link ({exc.strerror or exc})"
    if not info.st_mode & stat.S_IWUSR:
        return "the file is read-only; make it writable (chmod u+w) to fix it"
    if info.st_nlink > 1:
        return (
            f"the file has {info.st_nlink} hard links, which replacing it would split; "
            "fix a copy, or apply the --diff by hand"
        )
    return None


def fixable(path: str) -> bool:
    return path != "-" and path.lower().endswith(FIXABLE_SUFFIXES)
