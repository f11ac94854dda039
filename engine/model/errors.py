"""The errors `tradeoff` raises on purpose.

Every error a user can cause is a `TradeoffError`; the CLI turns them into one line
and an exit status, and an app can catch the one base class.  A `ScenarioError` knows
*where* it happened as a path of keys (``("alternatives", (2, "Acme"), "facts",
"fee")``) so the model can raise it without knowing about files, and the loader can
later add the file name and the line.
"""

from __future__ import annotations

import contextlib
import errno
import datetime
from collections.abc import Iterable, Iterator

import attrs

#: One step of a place: a key, an index, or an index with the item's name.
Step = str | int | tuple[int, str]


def install_hint(extra: str) -> str:
    """The command that installs optional extra `extra`: the one way every message
    says it.  tradeoff is not on the package index, so the command installs from the
    project's checkout (a wheel takes the same ``[extra]``)."""
    return f'python -m pip install -e ".[{extra}]" in the tradeoff checkout'


class TradeoffError(Exception):
    """Base class of every error `tradeoff` raises for bad input or a bad plugin."""

    exit_status = 1

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as its fields, so that it crosses to another process (a worker of a
        pool, a cluster's) as itself: the keyword-only attrs errors cannot be rebuilt
        from ``args`` as `Exception` pickles them."""
        cls = type(self)
        if not attrs.has(cls):
            return super().__reduce__()
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(cls) if f.init}
        return (_rebuilt, (cls, fields, dict(self.__dict__)))


def _rebuilt(cls: type[TradeoffError], fields: dict[str, object], extra: dict[str, object]) -> TradeoffError:
    error = cls(**fields)
    error.__dict__.update(extra)  # notes added on the way
    return error


@attrs.define(eq=False, kw_only=True)
class ScenarioError(TradeoffError, ValueError):
    """Invalid input: a scenario, a matrix or an option.  Exit status 2."""

    expected: str
    found: str
    path: tuple[Step, ...] = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None

    exit_status = 2

    def __attrs_post_init__(self) -> None:
        super().__init__(str(self))

    @property
    def place(self) -> str:
        """The path rendered as ``alternatives[2] "Acme".facts.fee``."""
        return render_path(self.path)

    def __str__(self) -> str:
        head = []
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            head.append(where)
        if self.path:
            head.append(clip(self.place, 300))
        head.append(f"expected {clip(self.expected, 500)}, got {clip(self.found, 200)}")
        return one_line(": ".join(head))

    def within(self, *prefix: Step) -> ScenarioError:
        """This error, placed under `prefix` (outermost first)."""
        return attrs.evolve(self, path=(*prefix, *self.path))


class MissingExtra(TradeoffError):
    """An optional extra is not installed.  Exit status 2: the user can fix it."""

    exit_status = 2


@attrs.define(eq=False, kw_only=True)
class PluginError(TradeoffError):
    """A plugin failed to load or misbehaved.  Exit status 3."""

    plugin: str
    hook: str
    problem: str

    exit_status = 3

    def __attrs_post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return one_line(f"plugin {self.plugin!r}: {self.hook}: {clip(self.problem, 500)}")


def render_path(path: Iterable[Step]) -> str:
    out = ""
    for step in path:
        if isinstance(step, tuple):
            name = clip(step[1]).replace("\\", "\\\\").replace('"', '\\"')
            out += f'[{step[0]}] "{name}"'
        elif isinstance(step, int):
            out += f"[{step}]"
        else:
            key = step if _bare_key(step) else f'"{step}"'
            out += f".{clip(key)}" if out else clip(key)
    return out


def clip(text: str, limit: int = 60, *, tail: int | None = None, marker: str = "...") -> str:
    """`text`, or at most `limit` characters of it: its start, `marker`, and its last
    `tail` characters (a quarter of `limit`, at most 10, unless given), so that an error
    about a 100,000-character name stays one readable line and a long name fits its
    column.  The one truncation rule: errors, text tables and chart labels use it."""
    if len(text) <= limit:
        return text
    if tail is None:
        tail = min(10, limit // 4)
    head = text[: max(1, limit - len(marker) - tail)].rstrip()
    return head + marker + text[len(text) - tail :]


def one_line(text: str) -> str:
    """`text` with every character that is not printable (line breaks, tabs, NUL,
    terminal escapes, bidi controls) written as an escape, as Python writes it in a
    string: an error is one line, and shows what a file really holds."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def as_text(name: str) -> str:
    """`name` as text that UTF-8 can hold, for a file that lists paths (a batch's
    summaries): as given, or, when it holds bytes that are not UTF-8 (a file name
    Python keeps as surrogates), escaped as `one_line` writes it, as errors show it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return one_line(name)
    return name


def _bare_key(key: str) -> bool:
    return bool(key) and all(c.isalnum() or c in "_-" for c in key)


@contextlib.contextmanager
def within(*prefix: Step) -> Iterator[None]:
    """Place every `ScenarioError` raised inside the block under `prefix`."""
    try:
        yield
    except ScenarioError as error:
        raise error.within(*prefix) from None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean "x"?)`` when a choice is close to `word`, else ``""``."""
    import difflib  # only once a mistake is being worded (1.4 ms at start-up)

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f' (did you mean "{close[0]}"?)' if close else ""


def closest_first(word: str, choices: Iterable[str]) -> str:
    """The choices, most similar to `word` first (then alphabetical), comma-separated."""
    import difflib

    def key(choice: str) -> tuple[float, str]:
        return (-difflib.SequenceMatcher(None, word, choice).ratio(), choice)

    return ", ".join(sorted(choices, key=key))


def one_of(choices: Iterable[str]) -> str:
    names = sorted(choices)
    return ", ".join(names) if names else "(none)"


def shown(value: object) -> str:
    """`repr(value)`, clipped, for a value shown as written (``[12, 10]``); as
    `describe` has it when repr cannot write it (an integer of 5,000 digits)."""
    try:
        return clip(repr(value))
    except ValueError:
        return describe(value)


def describe(value: object) -> str:
    """How a found value reads in an error message: the value and its TOML type."""
    kind = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    for t, name in kind.items():
        if type(value) is t:
            if t is int and value.bit_length() > 4000:  # beyond what repr() may write
                return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
            shown = repr(value) if t is not str else f'"{value}"'
            if t is bool:
                shown = "true" if value else "false"
            shown = clip(shown, tail=1)
            return f"{shown} ({name})"
    if value is None:
        return "nothing"
    if isinstance(value, (datetime.date, datetime.time)):
        return f"{value.isoformat()} (a date or time)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"{value!r} ({type(value).__name__})"


# -- a plugin's hooks, and running out of memory ----------------------------------------

#: What passes through a plugin's hook unchanged, whatever hook: an interrupt and a
#: generator's close are not faults, and out of memory is the decision's size
#: (`memory_for` says so), not the plugin's doing.
_NOT_A_FAULT = (KeyboardInterrupt, GeneratorExit, MemoryError)


class _PluginFault:
    """`plugin_fault`'s context manager: a class, as it runs on every kernel call."""

    __slots__ = ("hook", "passes", "plugin")

    def __init__(self, plugin: str, hook: str, passes: tuple[type[BaseException], ...]) -> None:
        self.plugin, self.hook, self.passes = plugin, hook, passes

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> bool:
        if kind is None or issubclass(kind, self.passes):
            return False
        raise PluginError(plugin=self.plugin or "?", hook=self.hook, problem=f"raised {error!r}") from error


def plugin_fault(plugin: str, hook: str, *, user_errors: bool = False) -> _PluginFault:
    """Call a plugin's hook inside this block: whatever it raises is a `PluginError`
    naming `plugin` and `hook` (``raised ValueError('...')``), `SystemExit` included,
    so a plugin never ends or crashes the program in its own words.

    Passes through unchanged: a `PluginError` (it names a plugin already: a
    `Registrar`'s, a nested hook's), the interrupts, `MemoryError` (see `memory_for`),
    and, with `user_errors`, a `ScenarioError`: a hook that checks what the user wrote
    (a weighting scheme's settings, a method's per-criterion setting, a report's
    options) raises one on purpose for the user's mistake.  Hooks that compute on
    checked input (a criterion's score, a kernel) have no user error to raise."""
    passes = (PluginError, ScenarioError, *_NOT_A_FAULT) if user_errors else (PluginError, *_NOT_A_FAULT)
    return _PluginFault(plugin, hook, passes)


def out_of_memory(n: int | None, what: str, path: tuple[Step, ...] = ()) -> ScenarioError:
    """The one error for running out of memory: the user's to fix (fewer alternatives,
    samples, another method), so exit 2.  `what` is the method or analysis; with `n`
    None, what ran out (``the alternatives in rows.csv``)."""
    found = f"not enough memory for {what}" if n is None else f"not enough memory for {n:,} alternatives with {what}"
    return ScenarioError(
        expected="a decision that fits in memory (fewer alternatives or samples, or a method that needs less)",
        found=found,
        path=path,
    )


@contextlib.contextmanager
def memory_for(n: int | None, what: str, path: tuple[Step, ...] = ()) -> Iterator[None]:
    """Turn a `MemoryError` inside the block into `out_of_memory(n, what, path)`; so is
    an `OSError` ENOMEM, which is how mapping a file (a spill read back) runs out."""
    try:
        yield
    except MemoryError:
        raise out_of_memory(n, what, path) from None
    except OSError as error:
        if error.errno != errno.ENOMEM:
            raise
        raise out_of_memory(n, what, path) from None
