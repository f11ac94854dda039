"""The docs show what the code really does: runnable code blocks, documented surfaces.

Every ```python and ```sh block of README.md and docs/*.md runs as written
(`test_every_code_block_of_a_doc_runs`): a doc's blocks in order, its python blocks
sharing one namespace (a later block may use an earlier one's names), in a temporary
folder that holds a copy of examples/ (so relative paths work and what the commands
write stays there), without third-party plugins.  A line of an sh block is one or more
`tradeoff ...` commands joined by ``&&``, run through `tradeoff.cli.main` and expected
to succeed; a ``print(...)  # text`` line must print that text.

A block that cannot run as a test (an install, the test suite itself, a cluster) has
the marker ``<!-- not run: reason -->`` on the line just before its opening fence; the
marked blocks are listed by `test_blocks_not_run_say_why`.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tradeoff
from tradeoff.cli import build_parser, main
from tradeoff.host import hookspecs

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLUGINS_DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def blocks(text: str, lang: str) -> list[str]:
    """Bodies of the fenced code blocks tagged `lang` ("" for untagged ones)."""
    found, body, tag = [], None, None
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            if body is None:
                tag, body = line[3:].strip(), ""
            else:
                if tag == lang:
                    found.append(body)
                body = None
        elif body is not None:
            body += line
    return found


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: The marker that keeps the block after it out of the test.
NOT_RUN = re.compile(r"^<!-- not run: (.+) -->$")
#: Docs whose blocks take more than a few seconds (a report with charts and SMAA).
SLOW_DOCS = {"report.md"}


def code_blocks(text: str) -> list[tuple[str, str, int, str | None]]:
    """(tag, body, line of the opening fence, reason it is not run or None) of every
    fenced block."""
    found: list[tuple[str, str, int, str | None]] = []
    lines = text.splitlines(keepends=True)
    body, tag, start = None, "", 0
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            if body is None:
                tag, body, start = line[3:].strip(), "", number
            else:
                marker = NOT_RUN.match(lines[start - 2].strip()) if start > 1 else None
                found.append((tag, body, start, marker.group(1) if marker else None))
                body = None
        elif body is not None:
            body += line
    return found


def run_sh(block: str, where: str) -> None:
    """Each line of `block`: `tradeoff` commands joined by &&, each expected to succeed."""
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        commands: list[list[str]] = [[]]
        for word in words:
            if word == "&&":
                commands.append([])
            else:
                commands[-1].append(word)
        for command in filter(None, commands):
            assert command[0] == "tradeoff", f"{where}: {line!r} is not a tradeoff command (mark the block not run)"
            assert main(command[1:]) == 0, f"{where}: {line!r} failed"


@pytest.mark.parametrize(
    "doc",
    [pytest.param(p, id=p.name, marks=[pytest.mark.slow] if p.name in SLOW_DOCS else []) for p in DOCS],
)
def test_every_code_block_of_a_doc_runs(doc, tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
    monkeypatch.setenv("COLUMNS", "80")
    namespace: dict = {"__name__": f"doc_{doc.stem}"}
    for tag, body, line, not_run in code_blocks(doc.read_text(encoding="utf-8")):
        where = f"{doc.name}:{line}"
        if not_run is not None or tag not in ("python", "sh"):
            continue
        capsys.readouterr()
        if tag == "sh":
            run_sh(body, where)
            continue
        exec(compile(body, where, "exec"), namespace)
        printed = capsys.readouterr().out
        for claimed in re.findall(r"print\(.*\)\s+# (.+)", body):
            assert claimed.strip() in printed, (where, claimed)


def test_blocks_not_run_say_why():
    """The marker is the only way out, and each marked block is an install, the test
    suite, a benchmark, a cluster, or run by a named test of its own (a slow one):
    everything else in the docs runs."""
    skipped = [
        (doc.name, line, reason)
        for doc in DOCS
        for tag, _, line, reason in code_blocks(doc.read_text(encoding="utf-8"))
        if reason is not None
    ]
    assert all(re.search(r"install|test suite|benchmark|Dask|^tests/test_\w+\.py runs", reason) for *_, reason in skipped), skipped
    assert {name for name, *_ in skipped} == {"README.md", "batch.md", "report.md", "scale.md", "testing.md"}
    named = [m.group(0) for *_, reason in skipped if (m := re.match(r"tests/test_\w+\.py", reason))]
    other_shells = [
        (doc.name, line) for doc in DOCS for tag, _, line, _ in code_blocks(doc.read_text(encoding="utf-8"))
        if tag in ("bash", "shell", "console", "zsh", "py", "python3", "pycon")
    ]
    assert not other_shells, f"commands are tagged sh (and Python python) to be run: {other_shells}"
    assert named and all((ROOT / test).is_file() for test in named), named


def test_no_doc_names_a_file_outside_the_repository_or_an_issue():
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        assert "CONTRACT.md" not in text, doc.name
        assert not re.search(r"\b[Ii]ssues? ?#?\d+|(?<![\w&/])#\d+\b", text), doc.name


def test_readme_starts_with_the_install_and_test_commands():
    first, second = blocks(README, "sh")[:2]
    assert first.strip() == 'python -m pip install -e ".[test]" && tradeoff rank examples/it-outsourcing.toml'
    assert second.strip() == "python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert first.strip() in ci and "python -m pytest" in ci


def test_readme_table_is_the_real_output(capsys, monkeypatch):
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
    monkeypatch.setenv("COLUMNS", "80")  # the table is as wide as the terminal: the README's is 80
    main(["rank", str(ROOT / "examples" / "it-outsourcing.toml")])
    real = capsys.readouterr().out.splitlines()
    shown = blocks(README, "")[0].splitlines()
    assert [line for line in shown if line != "  ..."] == real[: len(shown) - 1]


def test_every_command_has_help_and_is_in_the_readme():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    for name, sub in commands.items():
        assert sub.format_help()
        assert f"tradeoff {name}" in README, name


def hook_sections() -> dict[str, str]:
    """docs/plugins.md's hook reference: each ``### `name(registrar)` `` section's text."""
    parts = re.split(r"^### `(\w+)\(registrar\)`$", PLUGINS_DOC, flags=re.M)
    return {name: body.split("\n## ")[0] for name, body in zip(parts[1::2], parts[2::2])}


def test_the_hook_reference_is_the_hookspecs_and_every_hook_is_tested():
    """The author's guide cannot drift from engine/host/hookspecs.py: every hook has a
    docstring, a section naming the type it registers, and a test that implements it."""
    hooks = sorted(name for name in dir(hookspecs) if name.startswith("tradeoff_"))
    sections = hook_sections()
    assert sorted(sections) == hooks
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    for name in hooks:
        doc = getattr(hookspecs, name).__doc__
        assert doc, name
        (registered,) = re.findall(r":class:`(tradeoff\.\w+)`", doc.split(":param")[1])[:1]
        assert registered in sections[name], (name, registered)
        assert re.search(rf"def {name}\((self, )?registrar\)", tests), f"no test implements {name}"


@pytest.mark.slow  # a fresh interpreter
def test_the_embedding_example_runs(monkeypatch):
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "embed.py")], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Best option: BrightPath Managed IT")
    assert "Stacked ranks: [[3, 2, 1], [3, 1, 2]]" in done.stdout


def test_the_methods_table_in_the_docs_is_the_codes():
    from tradeoff.output.catalogue import legend, methods_table

    doc = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    engine = tradeoff.Engine(entry_points=False)
    assert methods_table(engine.methods.values()) in doc
    assert legend() in doc


def test_the_architecture_lists_every_module_of_the_engine():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`"): line.split("|")[-2] for line in doc.splitlines() if line.startswith("| `") or line.startswith("| top level")}
    engine = ROOT / "engine"
    for folder in [p for p in engine.iterdir() if (p / "__init__.py").is_file()]:
        listed = set(re.findall(r"`(\w+)`", rows[folder.name]))
        assert {p.stem for p in folder.glob("*.py") if p.stem != "__init__"} == listed, folder.name
    listed = set(re.findall(r"`(\w+)`", rows["top level"]))
    assert {p.stem for p in engine.glob("*.py") if p.stem != "__init__"} == listed
