"""The docs show what the code really does: runnable README code, documented surfaces."""

from __future__ import annotations

import contextlib
import io
import re
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


def test_readme_starts_with_the_install_and_test_commands():
    first, second = blocks(README, "sh")[:2]
    assert first.strip() == 'python -m pip install -e ".[test]" && tradeoff rank examples/it-outsourcing.toml'
    assert second.strip() == "python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert first.strip() in ci and "python -m pytest" in ci


@pytest.mark.parametrize("index", range(len(blocks(README, "python"))))
def test_readme_python_blocks_run_and_print_what_they_say(index, monkeypatch):
    code = blocks(README, "python")[index]
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"README block {index}", "exec"), {"__name__": f"readme_{index}"})
    for claimed in re.findall(r"print\(.*\)\s+# (.+)", code):
        assert claimed.strip() in out.getvalue()


def test_readme_table_is_the_real_output(capsys, monkeypatch):
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
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


def test_the_guides_python_blocks_run_in_order_and_print_what_they_say(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": "plugins_guide"}
    for index, code in enumerate(blocks(PLUGINS_DOC, "python")):
        exec(compile(code, f"docs/plugins.md block {index}", "exec"), namespace)
        for claimed in re.findall(r"print\(.*\)\s+# (.+)", code):
            assert claimed.strip() in capsys.readouterr().out


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
