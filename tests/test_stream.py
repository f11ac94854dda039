"""A table read in chunks on one machine (`Engine.rank_stream`, ``rank --engine
stream``) ranks as the same rows read whole: the same leaders, ranks and scores (within
1e-12 relative), the same row errors, whatever the chunk size and however the rows are
split into files; every row's score and rank to Parquet; a method or a scheme that
needs the whole table refused before any row is read; Ctrl-C leaves nothing behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import tradeoff
from hypothesis import given, settings
from hypothesis import strategies as st
from tradeoff import ScenarioError
from tradeoff.cli import main
from tradeoff.core import chunks, spill, stream
from tradeoff.core.pipeline import NoneLeft
from tradeoff.files import scenario_file, table_stream

from .strategies import name_columns, offer_tables

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
ENGINE = tradeoff.Engine(entry_points=False)

SCENARIO = """\
format = 1
method = "{method}"
[criteria.price]
direction = "min"
weight = 2
[criteria.uptime]
direction = "max"
weight = 1
[criteria.support]
direction = "max"
weight = 1
"""


def scenario(method: str = "topsis", **extra: str) -> tradeoff.Scenario:
    text = SCENARIO.format(method=method) + "".join(f"{k} = {v}\n" for k, v in extra.items())
    return scenario_file.loads(text, alternatives_optional=True)


def write_csv(path: Path, rows: list[tuple[str, object, object, object]]) -> str:
    lines = ["name,price,uptime,support", *(",".join(map(str, r)) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def whole(sc, path: str, top: int, method: str | None = None):
    return ENGINE.rank(sc, method, alternatives=path, on_error="collect", top=top)


def streamed(sc, spec, top: int, rows: int = 3, method: str | None = None, **kw):
    errors: list[str] = []
    files = tuple(f for s in ([spec] if isinstance(spec, (str, Path)) else spec) for f in table_stream.table_files(s))
    plan = chunks.plan(sc, ENGINE, method)
    tables = (c.table for c in table_stream.read_chunks(files, rows=rows))
    out = stream.rank_stream(plan, tables, top=top, on_skip=lambda e: errors.append(str(e)), **kw)
    return out, errors


def same_leaders(a: tradeoff.Result, b: tradeoff.Result) -> None:
    x, y = a.to_dict()["alternatives"], b.to_dict()["alternatives"]
    assert [r["name"] for r in x] == [r["name"] for r in y]
    assert [r["rank"] for r in x] == [r["rank"] for r in y]
    np.testing.assert_allclose([r["score"] for r in x], [r["score"] for r in y], rtol=1e-12, atol=0)
    assert a.ranked == b.ranked


ROWS = [
    ("A", 10, 99.5, 3), ("B", 20, 98, 4), ("C", "oops", 97, 2), ("D", 30, 97, 5),
    ("E", 12, 99, 3), ("F", 12, 99, 3), ("B", 9, 90, 1), ("G", 25, 96.5, 4), ("H", 11, 99.9, 1),
]


@pytest.mark.parametrize("rows", [1, 3, 100])
def test_a_name_given_again_in_a_column_the_scenario_maps_is_named_by_its_header(tmp_path, rows):
    """[columns] "Vendor" = "name": the repeat's error names the column Vendor, in
    chunks as read whole."""
    path = tmp_path / "offers.csv"
    path.write_text(
        "Vendor,price,uptime,support\n" + "".join(",".join(map(str, r)) + "\n" for r in ROWS), encoding="utf-8"
    )
    sc = scenario("wsm", **{"[columns]\nVendor": '"name"'})
    errors: list[str] = []
    tables = (c.table for c in table_stream.read_chunks([str(path)], rows=rows, name="Vendor"))
    out = stream.rank_stream(chunks.plan(sc, ENGINE, None), tables, top=3, on_skip=lambda e: errors.append(str(e)))
    ref = whole(sc, str(path), top=3)
    same_leaders(out.result, ref)
    assert errors == [str(e) for e in ref.skipped]
    assert "Vendor" in errors[1] and "first at line 3" in errors[1]

@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("rows", [1, 2, 4, 100])
def test_a_file_in_chunks_ranks_as_the_file_read_whole(tmp_path, method, rows):
    path = write_csv(tmp_path / "offers.csv", ROWS)
    sc = scenario(method)
    out, errors = streamed(sc, path, top=3, rows=rows)
    ref = whole(sc, path, top=3)
    same_leaders(out.result, ref)
    assert errors == [str(e) for e in ref.skipped]  # the bad cell, then the name given again
    assert len(errors) == 2 and "first at line 3" in errors[1]


CHUNKED = sorted(name for name, m in ENGINE.methods.items() if m.passes is not None)


def test_every_native_method_but_the_pairwise_one_ranks_in_chunks():
    assert set(CHUNKED) == {"aras", "cocoso", "copras", "edas", "mabac", "moora", "spotis", "topsis", "vikor", "waspas", "wpm", "wsm"}


@pytest.mark.parametrize("method", CHUNKED)
@pytest.mark.parametrize("scheme", [None, "entropy", "critic"])
def test_each_method_and_data_driven_weights_rank_in_chunks_as_read_whole(tmp_path, method, scheme):
    path = write_csv(tmp_path / "offers.csv", ROWS)
    text = SCENARIO.format(method=method)
    if scheme is not None:
        text = text.replace("weight = 2\n", "").replace("weight = 1\n", "") + f"[weights]\nscheme = '{scheme}'\n"
    sc = scenario_file.loads(text, alternatives_optional=True)
    for rows in (1, 3):
        out, errors = streamed(sc, path, top=4, rows=rows)
        ref = whole(sc, path, top=4)
        same_leaders(out.result, ref)
        np.testing.assert_allclose(out.result.decision.weights, ref.decision.weights, rtol=1e-12, atol=1e-15)
        assert out.result.decision.scheme == ref.decision.scheme
        assert errors == [str(e) for e in ref.skipped]


@settings(max_examples=40, deadline=None)
@given(table=offer_tables(), rows=st.integers(1, 9), top=st.integers(1, 5))
def test_any_chunk_size_gives_the_whole_tables_leaders(tmp_path_factory, table, rows, top):
    path = write_csv(tmp_path_factory.mktemp("t") / "offers.csv", table)
    sc = scenario("topsis")
    try:
        ref = whole(sc, path, top=top)
    except NoneLeft as error:  # every row bad: the same error in chunks
        with pytest.raises(NoneLeft) as chunked:
            streamed(sc, path, top=top, rows=rows)
        assert str(chunked.value) == str(error)
        return
    out, errors = streamed(sc, path, top=top, rows=rows)
    same_leaders(out.result, ref)
    assert errors == [str(e) for e in ref.skipped]


def test_files_of_a_folder_rank_as_one_table_and_a_name_is_unique_across_them(tmp_path):
    folder = tmp_path / "offers"
    folder.mkdir()
    write_csv(folder / "a.csv", ROWS[:4])
    write_csv(folder / "b.csv", ROWS[4:])
    joined = write_csv(tmp_path / "all.csv", ROWS)
    sc = scenario()
    out, errors = streamed(sc, folder, top=4)
    same_leaders(out.result, whole(sc, joined, top=4))
    repeat = [e for e in errors if "again" in e]
    assert len(repeat) == 1 and "b.csv:4" in repeat[0] and "first at" in repeat[0] and "a.csv line 3" in repeat[0]


def test_every_rows_score_and_rank_to_parquet(tmp_path):
    path = write_csv(tmp_path / "offers.csv", ROWS)
    sc = scenario()
    for ranks in (False, True):
        target = tmp_path / f"scores-{ranks}.parquet"
        plan = chunks.plan(sc, ENGINE)
        with stream.scores_writer(target, plan, ranks=ranks) as write:
            tables = (c.table for c in table_stream.read_chunks([path], rows=2))
            stream.rank_stream(plan, tables, top=3, on_skip=lambda e: None, scores_out=write, ranks=ranks)
        got = pq.read_table(target).to_pydict()
        full = ENGINE.rank(sc, alternatives=path, on_error="collect")
        expected = dict(zip(full.decision.names, zip(full.ranking.scores.tolist(), full.ranking.ranks.tolist())))
        assert sorted(got["name"]) == sorted(expected)
        np.testing.assert_allclose(got["score"], [expected[n][0] for n in got["name"]], rtol=1e-12)
        if ranks:
            assert got["rank"] == [expected[n][1] for n in got["name"]]
            assert got["rank"] == sorted(got["rank"])  # best first
        else:
            assert "rank" not in got and got["name"] == [n for n in full.decision.names]  # the table's order


def test_ranks_on_disk_continue_tie_chains_across_buckets(tmp_path, monkeypatch):
    """Buckets of a few rows: every bucket edge cuts somewhere, ties included."""
    from tradeoff.core import rank_order

    monkeypatch.setattr(rank_order, "BUCKET_ROWS", 2)
    rng = np.random.default_rng(3)
    rows = [(f"o{i}", int(p), int(u), 1) for i, (p, u) in enumerate(rng.integers(1, 4, size=(40, 2)))]
    path = write_csv(tmp_path / "offers.csv", rows)
    sc = scenario("wsm")
    target = tmp_path / "s.parquet"
    plan = chunks.plan(sc, ENGINE)
    with stream.scores_writer(target, plan, ranks=True) as write:
        tables = (c.table for c in table_stream.read_chunks([path], rows=7))
        stream.rank_stream(plan, tables, top=3, scores_out=write, ranks=True)
    got = pq.read_table(target).to_pydict()
    full = ENGINE.rank(sc, alternatives=path)
    expected = dict(zip(full.decision.names, full.ranking.ranks.tolist()))
    assert got["rank"] == [expected[n] for n in got["name"]]


def test_a_tie_at_the_cut_is_kept_across_blocks(tmp_path, monkeypatch):
    """Rows tied to the last leader, in blocks after it, are kept as when read whole."""
    monkeypatch.setattr(spill, "BLOCK_ROWS", 2)
    rows = [("A", 1, 9, 1), ("B", 5, 5, 1), ("C", 9, 1, 1), ("D", 5, 5, 1), ("E", 5, 5, 1)]
    path = write_csv(tmp_path / "offers.csv", rows)
    sc = scenario("wsm")
    out, _ = streamed(sc, path, top=2, rows=1)
    ref = whole(sc, path, top=2)
    same_leaders(out.result, ref)
    assert len(out.result.ranking.scores) == len(ref.ranking.scores)


def test_a_method_or_scheme_that_needs_the_whole_table_is_refused_before_reading(tmp_path):
    missing = str(tmp_path / "no-such-folder")
    with pytest.raises(ScenarioError, match="passes over chunks of rows.*promethee2"):
        ENGINE.rank_stream(scenario("promethee2"), missing)
    text = SCENARIO.format(method="wsm") + "[[stakeholders]]\nname = 'a'\n[stakeholders.weights]\nscheme = 'equal'\n"
    with pytest.raises(ScenarioError, match="stakeholders"):
        ENGINE.rank_stream(scenario_file.loads(text, alternatives_optional=True), missing)


def test_the_command_ranks_a_folder_in_chunks(tmp_path, capsys):
    folder = tmp_path / "offers"
    folder.mkdir()
    write_csv(folder / "a.csv", ROWS[:4])
    write_csv(folder / "b.csv", ROWS[4:])
    sc_path = tmp_path / "s.toml"
    sc_path.write_text(SCENARIO.format(method="topsis"), encoding="utf-8")
    errors = tmp_path / "errors.txt"
    joined = write_csv(tmp_path / "all.csv", ROWS)
    assert main(["rank", str(sc_path), "--alternatives", joined, "--format", "json"]) == 2  # rows left out
    capsys.readouterr()
    status = main(["rank", str(sc_path), "--alternatives", str(folder), "--errors", str(errors), "--format", "json"])
    captured = capsys.readouterr()
    assert status == 2
    import json

    got = json.loads(captured.out)
    assert len(got["alternatives"]) == 7
    assert errors.read_text().count("error: ") == 2
    assert captured.err.count("error: ") == 2


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--engine", "stream"], "--engine: expected --alternatives with --engine stream"),
        (["--alternatives", "{folder}", "--ranks"], "--ranks: expected --ranks with --scores-out"),
        (["--alternatives", "{folder}", "--sheet", "x"], "--sheet: expected no --sheet for a table read in chunks"),
        (["--alternatives", "{file}", "--engine", "memory", "--spill", "."], "--spill: expected --spill with a table read in chunks"),
        (["--alternatives", "{folder}", "--method", "promethee2"], "expected a method computed in passes over chunks of rows"),
    ],
)
def test_options_that_do_not_fit_are_one_line_errors(tmp_path, capsys, argv, said):
    folder = tmp_path / "offers"
    folder.mkdir()
    file = write_csv(folder / "a.csv", ROWS[:2])
    sc_path = tmp_path / "s.toml"
    sc_path.write_text(SCENARIO.format(method="wsm"), encoding="utf-8")
    argv = [a.format(folder=folder, file=file) for a in argv]
    assert main(["rank", str(sc_path), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and said in err[0], err


def test_a_value_a_normalization_cannot_take_is_a_rows_error_even_in_an_all_equal_column(tmp_path):
    """Read whole, an all-equal cost column of zeros is exempt under "max" (min / x: a
    constant column normalises to 1); in chunks whether a column is all equal is known
    only at the end, so each such row is left out."""
    rows = [("A", 0, 99, 1), ("B", 0, 98, 2)]
    path = write_csv(tmp_path / "offers.csv", rows)
    sc = scenario_file.loads(SCENARIO.replace('method = "{method}"', '[method]\nname = "wsm"\nnormalization = "max"'), alternatives_optional=True)
    assert len(ENGINE.rank(sc, alternatives=path, on_error="collect").skipped) == 0
    errors: list[str] = []
    plan = chunks.plan(sc, ENGINE)
    with pytest.raises(NoneLeft):
        stream.rank_stream(plan, (c.table for c in table_stream.read_chunks([path])), on_skip=lambda e: errors.append(str(e)))
    assert len(errors) == 2 and all("price: expected values > 0" in e for e in errors), errors


def _offers(path: Path, n: int) -> None:
    rng = np.random.default_rng(1)
    schema = pa.schema([("name", pa.string()), ("price", pa.float64()), ("uptime", pa.float64()), ("support", pa.int64())])
    with pq.ParquetWriter(path, schema) as writer:  # a row group at a time: this process stays small
        for start in range(0, n, 100_000):
            k = min(100_000, n - start)
            writer.write_table(pa.table({
                "name": [f"o{i}" for i in range(start, start + k)],
                "price": rng.uniform(1, 100, k), "uptime": rng.uniform(90, 100, k), "support": rng.integers(1, 6, k),
            }, schema=schema))


@pytest.mark.slow
@pytest.mark.parametrize(("method", "scheme"), [("topsis", "critic"), ("copras", "entropy"), ("vikor", None), ("edas", None)])
def test_a_million_rows_score_in_chunks_as_read_whole(tmp_path, method, scheme):
    """Every row's score of 1e6 rows in chunks of 65,536 equals the in-memory one
    within 1e-12 relative (the statistics are compensated sums), for methods of two
    and three rounds and the data-driven schemes."""
    data = tmp_path / "offers.parquet"
    _offers(data, 1_000_000)
    text = SCENARIO.format(method=method)
    if scheme is not None:
        text = text.replace("weight = 2\n", "").replace("weight = 1\n", "") + f"[weights]\nscheme = '{scheme}'\n"
    sc = scenario_file.loads(text, alternatives_optional=True)
    plan = chunks.plan(sc, ENGINE)
    target = tmp_path / "scores.parquet"
    with stream.scores_writer(target, plan) as write:
        tables = (c.table for c in table_stream.read_chunks([str(data)], rows=65_536))
        out = stream.rank_stream(plan, tables, top=5, scores_out=write)
    full = ENGINE.rank(sc, alternatives=str(data))
    got = pq.read_table(target, columns=["name", "score"]).to_pydict()
    assert got["name"] == list(full.decision.names)  # the table's order
    np.testing.assert_allclose(got["score"], full.ranking.scores, rtol=1e-12, atol=0)
    same_leaders(out.result, ENGINE.rank(sc, alternatives=str(data), top=5))


def test_a_ctrl_c_python_could_only_print_still_stops_the_run(capsys):
    """An interrupt raised where Python only reports it (here a weakref callback, in
    the run: a callback inside an import) is not printed and stops the run at its
    next step."""
    import weakref

    from tradeoff.cli import _ctrl_c_remembered

    class Thing:
        pass

    with _ctrl_c_remembered() as check:
        check()  # nothing pressed yet
        thing = Thing()
        ref = weakref.ref(thing, lambda _: signal.raise_signal(signal.SIGINT))
        del thing
        assert ref() is None
        with pytest.raises(KeyboardInterrupt):
            check()
    assert capsys.readouterr().err == ""
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_leaves_no_file(tmp_path):
    data = tmp_path / "offers.parquet"
    _offers(data, 3_000_000)
    sc_path = tmp_path / "s.toml"
    sc_path.write_text(SCENARIO.format(method="topsis"), encoding="utf-8")
    spill = tmp_path / "spill"
    spill.mkdir()
    argv = [sys.executable, "-m", "tradeoff.cli", "rank", str(sc_path), "--alternatives", str(data),
            "--engine", "stream", "--scores-out", str(tmp_path / "s.parquet"), "--errors", str(tmp_path / "e.txt"),
            "--spill", str(spill)]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(spill.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert err.decode().strip().splitlines()[-1] == "error: interrupted"
    assert b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offers.parquet", "s.toml", "spill"]
    assert list(spill.iterdir()) == []


#: The child's own peak resident memory, in bytes (VmHWM: ru_maxrss also counts the
#: parent's memory at the fork).
PEAK_CODE = (
    "def PEAK():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1]) * 1024\n"
)


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_rows(tmp_path):
    """2e6 and 6e6 rows of Parquet in chunks: the peak resident memory of the whole
    command grows by far less than the table read whole would take."""
    sc_path = tmp_path / "s.toml"
    sc_path.write_text(SCENARIO.format(method="topsis"), encoding="utf-8")
    peaks = []
    for n in (2_000_000, 6_000_000):
        data = tmp_path / f"o{n}.parquet"
        _offers(data, n)
        code = (
            "import sys, contextlib, io; from tradeoff.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    s = main(['rank', {str(sc_path)!r}, '--alternatives', {str(data)!r}, '--engine', 'stream'])\n"
            "print(PEAK())"
        )
        done = subprocess.run([sys.executable, "-c", PEAK_CODE + code], capture_output=True, text=True, timeout=600, check=True)
        peaks.append(int(done.stdout.split()[-1]))
        data.unlink()
    assert peaks[1] - peaks[0] < 60e6, peaks  # read whole, 4e6 more rows take ~2 GB
    assert peaks[1] < 400e6, peaks


def test_the_scenarios_own_alternatives_rank_with_the_tables_rows(tmp_path):
    """The example's four options and a table of offers of the same facts."""
    sc = tradeoff.load(str(EXAMPLE))
    path = tmp_path / "offers.csv"
    own = sc.alternatives
    facts = sorted({k for a in own for k in a.facts})
    lines = [",".join(["name", *facts])]
    for i in range(30):
        a = own[i % len(own)]
        cells = [str(a.facts[k]).lower() if isinstance(a.facts[k], bool) else str(a.facts[k]) for k in facts]
        lines.append(",".join([f"offer {i}", *cells]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, errors = streamed(sc, str(path), top=6, rows=4)
    same_leaders(out.result, ENGINE.rank(sc, alternatives=str(path), top=6))
    assert errors == [] and out.ranked == 34



def test_rows_named_as_the_scenarios_own_alternative_are_each_that_error(tmp_path):
    """A row repeating one of the scenario's own names is its chunk's error, twice
    over when two rows do, and never "again" of the other row: as read whole."""
    sc = tradeoff.load(str(EXAMPLE))
    own = sc.alternatives[0]
    facts = sorted(own.facts)
    cells = [str(own.facts[k]).lower() if isinstance(own.facts[k], bool) else str(own.facts[k]) for k in facts]
    rows = [own.name, "offer 1", own.name, "offer 2", "offer 1"]
    path = tmp_path / "offers.csv"
    path.write_text("\n".join([",".join(["name", *facts]), *(",".join([n, *cells]) for n in rows)]) + "\n", encoding="utf-8")
    out, errors = streamed(sc, str(path), top=3, rows=2)
    want = ENGINE.rank(sc, alternatives=str(path), top=3, on_error="collect")
    assert [str(e) for e in errors] == [str(e) for e in want.skipped]
    assert len(errors) == 3 and sum(own.name in str(e) for e in errors) == 2, errors


# -- the names' keys: equal names, equal keys, in any chunk ------------------------------


@given(names=name_columns(), cut=st.integers(0, 30))
def test_equal_names_have_equal_keys_in_any_chunk_and_order(names, cut):
    """A name's key depends on the name alone: not on the chunk it is read in, its
    place there, the longer names beside it, or whether pyarrow or Python encoded it."""
    column = np.array(names, dtype=object)
    keys = chunks.name_keys(column)
    cut = min(cut, len(names))
    apart = np.concatenate([chunks.name_keys(column[:cut]), chunks.name_keys(column[cut:])])
    assert keys.tolist() == apart.tolist()
    assert chunks.name_keys(column[::-1]).tolist() == keys[::-1].tolist()
    encoded = [name.encode("utf-8") for name in names]
    by_python = chunks.utf8_keys(b"".join(encoded), np.cumsum([len(b) for b in encoded], dtype=np.int64))
    assert by_python.tolist() == keys.tolist()
    for name, key in zip(names, keys.tolist()):
        assert key == chunks.name_keys(np.array([name], dtype=object))[0]


def test_names_one_byte_apart_have_different_keys():
    """Every byte of a name counts, the last word's too, and its length (a name and
    the same name with a NUL byte after it differ)."""
    base = "a" * 37
    names = [base, base + "\0", base[:-1] + "b", "b" + base[1:], base[:8] + "b" + base[9:], "", "\0"]
    keys = chunks.name_keys(np.array(names, dtype=object)).tolist()
    assert len(set(keys)) == len(names)


def test_a_table_whose_every_row_is_bad_is_the_error_of_the_table_read_whole(tmp_path):
    """No row left: the same one error, placed at the file, in chunks as read whole (a
    folder of files: at the folder)."""
    path = write_csv(tmp_path / "offers.csv", [("A", "oops", 99, 3), ("B", -1, "x", 2)])
    sc = scenario("topsis")
    with pytest.raises(NoneLeft) as whole:
        ENGINE.rank(sc, alternatives=path, on_error="collect")
    with pytest.raises(NoneLeft) as chunked:
        ENGINE.rank_stream(sc, path, on_error="collect", on_skip=lambda e: None)
    assert str(chunked.value) == str(whole.value) and str(whole.value).startswith(path)
    folder = tmp_path / "more"
    folder.mkdir()
    for name in ("a.csv", "b.csv"):
        write_csv(folder / name, [("A" + name, "oops", 99, 3)])
    with pytest.raises(NoneLeft, match=f"^{folder}: expected at least one alternative"):
        ENGINE.rank_stream(sc, str(folder), on_error="collect", on_skip=lambda e: None)
