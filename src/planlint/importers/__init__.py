"""Importers: Word (.docx), text extracted from PDFs (.txt) and Markdown (.md) to the plan format.

Each module exposes `read(raw: bytes, filename: str) -> planlint.document.Document`, whose `data`
is what the YAML loader would give for the equivalent plan.yaml. `export` writes the template back.
"""

from __future__ import annotations

import importlib
from pathlib import PurePath

from planlint.document import Document

READERS = {".txt": "planlint.importers.text", ".md": "planlint.importers.markdown",
           ".markdown": "planlint.importers.markdown", ".docx": "planlint.importers.docx"}


def reader_for(filename: str):
    """The `read` function for a file's suffix, or None when no importer reads it."""
    module = READERS.get(PurePath(filename).suffix.lower())
    return importlib.import_module(module).read if module else None


def read(raw: bytes, filename: str) -> Document:
    reader = reader_for(filename)
    if reader is None:
        raise ValueError(f"no importer for {filename!r}: use .docx, .txt or .md")
    return reader(raw, filename)
