"""Importers: Word (.docx), text extracted from PDFs (.txt) and Markdown (.md) to the plan format.

Each module exposes `read(raw: bytes, filename: str) -> planlint.document.Document`, whose `data`
is what the YAML loader would give for the equivalent plan.yaml (planlint.reader picks the module
by suffix). `export` writes a plan back out as the official template.
"""
