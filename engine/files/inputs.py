"""Reading an input file, with the project's errors for every way it can fail."""

from __future__ import annotations

from pathlib import Path

from ..model.errors import ScenarioError


def read_input(name: str, what: str, limit: int | None = None) -> bytes:
    """The bytes of file `name`, `what` it should be ("a scenario file"), read no further
    than `limit` + 1 bytes so that a caller can refuse a file over its limit."""
    if name == "":
        raise ScenarioError(expected=f"{what} name", found="an empty name")
    p = Path(name)
    readable = what.replace("a ", "a readable ", 1)
    try:
        if "\0" in name:  # what the operating system cannot take (the API allows it)
            raise ScenarioError(file=name, expected=f"{what} name", found="a NUL character in it")
        if p.is_dir():
            raise ScenarioError(file=name, expected=what, found="a directory")
        if p.exists() and not p.is_file():
            raise ScenarioError(file=name, expected=what, found="a device or pipe")
        with p.open("rb") as handle:
            return handle.read(-1 if limit is None else limit + 1)
    except FileNotFoundError:
        raise ScenarioError(file=name, expected=what, found="no such file") from None
    except PermissionError:
        raise ScenarioError(file=name, expected=readable, found="permission denied") from None
    except OSError as error:  # a name too long, a loop of links, a path through a file...
        raise ScenarioError(file=name, expected=readable, found=error.strerror or str(error)) from None
