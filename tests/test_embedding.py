"""Embedding safety (docs/safety.md): tradeoff inside an app's process.

One `Engine` serves many threads and gives each the answer it would have had alone;
two engines with different plugins live side by side; the library never prints, never
exits, and leaves the process as it found it (numpy's error handling, print options
and global random state, the warning filters, matplotlib's rcParams, logging, the
standard streams, the environment, the current directory and the signal handlers).
Warnings are data on the result or go through `warnings`, never to a stream.

Charts need matplotlib (the extra ``report``): without it the html report is checked
without charts, unless TRADEOFF_REQUIRE_MATPLOTLIB=1 (CI), when its absence fails.
"""

from __future__ import annotations

import faulthandler
import gc
import json
import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import tradeoff
import tradeoff.batch
from tradeoff.output.report import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
THREADS = 16

try:
    import matplotlib
except ImportError:
    if os.environ.get("TRADEOFF_REQUIRE_MATPLOTLIB") == "1":
        raise
    matplotlib = None  # type: ignore[assignment]

#: The same numbers, so the calls' own results can be told apart from one another.
STACK = np.array(
    [
        [[120.0, 99.9, 3], [80.0, 99.5, 4], [30.0, 98.0, 2], [95.0, 99.0, 5]],
        [[100.0, 99.0, 1], [90.0, 99.9, 2], [95.0, 99.5, 3], [60.0, 97.0, 1]],
        [[10.0, 90.0, 5], [10.0, 90.0, 5], [11.0, 91.0, 4], [9.0, 89.0, 5]],
    ]
)
STACK_WEIGHTS = [3.0, 2.0, 1.0]
STACK_DIRECTIONS = ["min", "max", "max"]

#: Inconsistent AHP judgements (cost > control > lock_in > cost): a weighting warning.
INCONSISTENT_AHP = """
format = 1
title = "Inconsistent judgements"
[weights]
scheme = "ahp"
pairwise = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
[criteria.price]
direction = "min"
[criteria.uptime]
direction = "max"
[criteria.support]
direction = "max"
[[alternatives]]
name = "A"
values = { price = 10, uptime = 99.0, support = 3 }
[[alternatives]]
name = "B"
values = { price = 12, uptime = 99.9, support = 4 }
[[alternatives]]
name = "C"
values = { price = 8, uptime = 98.0, support = 2 }
"""

#: A criterion only the engine with `SupportHours` knows.
SUPPORT_SCENARIO = """
format = 1
title = "Support hours"
[criteria.support_hours]
weight = 2
[criteria.price]
direction = "min"
weight = 1
[[alternatives]]
name = "Acme"
values = { price = 100 }
facts = { hours = 8 }
[[alternatives]]
name = "Globex"
values = { price = 80 }
facts = { hours = 4 }
[[alternatives]]
name = "Initech"
values = { price = 120 }
facts = { hours = 24 }
"""


class SupportHours:
    """A plugin object: one criterion, for the engine it is given to and no other."""

    @tradeoff.hookimpl
    def tradeoff_register_criteria(self, registrar: Any) -> None:
        registrar.add(
            tradeoff.Criterion(
                id="support_hours",
                direction="max",
                unit="h",
                score=lambda facts: facts["hours"],
                facts=(tradeoff.Fact(name="hours", low=0),),
            )
        )


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # reports carry a date: fix it


@pytest.fixture(scope="module")
def engine() -> tradeoff.Engine:
    return tradeoff.Engine(entry_points=False)


# -- the process's state --------------------------------------------------------------


def _loggers() -> dict[str, Any]:
    """The configuration of every logger set up in any way: a module imported on first
    use may create its logger (``logging.getLogger(__name__)``), which configures nothing."""
    found = {"": logging.root, **logging.Logger.manager.loggerDict}
    # A library's own NullHandler (the logging HOWTO's advice for libraries) configures
    # nothing either: it is left out.
    configs = {
        name: (
            logger.level,
            tuple(h for h in logger.handlers if type(h) is not logging.NullHandler),
            logger.propagate,
            logger.disabled,
            tuple(logger.filters),
        )
        for name, logger in found.items()
        if isinstance(logger, logging.Logger)
    }
    plain = (logging.NOTSET, (), True, False, ())
    return {name: config for name, config in configs.items() if name == "" or config != plain}


def process_state() -> dict[str, Any]:
    """Everything an embedded library must leave as it found it."""
    kind, keys, pos, has_gauss, gauss = np.random.get_state()
    state = {
        "numpy errors": np.geterr(),
        "numpy error callback": np.geterrcall(),
        "numpy buffer size": np.getbufsize(),
        "numpy print options": np.get_printoptions(),
        "numpy legacy random state": (kind, keys.tobytes(), pos, has_gauss, gauss),
        "numpy default_rng": np.random.default_rng,
        "numpy default_rng stream": np.random.default_rng(12345).random(3).tobytes(),
        "warning filters": list(warnings.filters),
        "warnings.showwarning": warnings.showwarning,
        "logging": _loggers(),
        "logging disable": logging.root.manager.disable,
        "logging record factory": logging.getLogRecordFactory(),
        "logging logger class": logging.getLoggerClass(),
        "sys.stdout": sys.stdout,
        "sys.stderr": sys.stderr,
        "sys.stdin": sys.stdin,
        "sys.excepthook": sys.excepthook,
        "sys.displayhook": sys.displayhook,
        "threading.excepthook": threading.excepthook,
        "sys.path": list(sys.path),
        # six (imported by scikit-criteria, on a bridged method's first use) adds its
        # finder when first imported: a dependency's import, not tradeoff's doing
        "sys.meta_path": [f for f in sys.meta_path if type(f).__module__ != "six"],
        "recursion limit": sys.getrecursionlimit(),
        "switch interval": sys.getswitchinterval(),
        "os.environ": dict(os.environ),
        "current directory": os.getcwd(),
        "signal handlers": {s: signal.getsignal(s) for s in signal.valid_signals()},
        "faulthandler": faulthandler.is_enabled(),
        "gc": (gc.isenabled(), gc.get_threshold()),
        "threads": frozenset(t.ident for t in threading.enumerate()),
    }
    if matplotlib is not None:
        # RcParams.copy reads the raw values: it does not resolve the backend itself
        state["matplotlib rcParams"] = dict(matplotlib.rcParams.copy())
    return state


@contextmanager
def untouched(what: str) -> Iterator[None]:
    """The block leaves the process's state as it found it."""
    before = process_state()
    yield
    after = process_state()
    # threads: none left running (one that an earlier test started may end meanwhile)
    started = after.pop("threads") - before.pop("threads")
    changed = sorted(key for key in before if before[key] != after[key]) + (["threads"] if started else [])
    assert not changed, f"{what} changed {changed}"


@contextmanager
def silent(capfd: pytest.CaptureFixture[str], what: str) -> Iterator[None]:
    """Nothing is written to file descriptors 1 and 2 (not only to sys.stdout/stderr)."""
    capfd.readouterr()
    yield
    out, err = capfd.readouterr()
    assert (out, err) == ("", ""), f"{what} printed"


# -- every public entry point ---------------------------------------------------------


def _public_calls(engine: tradeoff.Engine, tmp_path: Path) -> dict[str, Callable[[], Any]]:
    """A call of each name in `tradeoff.__all__` and each public `Engine` attribute,
    with valid input; the classes are constructed (or used, where a call returns them)."""
    scenario = tradeoff.load(EXAMPLE)
    criterion = tradeoff.Criterion(
        id="support_hours", direction="max", score=lambda f: f["hours"], facts=(tradeoff.Fact(name="hours"),)
    )
    method = tradeoff.Method(name="sum_of_values", kernel=lambda m, w, b, **p: ((m * w).sum(-1), {}))
    scheme = tradeoff.WeightingScheme(name="flat", derive=lambda choice, ids: tradeoff.Weighting(weights=(1.0,) * len(ids)))
    data = engine.report_data(scenario)
    fmt = tradeoff.ReportFormat(name="plain", label="Plain", suffixes=(".txt",), render=lambda r: "x")
    chart = tradeoff.Chart(name="none", title="None", description="Nothing", draw=lambda r, f: "nothing")
    member = tradeoff.StakeholderWeights(name="A", influence=1.0, scheme="direct", weighting=tradeoff.Weighting(weights=(0.5, 0.5)))
    calls: dict[str, Callable[[], Any]] = {
        "Agreement": lambda: isinstance(engine.agreement(scenario), tradeoff.Agreement),
        "Alternative": lambda: tradeoff.Alternative(name="A", values={"x": 1.0}),
        "Breakdown": lambda: data.explanation.breakdown.shares.tolist(),
        "Change": lambda: [c.found for c in data.explanation.changes],
        "Chart": lambda: chart,
        "Criterion": lambda: criterion,
        "CriterionChoice": lambda: tradeoff.CriterionChoice(id="x", direction="max", weight=2),
        "DecisionMatrix": lambda: engine.evaluate(scenario).matrix.tolist(),
        "Direction": lambda: (tradeoff.Direction("max"), tradeoff.Direction("min")),
        "Engine": lambda: tradeoff.Engine(entry_points=False, plugins=[SupportHours()]),
        "Explanation": lambda: data.explanation.to_dict(),
        "Fact": lambda: tradeoff.Fact(name="hours", type="number", low=0),
        "FactType": lambda: list(tradeoff.FactType),
        "Gap": lambda: data.explanation.gap.residual,
        "Group": lambda: tradeoff.Group(members=[member], aggregation="mean").spread,
        "Method": lambda: method.run([[1.0, 2.0], [2.0, 1.0]], [1, 1], ["max", "max"]),
        "MethodChoice": lambda: tradeoff.MethodChoice(name="wsm"),
        "Param": lambda: tradeoff.Param(name="v", default=0.5, low=0, high=1),
        "PluginError": lambda: str(tradeoff.PluginError(plugin="p", hook="h", problem="x")),
        "PluginInfo": lambda: engine.plugins[0].name,
        "Provenance": lambda: data.provenance.sha256,
        "Ranking": lambda: engine.rank(scenario).ranking.ranks.tolist(),
        "Registrar": lambda: tradeoff.Registrar(plugin="p", hook="h", accepts=tradeoff.Chart).add(chart),
        "Report": lambda: data.result.best.name,
        "ReportFormat": lambda: render(fmt, data),
        "Result": lambda: engine.rank(scenario).to_dict(),
        "Reversal": lambda: tradeoff.Reversal(change="drop A", above="B", below="C"),
        "Reversals": lambda: engine.reversals(scenario).to_dict(),
        "Row": lambda: engine.rank(scenario).rows[0],
        "Scenario": lambda: tradeoff.loads(tradeoff.dumps(scenario)),
        "ScenarioError": lambda: str(tradeoff.ScenarioError(expected="x", found="y", path=("a",))),
        "Sensitivity": lambda: isinstance(engine.sensitivity(scenario, samples=100, seed=1), tradeoff.Sensitivity),
        "Spread": lambda: tradeoff.Spread(min=0.1, max=0.5, std=0.2),
        "Stability": lambda: data.stability.to_dict(),
        "Stakeholder": lambda: tradeoff.Stakeholder(name="Owner", weighting=tradeoff.WeightsChoice(scheme="direct")),
        "StakeholderView": lambda: tradeoff.StakeholderView(
            name="A", influence=1.0, scheme="direct", weights={"a": 1.0}, ranks=[1, 2], top=["X"], agrees=True
        ),
        "StakeholderWeights": lambda: member,
        "Template": lambda: engine.template("it-outsourcing").scenario,
        "TradeoffError": lambda: str(tradeoff.TradeoffError("x")),
        "Weighting": lambda: tradeoff.Weighting(weights=(0.5, 0.5)),
        "WeightingScheme": lambda: scheme.derive(None, ("a", "b")),
        "WeightsChoice": lambda: tradeoff.WeightsChoice(scheme="roc", settings={"order": ["a"]}),
        "dump": lambda: tradeoff.dump(scenario, tmp_path / "dumped.toml"),
        "dumps": lambda: tradeoff.dumps(scenario),
        "from_dict": lambda: tradeoff.from_dict({"criteria": {"x": {"direction": "max"}}, "alternatives": [{"name": "A", "values": {"x": 1}}]}),
        "hookimpl": lambda: tradeoff.hookimpl(lambda registrar: None),
        "hookspec": lambda: tradeoff.hookspec(lambda registrar: None),
        "load": lambda: tradeoff.load(EXAMPLE),
        "loads": lambda: tradeoff.loads(EXAMPLE.read_text(encoding="utf-8")),
        "rank": lambda: tradeoff.rank(scenario),
        "rank_matrix": lambda: tradeoff.rank_matrix(STACK, STACK_WEIGHTS, STACK_DIRECTIONS, "vikor"),
        # Engine
        "Engine.agreement": lambda: engine.agreement(scenario).to_dict(),
        "Engine.chart": lambda: engine.chart("scores"),
        "Engine.charts": lambda: dict(engine.charts),
        "Engine.criteria": lambda: dict(engine.criteria),
        "Engine.evaluate": lambda: engine.evaluate(scenario),
        "Engine.explain": lambda: engine.explain(scenario).to_dict(),
        "Engine.method": lambda: engine.method("topsis"),
        "Engine.methods": lambda: dict(engine.methods),
        "Engine.plugins": lambda: engine.plugins,
        "Engine.prepare": lambda: engine.prepare(scenario, method="vikor"),
        "Engine.rank": lambda: engine.rank(scenario, "promethee2"),
        "Engine.rank_matrix": lambda: engine.rank_matrix(STACK, STACK_WEIGHTS, STACK_DIRECTIONS, "topsis"),
        "Engine.report": lambda: engine.report(scenario, fmt="html", sensitivity=True, samples=200),
        "Engine.report_data": lambda: engine.report_data(scenario, sensitivity=True, samples=200),
        "Engine.report_format": lambda: render(engine.report_format("markdown"), data),
        "Engine.reports": lambda: dict(engine.reports),
        "Engine.reversals": lambda: engine.reversals(scenario),
        "Engine.sensitivity": lambda: engine.sensitivity(scenario, samples=300, weights="around:20%"),
        "Engine.stability": lambda: engine.stability(scenario),
        "Engine.template": lambda: engine.template("inline"),
        "Engine.templates": lambda: dict(engine.templates),
        "Engine.weightings": lambda: dict(engine.weightings),
        "Engine.with_table": lambda: engine.with_table(
            tradeoff.load(ROOT / "examples" / "batch" / "vendors-scenario.toml", alternatives_optional=True),
            ROOT / "examples" / "batch" / "vendors.csv",
        ),
        "Engine.chunk_plan": lambda: engine.chunk_plan(scenario).method.name,
        "Engine.rank_stream": lambda: engine.rank_stream(
            tradeoff.load(ROOT / "examples" / "batch" / "vendors-scenario.toml", alternatives_optional=True),
            ROOT / "examples" / "batch" / "vendors.csv", top=2, spill=tmp_path,
        ).result.to_dict(),
        "Engine.sensitivity_stream": lambda: engine.sensitivity_stream(
            tradeoff.load(ROOT / "examples" / "batch" / "vendors-scenario.toml", alternatives_optional=True),
            ROOT / "examples" / "batch" / "vendors.csv", samples=200, ranks=2, spill=tmp_path,
        ).to_dict(),
        # Beyond __all__: the batch functions an app calls, and a bridged method (it
        # silences scikit-criteria's warnings inside the call)
        "batch.rank_many": lambda: tradeoff.batch.rank_many(engine, [scenario, scenario]),
        "batch.run_batch": lambda: tradeoff.batch.run_batch(engine, [str(EXAMPLE)], str(tmp_path / "out")),
    }
    if "skc.cocoso" in engine.methods:
        calls["skc.cocoso"] = lambda: engine.rank(scenario, "skc.cocoso")
    return calls


def test_every_public_entry_point_is_exercised(engine, tmp_path):
    calls = _public_calls(engine, tmp_path)
    public = set(tradeoff.__all__) | {f"Engine.{n}" for n in dir(tradeoff.Engine) if not n.startswith("_")}
    assert public <= set(calls), f"not exercised here: {sorted(public - set(calls))}"


def test_no_public_call_prints_or_changes_the_process(engine, tmp_path, capfd):
    tradeoff.rank(tradeoff.load(EXAMPLE))  # the default engine is built once, on first use
    for name, call in _public_calls(engine, tmp_path).items():
        with silent(capfd, name), untouched(name):
            call()


@pytest.mark.slow
def test_a_first_call_in_a_fresh_process_changes_nothing_either(tmp_path):
    """Lazy imports (matplotlib, scikit-criteria, the analyses) happen on first use:
    a fresh interpreter checks that even those leave the process's state alone."""
    import subprocess

    script = tmp_path / "fresh.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import numpy, tradeoff\n"
        "import test_embedding as t\n"
        "engine = tradeoff.Engine(entry_points=False)\n"
        "for name, call in t._public_calls(engine, __import__('pathlib').Path(sys.argv[1])).items():\n"
        "    before = t.process_state()\n"
        "    call()\n"
        "    after = t.process_state()\n"
        "    started = after.pop('threads') - before.pop('threads')\n"
        "    changed = sorted(k for k in before if before[k] != after[k]) + (['threads'] if started else [])\n"
        "    assert not changed, (name, changed)\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")


# -- bad input: an exception, never an exit --------------------------------------------


def _bad_calls(engine: tradeoff.Engine, tmp_path: Path) -> dict[str, Callable[[], Any]]:
    scenario = tradeoff.load(EXAMPLE)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    return {
        "load a missing file": lambda: tradeoff.load(tmp_path / "missing.toml"),
        "load a folder": lambda: tradeoff.load(tmp_path),
        "loads bad TOML": lambda: tradeoff.loads("title = [unclosed"),
        "loads an unknown key": lambda: tradeoff.loads('format = 1\nplugins = ["os"]\n'),
        "loads an unknown format": lambda: tradeoff.loads("format = 99\n"),
        "Scenario without criteria": lambda: tradeoff.Scenario(criteria=[], alternatives=[]),
        "CriterionChoice": lambda: tradeoff.CriterionChoice(id="x", direction="sideways"),
        "Criterion id": lambda: tradeoff.Criterion(id="Bad Id", direction="max", score=len),
        "rank with an unknown method": lambda: engine.rank(scenario, "nope"),
        "rank a scenario missing a fact": lambda: engine.rank(
            tradeoff.loads(EXAMPLE.read_text(encoding="utf-8").replace("monthly_fee = 650", ""))
        ),
        "rank_matrix of text": lambda: tradeoff.rank_matrix([["a", "b"]], [1, 1], ["max", "max"]),
        "rank_matrix NaN": lambda: engine.rank_matrix([[np.nan, 1.0], [1.0, 2.0]], [1, 1], ["max", "max"]),
        "rank_matrix direction": lambda: engine.rank_matrix([[1.0, 2.0]], [1, 1], ["max", "sideways"]),
        "rank_matrix param": lambda: engine.rank_matrix([[1.0, 2.0]], [1, 1], ["max", "max"], bogus=1),
        "sensitivity samples": lambda: engine.sensitivity(scenario, samples=0),
        "sensitivity weights": lambda: engine.sensitivity(scenario, samples=10, weights="bogus"),
        "sensitivity seed": lambda: engine.sensitivity(scenario, samples=10, seed=-1),
        "stability method": lambda: engine.stability(scenario, method="nope"),
        "explain alternative": lambda: engine.explain(scenario, alternative="Nobody"),
        "explain vs": lambda: engine.explain(scenario, vs="Nobody"),
        "reversals method": lambda: engine.reversals(scenario, method="nope"),
        "evaluate": lambda: engine.evaluate(tradeoff.loads('format = 1\n[criteria.nope]\n[[alternatives]]\nname = "A"\n')),
        "report format": lambda: engine.report(scenario, fmt="pdf"),
        "report samples": lambda: engine.report_data(scenario, sensitivity=True, samples=0),
        "report_format": lambda: engine.report_format("pdf"),
        "template": lambda: engine.template("nope"),
        "chart": lambda: engine.chart("nope"),
        "method": lambda: engine.method("nope"),
        "Engine with a broken plugin": lambda: tradeoff.Engine(entry_points=False, plugins=[_BrokenPlugin()]),
        "run_batch into a file": lambda: tradeoff.batch.run_batch(engine, [str(EXAMPLE)], str(tmp_path / "a-file")),
    }


class _BrokenPlugin:
    @tradeoff.hookimpl
    def tradeoff_register_criteria(self, registrar: Any) -> None:
        raise RuntimeError("boom")


def test_bad_input_is_an_exception_never_an_exit_or_a_print(engine, tmp_path, capfd):
    for name, call in _bad_calls(engine, tmp_path).items():
        with silent(capfd, name), untouched(name):
            try:
                call()
            except BaseException as error:  # noqa: BLE001 -- SystemExit must be caught to be seen
                assert isinstance(error, tradeoff.TradeoffError), f"{name}: {type(error).__name__}: {error}"
                assert str(error)
            else:
                pytest.fail(f"{name}: no error")


def test_rank_many_returns_each_error_in_place(engine, capfd):
    good = tradeoff.load(EXAMPLE)
    bad = tradeoff.loads(EXAMPLE.read_text(encoding="utf-8").replace("monthly_fee = 650", ""), file="bad.toml")
    with silent(capfd, "rank_many"), untouched("rank_many"):
        out = tradeoff.batch.rank_many(engine, [good, bad, good])
    assert isinstance(out[1], tradeoff.ScenarioError) and str(out[1]).startswith("bad.toml:")
    assert out[0].to_dict() == out[2].to_dict() == engine.rank(good).to_dict()


# -- warnings ----------------------------------------------------------------------------


def test_a_weighting_warning_is_data_on_the_result_never_printed(engine, capfd):
    scenario = tradeoff.loads(INCONSISTENT_AHP)
    with silent(capfd, "AHP"), untouched("AHP"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = engine.rank(scenario)
        report = engine.report(scenario, fmt="markdown")
    assert caught == []
    messages = result.decision.weighting.warnings
    assert messages and "consistency ratio" in messages[0].lower()
    assert messages[0][:40] in report


def test_a_weighting_warning_is_in_the_json_too(engine):
    result = engine.rank(tradeoff.loads(INCONSISTENT_AHP))
    assert result.to_dict()["weighting"]["warnings"] == list(result.decision.weighting.warnings)


def test_a_report_without_charts_warns_through_warnings(engine, monkeypatch, capfd):
    from tradeoff.plugins import html_page

    monkeypatch.setattr(html_page, "available", lambda: False)
    scenario = tradeoff.load(EXAMPLE)
    with silent(capfd, "report"), untouched("report"), pytest.warns(html_page.ChartsMissing):
        page = engine.report(scenario, fmt="html")
    assert "Chart left out" in page


# -- threads -----------------------------------------------------------------------------


def workload(engine: tradeoff.Engine, scenario: tradeoff.Scenario, others: list[tradeoff.Scenario]) -> dict[str, Any]:
    """One of everything, each result as text or bytes, to be compared exactly."""

    def arrays(*values: np.ndarray) -> list[bytes]:
        return [np.ascontiguousarray(v).tobytes() for v in values]

    def rank() -> Any:
        return json.dumps(engine.rank(scenario).to_dict(), sort_keys=True)

    def rank_wsm() -> Any:
        return json.dumps(engine.rank(scenario, "wsm").to_dict(), sort_keys=True)

    def explain() -> Any:
        return json.dumps(engine.explain(scenario, method="vikor").to_dict(), sort_keys=True)

    def stability() -> Any:
        s = engine.stability(scenario)
        return arrays(s.weights, s.top, s.order)

    def sensitivity() -> Any:
        a = engine.sensitivity(scenario, samples=300, seed=11, stability=True)
        return json.dumps(a.to_dict(), sort_keys=True)

    def sensitivity_order() -> Any:
        a = engine.sensitivity(scenario, samples=200, seed=3, weights="order", method="promethee2")
        return arrays(a.acceptability, a.central_weights, a.confidence)

    def report() -> Any:
        data = engine.report_data(scenario, sensitivity=True, samples=200, seed=5)
        return render(engine.report_format("markdown"), data)

    def report_html() -> Any:  # with its four charts, when matplotlib is installed
        data = engine.report_data(scenario, sensitivity=True, samples=200, seed=5)
        return render(engine.report_format("html"), data)

    def stack() -> Any:
        out = []
        for method in ("topsis", "vikor", "edas", "promethee2"):
            r = engine.rank_matrix(STACK, STACK_WEIGHTS, STACK_DIRECTIONS, method)
            out += arrays(r.scores, r.ranks)
        return out

    def many() -> Any:
        found = tradeoff.batch.rank_many(engine, [scenario, *others])
        return [
            str(r) if isinstance(r, tradeoff.TradeoffError) else json.dumps(r.to_dict(), sort_keys=True)
            for r in found
        ]

    steps = (rank, rank_wsm, explain, stability, sensitivity, sensitivity_order, report, report_html, stack, many)
    return {f.__name__: f for f in steps}


@pytest.mark.slow
def test_many_threads_on_one_engine_give_the_serial_results(engine, capfd):
    scenario = tradeoff.load(EXAMPLE)
    others = [
        tradeoff.loads(EXAMPLE.read_text(encoding="utf-8").replace("weight = 30", "weight = 5")),
        tradeoff.loads(INCONSISTENT_AHP),
        tradeoff.loads(EXAMPLE.read_text(encoding="utf-8").replace("monthly_fee = 650", ""), file="bad.toml"),
    ]
    steps = workload(engine, scenario, others)
    expected = {name: step() for name, step in steps.items()}  # serially, first
    names = list(steps)
    start = threading.Barrier(THREADS)

    def thread(k: int) -> dict[str, Any]:
        start.wait()  # all at once
        order = names[k % len(names):] + names[: k % len(names)]  # each thread its own order
        if k % 2:
            order.remove("report_html")  # charts take ~1 s a page: half the threads draw them
        return {name: steps[name]() for name in order}

    with silent(capfd, "threads"), untouched("threads"):
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            found = list(pool.map(thread, range(THREADS)))
    for k, got in enumerate(found):
        assert len(got) == len(names) - k % 2
        for name in got:
            assert got[name] == expected[name], f"thread {k}: {name} differs from the serial call"


@pytest.mark.slow
def test_engines_with_different_plugins_coexist_in_threads(capfd):
    plain = tradeoff.Engine(entry_points=False)
    extended = tradeoff.Engine(entry_points=False, plugins=[SupportHours()])
    assert "support_hours" in extended.criteria and "support_hours" not in plain.criteria
    assert [p.name for p in extended.plugins if p.criteria == ("support_hours",)] == ["SupportHours"]
    assert not any("support_hours" in p.criteria for p in plain.plugins)
    assert "support_hours" not in tradeoff.Engine(entry_points=False).criteria  # nothing leaked into a third
    scenario = tradeoff.loads(SUPPORT_SCENARIO)
    example = tradeoff.load(EXAMPLE)

    def with_plugin() -> str:
        return json.dumps(extended.rank(scenario).to_dict(), sort_keys=True)

    def without_plugin() -> str:
        try:
            plain.rank(scenario)
        except tradeoff.ScenarioError as error:
            return str(error)
        raise AssertionError("the plain engine ranked a criterion it does not have")

    def both_know_the_example() -> tuple[str, str]:
        return (
            json.dumps(plain.rank(example).to_dict(), sort_keys=True),
            json.dumps(extended.rank(example).to_dict(), sort_keys=True),
        )

    steps = [with_plugin, without_plugin, both_know_the_example]
    expected = [step() for step in steps]
    assert "support_hours" in expected[1]
    assert json.loads(expected[0])["alternatives"][0]["name"] == "Initech"
    assert expected[2][0] == expected[2][1]
    start = threading.Barrier(THREADS)

    def thread(k: int) -> list[Any]:
        start.wait()
        return [steps[(k + i) % 3]() for i in range(30)]  # interleaved: engines alternate

    with silent(capfd, "two engines"), untouched("two engines"):
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            found = list(pool.map(thread, range(THREADS)))
    for k, got in enumerate(found):
        assert got == [expected[(k + i) % 3] for i in range(30)], f"thread {k}"


def test_the_command_line_in_process_restores_what_it_changes(tmp_path, capsys):
    """`tradeoff.cli.main` may change process state while it runs (``batch`` turns
    SIGTERM into Ctrl-C, ``report`` records warnings), and puts it back."""
    from tradeoff.cli import main

    handler = signal.getsignal(signal.SIGTERM)
    with untouched("the command line"):
        assert main(["--no-entry-points", "batch", str(EXAMPLE), "-o", str(tmp_path / "out")]) == 0
        assert main(["--no-entry-points", "report", str(EXAMPLE), "-o", str(tmp_path / "r.html")]) == 0
        assert main(["--no-entry-points", "rank", str(EXAMPLE), "--format", "json"]) == 0
    assert signal.getsignal(signal.SIGTERM) is handler
    capsys.readouterr()
