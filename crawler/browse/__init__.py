"""`eureporter browse`: the dataset in Datasette with the archived originals (pywb) beside it. The command is
crawler/commands/browse.py; this package holds the dataset check (dataset), the Datasette app (app, plugin, metadata,
dictionary, article, templates/, static/) and pywb under /replay/ (pywb, proxy)."""

REPLAY_PREFIX = "/replay"
"""Where pywb is mounted on Datasette's host (and inside pywb itself, so the URLs it writes need no rewriting)."""


class BrowseError(Exception):
    """One line for stderr and the exit code (CONTRACT.md: 2 usage or configuration, 1 failure)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
