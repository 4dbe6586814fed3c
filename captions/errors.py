"""One base exception; the CLI turns any of them into one line and an exit code."""
from __future__ import annotations

from typing import Optional


class CaptionsError(Exception):
    """Base of every error the tool reports to a user (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, *, path: Optional[str] = None,
                 line: Optional[int] = None, snippet: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.snippet = snippet

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = where + self.message
        if self.snippet:
            text += f" (near {self.snippet!r})"
        return text


class InputError(CaptionsError):
    """The input cannot be read or makes no sense (exit 1)."""


class EncodingError(InputError):
    """Text that is not in the encoding it was read as.  The command line adds
    "give --encoding" where the command has that option and it was not given."""


class ParseError(InputError):
    """A subtitle or transcript block does not follow its format."""


class OutputError(CaptionsError):
    """An output cannot be written (exit 1); existing files are left as they were."""


class UsageError(CaptionsError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = 2


class MissingComponent(CaptionsError):
    """An optional component (model, ffmpeg, player) is not installed (exit 1)."""
