"""Nothing lost (docs/safety.md): what the command line promises about the files it writes.

Every file it writes (``rank -o`` and ``--errors``, ``batch -o DIR``'s results and
summaries, ``report -o``, ``plot -o``, ``explain -o``, ``sensitivity -o``,
``weights -o``, ``new -o``) is written to a temporary file beside it, flushed to the
disk and renamed over it (tradeoff.files.atomic), and never over an input: not by name, nor
through a symlink or a hard link.  Killed at any moment, a run leaves each file with
its old content or its complete new content; a SIGKILL may leave a hidden
``.NAME.PID.XXXXXXXX.tmp`` beside it, which the next run removes.  A folder that
cannot be written or a full disk is a one-line error, exit status 2, and the old file
stays as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tradeoff.cli import main
from tradeoff.files import atomic
from tradeoff.files.atomic import PARTIAL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
VENDORS = ROOT / "examples" / "batch" / "vendors-scenario.toml"
VENDORS_CSV = ROOT / "examples" / "batch" / "vendors.csv"
OLD = b"the previous run's output\n" * 100
CLI = [sys.executable, "-m", "tradeoff.cli", "--no-entry-points"]
#: Tests that name an open descriptor as a file (``/dev/fd/N``; Linux and macOS).
DESCRIPTORS = pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="no /dev/fd here")
ENV = {**os.environ, "TRADEOFF_NO_ENTRY_POINTS": "1", "SOURCE_DATE_EPOCH": "1767225600"}

try:
    import matplotlib  # noqa: F401

    HAS_MATPLOTLIB = True
except ImportError:
    if os.environ.get("TRADEOFF_REQUIRE_MATPLOTLIB") == "1":
        raise
    HAS_MATPLOTLIB = False


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def partials(folder: Path) -> list[str]:
    """Temporary files of atomic writes (``.NAME.PID.XXXXXXXX.tmp``) in `folder`."""
    return sorted(name for name in os.listdir(folder) if PARTIAL.match(name))


def hidden(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def write_scenarios(folder: Path, count: int, version: int = 1) -> list[Path]:
    """Small scenarios with inline criteria; `version` changes every result."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        path = folder / f"s{k:04d}.toml"
        path.write_text(
            f'format = 1\ntitle = "Scenario {k}, version {version}"\n'
            f'[criteria.price]\ndirection = "min"\nweight = {1 + (k + version) % 7}\n'
            f'[criteria.uptime]\ndirection = "max"\nweight = {version}\n'
            f'[[alternatives]]\nname = "A"\nvalues = {{ price = {100 + k}, uptime = 99.0 }}\n'
            f'[[alternatives]]\nname = "B"\nvalues = {{ price = 120, uptime = 99.9 }}\n'
            f'[[alternatives]]\nname = "C"\nvalues = {{ price = 90, uptime = 98.5 }}\n',
            encoding="utf-8",
        )
        paths.append(path)
    return paths


# -- every output is renamed into place --------------------------------------------------


def commands(tmp_path: Path) -> list[tuple[str, list[str], list[Path]]]:
    """(what, arguments, the files it writes) for every command that writes files."""
    out = tmp_path / "out"
    out.mkdir()
    scenarios = write_scenarios(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.toml").write_text("format = 1\nbogus = 1\n", encoding="utf-8")
    csv = tmp_path / "vendors.csv"
    csv.write_text(VENDORS_CSV.read_text(encoding="utf-8") + "Broken row,x\n", encoding="utf-8")
    found = [
        ("rank -o", ["rank", str(EXAMPLE), "-o", str(out / "rank.txt")], [out / "rank.txt"]),
        (
            "rank --alternatives -o --errors",
            ["rank", str(VENDORS), "--alternatives", str(csv), "--format", "csv",
             "-o", str(out / "rank.csv"), "--errors", str(out / "errors-of-rank.txt")],
            [out / "rank.csv", out / "errors-of-rank.txt"],
        ),
        (
            "batch -o DIR",
            ["batch", str(tmp_path / "in"), "-o", str(out / "batch")],
            [out / "batch" / f"{p.stem}.json" for p in scenarios]
            + [out / "batch" / name for name in ("summary.csv", "summary.jsonl", "errors.txt")],
        ),
        ("report -o html", ["report", str(EXAMPLE), "-o", str(out / "r.html")], [out / "r.html"]),
        ("report -o md", ["report", str(EXAMPLE), "-o", str(out / "r.md")], [out / "r.md"]),
        ("explain -o", ["explain", str(EXAMPLE), "--format", "json", "-o", str(out / "e.json")], [out / "e.json"]),
        (
            "sensitivity -o",
            ["sensitivity", str(EXAMPLE), "--samples", "200", "-o", str(out / "s.txt")],
            [out / "s.txt"],
        ),
        ("sensitivity --reversal -o", ["sensitivity", str(EXAMPLE), "--reversal", "-o", str(out / "rev.txt")],
         [out / "rev.txt"]),
        ("weights -o", ["weights", str(EXAMPLE), "-o", str(out / "w.txt")], [out / "w.txt"]),
        ("new -o", ["new", "-o", str(out / "n.toml"), "--force"], [out / "n.toml"]),
    ]
    if HAS_MATPLOTLIB:
        found.append(("plot -o", ["plot", str(EXAMPLE), "scores", "-o", str(out / "p.svg")], [out / "p.svg"]))
    return found


def test_every_output_is_written_beside_flushed_and_renamed_over(tmp_path, monkeypatch, capsys):
    fsynced: set[tuple[int, int]] = set()
    renamed: dict[str, tuple[str, tuple[int, int]]] = {}
    real_fsync, real_replace = os.fsync, os.replace

    def identity(st: os.stat_result) -> tuple[int, int]:
        return (st.st_dev, st.st_ino)

    def fsync(fd: int) -> None:
        real_fsync(fd)
        fsynced.add(identity(os.fstat(fd)))

    def replace(src, dst, **kwargs):
        renamed[os.fspath(dst)] = (os.fspath(src), identity(os.stat(src)))
        return real_replace(src, dst, **kwargs)

    real_flush = atomic._filesystem_flush()

    def flush(folder: Path) -> None:  # a whole filesystem flushed: every file in it now
        real_flush(folder)
        fsynced.update(identity(entry.stat()) for entry in os.scandir(folder) if entry.is_file())

    for what, args, outputs in commands(tmp_path):
        for path in outputs:  # an earlier run's files, which the new ones replace
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(OLD)
            path.chmod(0o640)
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(atomic, "_filesystem_flush", lambda: None if real_flush is None else flush)
        status = main(args)
        monkeypatch.undo()
        capsys.readouterr()
        assert status in (0, 2), what  # 2: the broken scenario and the broken row are reported
        for path in outputs:
            assert path.read_bytes() != OLD, f"{what}: {path.name} not written"
            src, ident = renamed[str(path)]
            assert Path(src).parent == path.parent, f"{what}: {path.name} not written beside"
            assert PARTIAL.match(Path(src).name), f"{what}: {path.name} from {src}"
            assert ident in fsynced, f"{what}: {path.name} renamed before it was flushed"
            assert identity(path.stat()) == ident, f"{what}: {path.name} changed after the rename"
            assert path.stat().st_mode & 0o777 == 0o640, f"{what}: {path.name} lost its permissions"
        for folder in {path.parent for path in outputs}:
            assert partials(folder) == [], what


@pytest.mark.slow  # a fresh interpreter under another umask
def test_a_new_file_gets_the_umask_s_permissions(tmp_path):
    out = tmp_path / "new.txt"
    done = subprocess.run(
        ["sh", "-c", 'umask 077 && exec "$@"', "sh", *CLI, "rank", str(EXAMPLE), "-o", str(out)],
        capture_output=True, text=True, env=ENV, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert out.stat().st_mode & 0o777 == 0o600


# -- never over an input -------------------------------------------------------------------


def _aliases(tmp_path: Path, original: Path) -> dict[str, str]:
    """Other names of `original`: spelt another way, a symlink, a hard link."""
    (tmp_path / "sub").mkdir(exist_ok=True)
    link = tmp_path / f"link-{original.name}"
    link.symlink_to(original)
    hard = tmp_path / f"hard-{original.name}"
    os.link(original, hard)
    return {
        "same name": str(original),
        "another spelling": str(tmp_path / "sub" / ".." / original.name),
        "a symlink to it": str(link),
        "a hard link to it": str(hard),
    }


@pytest.mark.parametrize("how", ["same name", "another spelling", "a symlink to it", "a hard link to it"])
@pytest.mark.parametrize(
    "command",
    [
        ["rank", "{scenario}", "-o", "{target}"],
        ["rank", "{scenario}", "--alternatives", "{csv}", "-o", "{target}"],
        ["report", "{scenario}", "-o", "{target}", "--format", "markdown"],
        ["plot", "{scenario}", "scores", "-o", "{target}"],
        ["explain", "{scenario}", "-o", "{target}"],
        ["sensitivity", "{scenario}", "--samples", "10", "-o", "{target}"],
        ["weights", "{scenario}", "-o", "{target}"],
    ],
    ids=["rank", "rank --alternatives", "report", "plot", "explain", "sensitivity", "weights"],
)
def test_output_never_replaces_the_scenario(tmp_path, capsys, command, how):
    scenario = tmp_path / ("s.svg" if command[0] == "plot" else "s.toml")  # plot writes .svg or .png only
    scenario.write_bytes(VENDORS.read_bytes())
    csv = tmp_path / "vendors.csv"
    csv.write_bytes(VENDORS_CSV.read_bytes())
    target = _aliases(tmp_path, scenario)[how]
    before = (scenario.read_bytes(), scenario.stat().st_ino)
    args = [a.format(scenario=scenario, csv=csv, target=target) for a in command]
    assert main(args) == 2
    assert capsys.readouterr().err == f'error: -o: expected an output file that is not an input, got "{target}"\n'
    assert (scenario.read_bytes(), scenario.stat().st_ino) == before
    assert partials(tmp_path) == []


@pytest.mark.parametrize("how", ["same name", "another spelling", "a symlink to it", "a hard link to it"])
def test_rank_writes_over_neither_the_csv_nor_the_scenario(tmp_path, capsys, how):
    scenario = tmp_path / "s.toml"
    scenario.write_bytes(VENDORS.read_bytes())
    csv = tmp_path / "vendors.csv"
    csv.write_bytes(VENDORS_CSV.read_bytes() + b"Broken row,x\n")
    names = _aliases(tmp_path, csv)
    base = ["rank", str(scenario), "--alternatives", str(csv)]
    inputs = {p: (p.read_bytes(), p.stat().st_ino) for p in (scenario, csv)}
    cases = [
        (["-o", names[how]], f'error: -o: expected an output file that is not an input, got "{names[how]}"\n'),
        (["--errors", names[how]], f'error: --errors: expected an output file that is not an input, got "{names[how]}"\n'),
        (["--errors", str(tmp_path / "sub" / ".." / "s.toml")],
         f'error: --errors: expected an output file that is not an input, got "{tmp_path / "sub" / ".." / "s.toml"}"\n'),
        (["-o", str(tmp_path / "out.csv"), "--errors", str(tmp_path / "sub" / ".." / "out.csv")],
         f'error: --errors: expected an output file that is not an input, got "{tmp_path / "sub" / ".." / "out.csv"}"\n'),
        # -o refused before anything is written: no --errors file either
        (["-o", names[how], "--errors", str(tmp_path / "errors.txt")],
         f'error: -o: expected an output file that is not an input, got "{names[how]}"\n'),
    ]
    for extra, message in cases:
        assert main(base + extra) == 2
        assert capsys.readouterr().err == message
        assert {p: (p.read_bytes(), p.stat().st_ino) for p in inputs} == inputs
    assert not (tmp_path / "errors.txt").exists() and not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("how", ["symlink", "hard link", "summary"])
def test_batch_results_never_replace_an_input(tmp_path, capsys, how):
    (scenario,) = write_scenarios(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    inputs = [str(scenario)]
    if how == "symlink":
        (out / "s0000.json").symlink_to(scenario)
    elif how == "hard link":
        os.link(scenario, out / "s0000.json")
    else:  # a scenario file that happens to be where the summary goes
        (out / "summary.csv").write_bytes(scenario.read_bytes())
        inputs.append(str(out / "summary.csv"))
    before = {p: Path(p).read_bytes() for p in inputs}
    assert main(["batch", *inputs, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: -o: expected an output folder where no result would replace an input, got ")
    assert err.count("\n") == 1
    assert {p: Path(p).read_bytes() for p in inputs} == before


def test_new_never_replaces_a_file_without_force(tmp_path, capsys):
    target = tmp_path / "mine.toml"
    target.write_bytes(OLD)
    assert main(["new", "-o", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == OLD


@DESCRIPTORS
def test_new_writes_into_a_device_or_a_descriptor_without_force(tmp_path, capsys):
    """``tradeoff new -o /dev/stdout | less``: nothing there is replaced, so no --force
    is asked for, and the comment names the usual file, not the device."""
    assert main(["new", "-o", os.devnull]) == 0
    log = tmp_path / "log.txt"
    log.write_bytes(b"kept\n")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        assert main(["new", "-o", f"/dev/fd/{fd}"]) == 0
    finally:
        os.close(fd)
    assert capsys.readouterr().err == ""
    assert log.read_text(encoding="utf-8") == "kept\n" + _stdout_of(capsys, ["new"])


# -- killed mid-write --------------------------------------------------------------------


def big_table(tmp_path: Path, rows: int = 200_000) -> tuple[Path, Path]:
    """A scenario with inline criteria and a CSV of `rows` alternatives."""
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'format = 1\ntitle = "Many offers"\nmethod = "topsis"\n'
        '[criteria.price]\ndirection = "min"\nweight = 3\n'
        '[criteria.uptime]\ndirection = "max"\nweight = 2\n'
        '[criteria.support]\ndirection = "max"\nweight = 1\n',
        encoding="utf-8",
    )
    rng = np.random.default_rng(1)
    price = rng.integers(50, 500, rows)
    uptime = rng.integers(95_000, 100_000, rows) / 1000
    support = rng.integers(1, 10, rows)
    lines = [f"Vendor {k},{p},{u},{s}" for k, p, u, s in zip(range(rows), price.tolist(), uptime.tolist(), support.tolist())]
    csv = tmp_path / "big.csv"
    csv.write_text("name,price,uptime,support\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return scenario, csv


@pytest.mark.slow
def test_a_kill_at_any_moment_leaves_the_old_file_or_the_new(tmp_path):
    scenario, csv = big_table(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out.csv"
    command = CLI + ["rank", str(scenario), "--alternatives", str(csv), "--format", "csv", "-o"]
    # the complete new content, and how long a run takes
    start = time.monotonic()
    subprocess.run(command + [str(tmp_path / "complete.csv")], check=True, env=ENV, timeout=120)
    duration = time.monotonic() - start
    new = (tmp_path / "complete.csv").read_bytes()
    assert len(new) > 5_000_000

    def kill_after(delay: float | None) -> bool:
        """Kill a run over the old file after `delay` seconds (None: as soon as its
        temporary file appears, so mid-write); whether it left a temporary file."""
        out.write_bytes(OLD)
        process = subprocess.Popen(command + [str(out)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if delay is None:
            deadline = time.monotonic() + 4 * duration + 10
            while process.poll() is None and not partials(work) and time.monotonic() < deadline:
                time.sleep(0.0005)
        else:
            time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        content = out.read_bytes()
        assert content in (OLD, new), f"killed after {delay} s: neither the old file nor the new"
        left = partials(work)
        assert hidden(work) == left, "only the documented temporary files remain"
        assert all(name.startswith(".out.csv.") for name in left)
        if left:
            assert content == OLD  # the temporary file is gone once it is renamed over
        return bool(left)

    for fraction in (0.15, 0.35, 0.55, 0.75, 0.9, 1.0):
        kill_after(duration * fraction)
    if not kill_after(None) and not partials(work):
        pytest.skip("no kill landed while the file was being written")
    # what the killed runs left is harmless: the next run works, and removes it
    assert partials(work)
    subprocess.run(command + [str(out)], check=True, env=ENV, timeout=120)
    assert out.read_bytes() == new
    assert hidden(work) == []


@pytest.mark.slow
def test_a_killed_batch_leaves_each_file_old_or_new(tmp_path):
    out = tmp_path / "out"
    command = CLI + ["batch", str(tmp_path / "in"), "-o", str(out)]

    def files() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in out.iterdir() if p.name != ".tradeoff-batch.jsonl"}

    write_scenarios(tmp_path / "in", 200, version=1)
    subprocess.run(command, check=True, env=ENV, timeout=120, capture_output=True)
    old = files()
    write_scenarios(tmp_path / "in", 200, version=2)  # every result and summary changes
    start = time.monotonic()
    subprocess.run(command, check=True, env=ENV, timeout=120, capture_output=True)
    duration = time.monotonic() - start
    new = files()
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)

    def restore() -> None:
        for path in out.iterdir():
            path.unlink()
        for name, content in old.items():
            (out / name).write_bytes(content)

    journal = out / ".tradeoff-batch.jsonl"

    def kill_after(delay: float | str) -> bool:
        """Kill a run over the old files after `delay` seconds, or as soon as its first
        temporary file appears ("write"), or its first chunk is done ("chunk"); whether
        it left some files old and some new."""
        restore()
        process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if isinstance(delay, float):
            time.sleep(delay)
        else:
            deadline = time.monotonic() + 4 * duration + 10
            while process.poll() is None and time.monotonic() < deadline:
                if (partials(out) if delay == "write" else journal.exists() and journal.stat().st_size):
                    break
                time.sleep(0.0005)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = files()
        left = [name for name in now if PARTIAL.match(name)]
        for name, content in now.items():
            if name not in left:
                assert content in (old[name], new[name]), f"{name} after a kill ({delay})"
        assert now.keys() - set(left) == old.keys()
        return 0 < sum(now[name] == new[name] for name in old) < len(old)

    mixed = [kill_after(delay) for delay in (duration * 0.3, duration * 0.6, duration * 0.9, "write", "chunk")]
    if not any(mixed):
        pytest.skip("no kill landed while the results were being written")
    # the next run removes whatever the kills left, and finishes the job
    subprocess.run(command, check=True, env=ENV, timeout=120, capture_output=True)
    assert files() == new


@pytest.mark.slow  # a process that has ended
def test_leftovers_of_ended_writers_go_others_stay(tmp_path, capsys):
    """The next write of a file removes the temporary files a killed writer left
    beside it; those of a process still running (it may be writing), of other files,
    and files that only look alike stay."""
    out = tmp_path / "out.txt"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(ended.stdout)
    names = {
        "dead": f".out.txt.{dead}.0123abcd.tmp",
        "alive": f".out.txt.{os.getpid()}.0123abcd.tmp",  # this process: still running
        "another file's": f".other.txt.{dead}.0123abcd.tmp",
        "the user's": ".out.txt.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"partial")
    assert main(["rank", str(EXAMPLE), "-o", str(out)]) == 0
    capsys.readouterr()
    assert sorted(os.listdir(tmp_path)) == sorted([out.name] + [n for k, n in names.items() if k != "dead"])
    # a batch removes its folder's leftovers whoever wrote them, and nothing else
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in [".s0000.json.123.0123abcd.tmp", f".summary.csv.{os.getpid()}.89abcdef.tmp", ".notes.tmp"]:
        (folder / name).write_bytes(b"partial")
    write_scenarios(tmp_path / "in", 2)
    assert main(["batch", str(tmp_path / "in"), "-o", str(folder)]) == 0
    assert hidden(folder) == [".notes.tmp", ".tradeoff-batch.jsonl"]


# -- a folder that cannot be written, a full disk --------------------------------------------


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into any folder")
def test_a_folder_that_cannot_be_written_is_a_one_line_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / "out.txt"
    out.write_bytes(OLD)
    folder.chmod(0o555)
    try:
        done = subprocess.run(CLI + ["rank", str(EXAMPLE), "-o", str(out)], capture_output=True, text=True,
                              env=ENV, timeout=60)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2
    assert done.stderr == f'error: -o: expected a file that can be written, got "{out}": Permission denied\n'
    assert out.read_bytes() == OLD and partials(folder) == []


def _fail_temporary_file_creation(monkeypatch, code: int) -> None:
    real_open = os.open

    def refuse(path, flags, mode=0o777, *args, **kwargs):
        if PARTIAL.match(os.path.basename(os.fspath(path))):
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)


class _FullDisk:
    """A file whose write stops half-way: no space left on the device."""

    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def fileno(self):
        return self.handle.fileno()

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self):
        self.handle.flush()


@pytest.mark.parametrize("where", ["create", "write", "fsync", "rename"])
@pytest.mark.parametrize(
    "args",
    [
        ["rank", str(EXAMPLE), "--format", "json"],
        ["report", str(EXAMPLE), "--format", "markdown"],
        ["new", "--force"],
    ],
    ids=["rank", "report", "new"],
)
def test_a_full_disk_is_a_one_line_error_and_the_old_file_stays(tmp_path, monkeypatch, capsys, where, args):
    out = tmp_path / "out.txt"
    out.write_bytes(OLD)
    inode = out.stat().st_ino
    failure = errno.EACCES if where == "create" else errno.ENOSPC
    if where == "create":
        _fail_temporary_file_creation(monkeypatch, failure)
    elif where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    elif where == "fsync":
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(failure, os.strerror(failure))))
    else:
        monkeypatch.setattr(os, "replace", lambda *a, **k: (_ for _ in ()).throw(OSError(failure, os.strerror(failure))))
    status = main(args + ["-o", str(out)])
    monkeypatch.undo()
    assert status == 2
    assert capsys.readouterr().err == (
        f'error: -o: expected a file that can be written, got "{out}": {os.strerror(failure)}\n'
    )
    assert out.read_bytes() == OLD and out.stat().st_ino == inode
    assert hidden(tmp_path) == []


def test_a_full_disk_in_a_batch_is_an_error_per_result_and_old_files_stay(tmp_path, monkeypatch, capsys):
    write_scenarios(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "s0000.json").write_bytes(OLD)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the disk fills up while s0000's result is written
        inode = os.fstat(fd).st_ino
        if any((out / n).stat().st_ino == inode for n in os.listdir(out) if n.startswith(".s0000.json.")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(atomic, "_filesystem_flush", lambda: None)  # a system that flushes file by file
    status = main(["batch", str(tmp_path / "in"), "-o", str(out)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2
    assert err == (
        f'error: {tmp_path / "in" / "s0000.toml"}: -o: expected a result file that can be written, '
        f'got "{out / "s0000.json"}": No space left on device\n'
    )
    assert (out / "s0000.json").read_bytes() == OLD
    assert (out / "s0001.json").exists() and partials(out) == []


def test_a_full_disk_at_a_batch_chunk_s_flush_fails_each_of_its_results(tmp_path, monkeypatch, capsys):
    """Where the chunk's files are flushed together (Linux's syncfs), a flush that fails
    fails every result of the chunk: none is renamed into place, nor journaled."""
    write_scenarios(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "s0000.json").write_bytes(OLD)

    def flush(folder: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(folder))

    monkeypatch.setattr(atomic, "_filesystem_flush", lambda: flush)
    status = main(["batch", str(tmp_path / "in"), "-o", str(out)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2
    assert err == "".join(
        f'error: {tmp_path / "in" / f"s000{k}.toml"}: -o: expected a result file that can be written, '
        f'got "{out / f"s000{k}.json"}": No space left on device\n'
        for k in (0, 1)
    )
    assert (out / "s0000.json").read_bytes() == OLD
    assert not (out / "s0001.json").exists() and partials(out) == []
    assert (out / ".tradeoff-batch.jsonl").read_text(encoding="utf-8") == ""


# -- what -o may be ------------------------------------------------------------------------


def test_output_through_a_symlink_replaces_the_file_it_points_to(tmp_path, capsys):
    real = tmp_path / "results" / "rank.txt"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "latest.txt"
    link.symlink_to(real)
    assert main(["rank", str(EXAMPLE), "-o", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == _stdout_of(capsys, ["rank", str(EXAMPLE)])
    assert partials(tmp_path) == [] and partials(real.parent) == []


def _stdout_of(capsys, args: list[str]) -> str:
    capsys.readouterr()
    assert main(args) == 0
    return capsys.readouterr().out


@pytest.mark.slow  # a reader thread on a named pipe
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_output_to_a_pipe_or_device_writes_into_it_and_leaves_it_there(tmp_path, capsys):
    """``-o /dev/stdout``, ``-o /dev/null`` or a named pipe: a rename would replace the
    device or the pipe with a regular file (as root, /dev/null itself)."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    try:
        status = main(["rank", str(EXAMPLE), "-o", str(pipe)])
    finally:
        if reader.is_alive() and not received:
            with open(pipe, "wb"):  # unblock the reader, should the write have failed
                pass
        reader.join(timeout=30)
    assert status == 0
    assert pipe.is_fifo()
    assert received == [_stdout_of(capsys, ["rank", str(EXAMPLE)]).encode("utf-8")]
    assert partials(tmp_path) == []


def test_atomic_errors_name_the_file_not_the_temporary_one(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        atomic.write_text(tmp_path / "missing" / "x.toml", "x")
    assert info.value.filename == str(tmp_path / "missing" / "x.toml")



# -- files written together ----------------------------------------------------------------


@pytest.mark.parametrize("together", [True, False], ids=["one flush", "file by file"])
def test_a_group_renames_its_files_into_place_only_at_commit(tmp_path, monkeypatch, together):
    flushed: list[Path] = []
    real_flush = atomic._filesystem_flush()
    if together and real_flush is None:
        pytest.skip("no syncfs on this system")

    def flush(folder: Path) -> None:
        flushed.append(folder)
        real_flush(folder)

    monkeypatch.setattr(atomic, "_filesystem_flush", lambda: flush if together else None)
    (tmp_path / "a.txt").write_bytes(OLD)
    (tmp_path / "a.txt").chmod(0o640)
    with atomic.Group() as group:
        group.add(tmp_path / "a.txt", b"new a")
        group.add(tmp_path / "b.txt", b"new b")
        assert (tmp_path / "a.txt").read_bytes() == OLD and not (tmp_path / "b.txt").exists()
        assert len(partials(tmp_path)) == 2
        assert group.commit() == {}
    assert (tmp_path / "a.txt").read_bytes() == b"new a" and (tmp_path / "b.txt").read_bytes() == b"new b"
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640
    assert flushed == ([tmp_path] if together else []) and partials(tmp_path) == []


def test_a_group_left_without_commit_leaves_every_old_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(OLD)
    with pytest.raises(KeyboardInterrupt), atomic.Group() as group:
        group.add(tmp_path / "a.txt", b"new")
        group.add(tmp_path / "b.txt", b"new")
        raise KeyboardInterrupt
    assert (tmp_path / "a.txt").read_bytes() == OLD and not (tmp_path / "b.txt").exists()
    assert partials(tmp_path) == []



def test_a_group_interrupted_in_its_flush_leaves_every_old_file(tmp_path, monkeypatch):
    """Ctrl-C while the filesystem is flushed (it can take seconds): nothing renamed,
    every temporary file removed."""

    def flush(folder: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "_filesystem_flush", lambda: flush)
    (tmp_path / "a.txt").write_bytes(OLD)
    with pytest.raises(KeyboardInterrupt), atomic.Group() as group:
        group.add(tmp_path / "a.txt", b"new")
        group.add(tmp_path / "b.txt", b"new")
        group.commit()
    assert (tmp_path / "a.txt").read_bytes() == OLD and not (tmp_path / "b.txt").exists()
    assert partials(tmp_path) == []

def test_a_group_names_each_file_it_could_not_write(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with atomic.Group() as group:
        with pytest.raises(FileNotFoundError) as info:
            group.add(tmp_path / "missing" / "x.txt", b"x")
        assert info.value.filename == str(tmp_path / "missing" / "x.txt")
        group.add(tmp_path / "folder.txt", b"x")  # a rename over a folder fails at commit
        group.add(tmp_path / "fine.txt", b"fine")
        failed = group.commit()
    assert list(failed) == [tmp_path / "folder.txt"] and isinstance(failed[tmp_path / "folder.txt"], IsADirectoryError)
    assert failed[tmp_path / "folder.txt"].filename == str(tmp_path / "folder.txt")
    assert (tmp_path / "fine.txt").read_bytes() == b"fine" and partials(tmp_path) == []

# -- open descriptors, owners, hard links ------------------------------------------------


@DESCRIPTORS
def test_output_to_an_open_file_descriptor_appends_as_the_shell_opened_it(tmp_path, capsys):
    """``-o /dev/stdout >> log.txt``: the descriptor is written into, at its offset (so
    ``>>`` appends), never replaced by a new file that would lose the log."""
    log = tmp_path / "log.txt"
    log.write_bytes(b"yesterday's run\n")
    inode = log.stat().st_ino
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        assert main(["rank", str(EXAMPLE), "--format", "csv", "-o", f"/dev/fd/{fd}"]) == 0
    finally:
        os.close(fd)
    want = _stdout_of(capsys, ["rank", str(EXAMPLE), "--format", "csv"])
    assert log.read_text(encoding="utf-8") == "yesterday's run\n" + want
    assert log.stat().st_ino == inode
    assert partials(tmp_path) == []


@DESCRIPTORS
def test_output_to_a_descriptor_on_a_pipe_is_written_into_it(tmp_path, capsys):
    """``-o /dev/stdout | ...``: the pipe's /proc name leads nowhere on disk; the
    descriptor takes the output (more than a pipe holds at once, so the write loops)."""
    read_end, write_end = os.pipe()
    chunks: list[bytes] = []

    def drain() -> None:
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        status = main(["rank", str(EXAMPLE), "--format", "json", "-o", f"/dev/fd/{write_end}"])
    finally:
        os.close(write_end)
        reader.join(timeout=30)
        os.close(read_end)
    assert status == 0
    assert b"".join(chunks) == _stdout_of(capsys, ["rank", str(EXAMPLE), "--format", "json"]).encode("utf-8")


@DESCRIPTORS
def test_a_symlink_to_dev_stdout_is_a_descriptor_too():
    """Followed link by link: ``out -> /dev/stdout -> /proc/self/fd/1``."""
    assert atomic.own_descriptor("/dev/stdout") == 1
    assert atomic.own_descriptor("/dev/stderr") == 2
    assert atomic.own_descriptor(f"/proc/{os.getpid()}/fd/7") == 7
    assert atomic.own_descriptor("/proc/1/fd/1") is None or os.getpid() == 1  # another process's
    assert atomic.own_descriptor(EXAMPLE) is None


@DESCRIPTORS
def test_a_terminal_named_by_a_descriptor_gets_no_escape_codes(tmp_path):
    """``-o /dev/tty`` (here a pseudo-terminal's descriptor) is a terminal: what the
    command line prints to one, control characters replaced, goes to it."""
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('name = "BrightPath', 'name = "\\u001b]0;owned\\u0007BrightPath', 1),
        encoding="utf-8",
    )
    leader, follower = os.openpty()
    try:
        assert main(["rank", str(scenario), "-o", f"/dev/fd/{follower}"]) == 0
        os.set_blocking(leader, False)
        seen = b""
        with contextlib.suppress(BlockingIOError, OSError):
            while chunk := os.read(leader, 1 << 16):
                seen += chunk
    finally:
        os.close(follower)
        os.close(leader)
    assert "\ufffd]0;owned\ufffdBrightPath" in seen.decode("utf-8")
    assert b"\x1b" not in seen and b"\x07" not in seen


@DESCRIPTORS
def test_two_outputs_written_into_one_stream_replace_nothing(tmp_path, capsys):
    """``-o /dev/null --errors /dev/null``, or both into one log: each is written into,
    so neither replaces the other; a descriptor open on an input is still refused."""
    scenario = tmp_path / "s.toml"
    scenario.write_text('format = 1\n[criteria.price]\ndirection = "min"\n[criteria.speed]\ndirection = "max"\n',
                        encoding="utf-8")
    csv = tmp_path / "t.csv"
    csv.write_text("name,price,speed\nX,1,2\nY,2,x\nZ,3,4\n", encoding="utf-8")
    args = ["rank", str(scenario), "--alternatives", str(csv), "--format", "csv"]
    assert main([*args, "-o", os.devnull, "--errors", os.devnull]) == 2  # the row with "x"
    assert "expected an output file that is not an input" not in capsys.readouterr().err
    log = tmp_path / "log.txt"
    log.write_bytes(b"")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        assert main([*args, "-o", f"/dev/fd/{fd}", "--errors", f"/dev/fd/{fd}"]) == 2
    finally:
        os.close(fd)
    capsys.readouterr()
    main(args)
    ranked = capsys.readouterr().out
    assert log.read_text(encoding="utf-8") == f'error: {csv}:3: speed: expected a number, got "x"\n' + ranked
    fd = os.open(scenario, os.O_WRONLY | os.O_APPEND)
    try:
        assert main([*args, "-o", f"/dev/fd/{fd}"]) == 2
    finally:
        os.close(fd)
    assert capsys.readouterr().err == f'error: -o: expected an output file that is not an input, got "/dev/fd/{fd}"\n'


@pytest.mark.skipif(not hasattr(os, "fchown") or os.geteuid() != 0, reason="only root may give a file away")
def test_a_replaced_file_keeps_its_owner_and_group(tmp_path):
    out = tmp_path / "rank.txt"
    out.write_bytes(OLD)
    os.chown(out, 4321, 4322)
    out.chmod(0o640)
    assert main(["rank", str(EXAMPLE), "-o", str(out)]) == 0
    info = out.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (4321, 4322, 0o640)
    assert out.read_bytes() != OLD


@pytest.mark.skipif(not hasattr(os, "fchown"), reason="no owners here")
def test_an_owner_the_process_may_not_set_is_left_and_the_file_still_written(tmp_path, monkeypatch):
    """As a user who is not root: the owner cannot be given away, the group only to one
    of the user's groups; either refusal leaves the new file as it is."""
    out = tmp_path / "rank.txt"
    out.write_bytes(OLD)
    calls: list[tuple[int, int]] = []

    def refuse(fd: int, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)
    mine = out.stat()
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((0, 0, 0, 0, mine.st_uid + 1, mine.st_gid + 1, *[0] * 4)))
    atomic.write_text(out, "new\n")
    assert out.read_text(encoding="utf-8") == "new\n"
    assert calls == [(mine.st_uid, mine.st_gid), (-1, mine.st_gid)]
    assert partials(tmp_path) == []


def test_a_hard_link_keeps_the_old_content(tmp_path):
    """The rename gives the name a new inode: another name of the old file keeps it."""
    out = tmp_path / "rank.txt"
    out.write_bytes(OLD)
    other = tmp_path / "yesterday.txt"
    os.link(out, other)
    assert main(["rank", str(EXAMPLE), "-o", str(out)]) == 0
    assert other.read_bytes() == OLD and out.read_bytes() != OLD
    assert not out.samefile(other)


@pytest.mark.slow  # fresh interpreters, as a shell runs them
@DESCRIPTORS
def test_dev_stdout_into_a_pipe_or_appended_to_a_log(tmp_path):
    """``tradeoff rank ... -o /dev/stdout | cat`` and ``... -o /dev/stdout >> log.txt``."""
    args = [*CLI, "rank", str(EXAMPLE), "--format", "csv"]
    want = subprocess.run(args, env=ENV, capture_output=True, check=True).stdout
    piped = subprocess.run([*args, "-o", "/dev/stdout"], env=ENV, capture_output=True)
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, want, b"")
    log = tmp_path / "log.txt"
    log.write_bytes(b"yesterday's run\n")
    with open(log, "ab") as handle:
        done = subprocess.run([*args, "-o", "/dev/stdout"], env=ENV, stdout=handle, stderr=subprocess.PIPE)
    assert (done.returncode, done.stderr) == (0, b"")
    assert log.read_bytes() == b"yesterday's run\n" + want
