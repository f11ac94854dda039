"""File names the command line shows: one that is not UTF-8 never crashes it, and none
can write a terminal escape or a line break where it shows a path."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest

from tradeoff.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"

#: A name with byte 0xFF, as a Linux folder can hold it (Python reads it as "\udcff").
NOT_UTF8 = os.fsdecode(b"bad\xff.toml")
POSIX_NAMES = pytest.mark.skipif(
    os.name != "posix" or sys.getfilesystemencoding() != "utf-8", reason="names as bytes: POSIX, UTF-8"
)


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["--no-entry-points", *args])
    out, err = capsys.readouterr()
    return status, out, err


@POSIX_NAMES
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path(NOT_UTF8).write_bytes(EXAMPLE.read_bytes())
    assert run(capsys, "validate", NOT_UTF8) == (
        0, "ok: bad\\udcff.toml: 4 alternatives, 5 criteria, method topsis\n", ""
    )
    status, out, err = run(capsys, "rank", NOT_UTF8)
    assert (status, err) == (0, "") and out.startswith("Should we outsource our IT?")
    status, out, err = run(capsys, "report", NOT_UTF8, "--format", "markdown")
    assert (status, err) == (0, "") and "- Scenario file: `bad\\udcff.toml`" in out
    status, out, err = run(capsys, "report", NOT_UTF8, "-o", "r.html")
    assert (status, out, err) == (0, "", "")
    assert "bad\\udcff.toml" in Path("r.html").read_bytes().decode("utf-8")
    broken = os.fsdecode(b"broken\xff.toml")
    Path(broken).write_text('format = 1\nbogus = "x"\n', encoding="utf-8")
    status, out, err = run(capsys, "rank", broken)
    assert (status, out) == (2, "") and err.startswith("error: broken\\udcff.toml:2: bogus: expected ")


@POSIX_NAMES
def test_new_writes_a_name_that_is_not_utf8_escaped_in_its_comment(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "new", "-o", NOT_UTF8) == (0, "", "")
    text = Path(NOT_UTF8).read_bytes().decode("utf-8")
    assert "#     tradeoff rank bad\\udcff.toml\n" in text
    assert run(capsys, "validate", NOT_UTF8)[0] == 0


def test_a_file_name_with_terminal_escapes_is_shown_escaped(tmp_path, monkeypatch, capsys):
    """What a shell lets anyone name a file: ESC ] 0 ; ... BEL sets a terminal's title,
    ESC [ 2 J clears it.  Escaped on every line that shows a path, on a terminal or not
    (like the error lines), so that the line says what the name holds."""
    monkeypatch.chdir(tmp_path)
    name = "s\x1b]0;owned\x07\x1b[2J.toml"
    Path(name).write_bytes(EXAMPLE.read_bytes())
    status, out, err = run(capsys, "validate", name)
    assert (status, out, err) == (0, "ok: s\\x1b]0;owned\\x07\\x1b[2J.toml: 4 alternatives, 5 criteria, method topsis\n", "")
    Path(name).write_text('format = 1\nbogus = "x"\n', encoding="utf-8")
    status, out, err = run(capsys, "validate", name)
    assert status == 2 and err.startswith("error: s\\x1b]0;owned\\x07\\x1b[2J.toml:2: bogus: ")


def test_an_option_s_value_cannot_drive_a_terminal_either(capsys):
    with pytest.raises(SystemExit) as info:
        main(["rank", "s.toml", "\x1b]0;owned\x07\nmore.toml"])  # argparse shows it as given
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1
    assert "unrecognized arguments: \\x1b]0;owned\\x07\\nmore.toml (see " in err


def test_new_keeps_a_name_with_a_line_break_in_its_one_comment_line(tmp_path, monkeypatch, capsys):
    """A newline in `-o`'s name would otherwise start a line of TOML in the file."""
    monkeypatch.chdir(tmp_path)
    name = 'n\n[criteria.injected]\ndirection = "max"\n.toml'
    assert run(capsys, "new", "-o", name, "--template", "inline") == (0, "", "")
    text = Path(name).read_text(encoding="utf-8")
    assert "injected" not in tomllib.loads(text).get("criteria", {})
    assert text.splitlines()[1] == '#     tradeoff rank n\\n[criteria.injected]\\ndirection = "max"\\n.toml'


def test_shown_path_is_the_path_as_given_when_it_is_printable():
    from tradeoff.files.places import shown_path

    for path in ("sub/../s.toml", "~/s.toml", "./a b/é.toml", Path("x/y.toml")):
        assert shown_path(path) == os.fspath(path)
    assert shown_path(b"a\xffb") == "a\\udcffb"
    assert shown_path("a\tb\x9b") == "a\\tb\\x9b"


def test_text_an_output_s_encoding_lacks_is_written_as_escapes(tmp_path, monkeypatch):
    """Standard output in Latin-1 (a terminal set so): a name it cannot encode is
    written as Python's escapes, not a crash halfway through the table."""
    import io

    scenario = tmp_path / "s.toml"
    scenario.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('name = "BrightPath', 'name = "東京 BrightPath', 1),
        encoding="utf-8",
    )
    out = io.TextIOWrapper(io.BytesIO(), encoding="latin-1", newline="")
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["--no-entry-points", "rank", str(scenario)]) == 0
    out.flush()
    text = out.buffer.getvalue().decode("latin-1")
    assert "\\u6771\\u4eac BrightPath" in text and text.startswith("Should we outsource our IT?")
