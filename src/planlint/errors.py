"""The one error type a user sees as `planlint: error: ...` and exit 2 (usage, config, path problems)."""


class UserError(Exception):
    """Something the user can put right: a bad option, config, path or environment."""
