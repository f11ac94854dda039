"""JSON indented by two spaces, written in one recursive pass.

The standard library indents JSON with its pure-Python encoder, a generator per level
(its C encoder writes only compact JSON); a batch writes thousands of result files, and
that encoder was a quarter of its time (bench/batch_speed.py).  `dumps` writes the same
text as ``json.dumps(plain_data(data), indent=2, ensure_ascii=False, allow_nan=False)``
(a property test holds it to that) for JSON's own types: dicts with string keys, lists,
tuples, strings, ints, floats, booleans and None; for anything else it returns None,
and the caller uses the standard library, which then gives its own result or error.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring  # the C function where there is one
from typing import Any


class _Unusual(Exception):
    """A value this writer leaves to the standard library."""


def dumps(data: Any, number: Callable[[float], str]) -> str | None:
    """`data` as indented JSON, each float as `number` writes it (`render.plain_text`:
    the one rule); None for data of other types, a float that is or becomes non-finite,
    or nesting too deep."""
    out: list[str] = []
    try:
        _put(data, "\n", out.append, number)
    except (_Unusual, RecursionError):
        return None
    return "".join(out)


_WORDS = {True: "true", False: "false", None: "null"}
#: A float's text that JSON has no number for.
_NOT_FINITE = frozenset({"inf", "-inf", "nan"})


def _put(value: Any, newline: str, put: Callable[[str], object], number: Callable[[float], str]) -> None:
    kind = type(value)
    if kind is str:
        put(encode_basestring(value))
    elif kind is float:
        text = number(value)  # near the float limit, rounding may give inf
        if text in _NOT_FINITE:
            raise _Unusual
        put(text)
    elif kind is dict:
        if not value:
            put("{}")
            return
        inner = newline + "  "
        put("{")
        sep = inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            put(sep)
            put(encode_basestring(key))
            put(": ")
            _put(item, inner, put, number)
            sep = "," + inner
        put(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            put("[]")
            return
        inner = newline + "  "
        put("[")
        sep = inner
        for item in value:
            put(sep)
            _put(item, inner, put, number)
            sep = "," + inner
        put(newline + "]")
    elif kind is bool or value is None:
        put(_WORDS[value])
    elif kind is int:
        put(int.__repr__(value))
    else:
        raise _Unusual
