"""Plan text and file names made safe to print: what a terminal or a CI log would obey is shown, not obeyed.

A plan (or a file name) may hold control characters: ESC starts terminal sequences
(`\\x1b]52;` writes the clipboard, `\\x1b[2J` clears the screen, OSC 8 hides a link),
a newline in a name starts a new log line that CI runners read as a workflow command,
and bidirectional controls (U+202E) make the text read differently from what it is.
The line-based formats (text, github, junit, gitlab) show each such character as a
visible escape (`\\x1b`, `\\u202e`); JSON and SARIF keep the value but write the
character as a JSON escape, so no raw control reaches a terminal or a viewer.
Bytes of a file name that are not UTF-8 (os.fsdecode's lone surrogates) are shown
as `\\xNN` in the line formats and as U+FFFD in JSON, which must be valid UTF-8.
"""

from __future__ import annotations

import re

from planlint.lazy_pattern import LazyPattern

# C0 controls (tab, newline included), DEL, C1 controls, the bidirectional controls and
# marks, and lone surrogates (undecodable bytes of a file name).
_UNSAFE = LazyPattern("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# In JSON, the controls json.dumps leaves raw (it escapes only C0 and the quote and backslash).
_JSON_UNSAFE = LazyPattern("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = LazyPattern("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """`text` with every control, bidi control and undecodable byte shown as an escape, but those in
    `keep` (a message's line breaks, which each format already writes safely)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


MESSAGE_BREAKS = "\t\n\r"  # kept in messages: every format writes them safely


def inert_line(line: str) -> str:
    """A line a CI runner will not read as a command: `::` at its start (after spaces) or `##[` anywhere.

    GitHub reads `::command::` and Azure `##[command]`/`##vso[`; the first colon or hash is shown escaped."""
    stripped = line.lstrip(" \t")
    if stripped.startswith("::"):
        line = line[: len(line) - len(stripped)] + "\\x3a" + stripped[1:]
    if "##" in line:
        line = line.replace("##[", "#\\x23[").replace("##vso[", "#\\x23vso[")
    return line


def json_safe(text: str) -> str:
    """JSON text (as json.dumps(ensure_ascii=False) writes it) with C1 and bidi controls escaped and
    undecodable bytes replaced: the same values, valid UTF-8, nothing raw for a viewer to obey."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _JSON_UNSAFE.search(text):
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text
