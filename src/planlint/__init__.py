"""planlint: a compliance linter for inspection action plans."""

__version__ = "0.1.0"
