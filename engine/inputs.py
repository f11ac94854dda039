"""Reading an input file, with the project's errors for every way it can fail."""

from __future__ import annotations

from pathlib import Path

from .errors import ScenarioError


def read_input(name: str, what: str, limit: int | None = None) -> bytes:
    """The bytes of file `name`, `what` it should be ("a scenario file"), read no further
    than `limit` + 1 bytes so that a caller can refuse a file over its limit."""
    p = Path(name)
    if p.is_dir():
        raise ScenarioError(file=name, expected=what, found="a directory")
    if p.exists() and not p.is_file():
        raise ScenarioError(file=name, expected=what, found="a device or pipe")
    readable = what.replace("a ", "a readable ", 1)
    try:
        with p.open("rb") as handle:
            return handle.read(-1 if limit is None else limit + 1)
    except FileNotFoundError:
        raise ScenarioError(file=name, expected=what, found="no such file") from None
    except PermissionError:
        raise ScenarioError(file=name, expected=readable, found="permission denied") from None
    except OSError as error:
        raise ScenarioError(file=name, expected=readable, found=error.strerror or str(error)) from None
