"""The progress bar: drawn on a terminal only, erased when done, never from the library."""

from __future__ import annotations

import io


import tradeoff
from tradeoff.cli import main
from tradeoff.output import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_unless_the_stream_is_a_terminal():
    assert progress.bar_for(io.StringIO()) is None
    assert isinstance(progress.bar_for(Terminal()), progress.Bar)


def test_bar_draws_after_the_delay_and_erases_itself(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    out = Terminal()
    bar = progress.bar_for(out)
    bar(2_500, 10_000)
    bar(10_000, 10_000)
    assert "[#######.......................]  25%  2,500/10,000 samples" in out.getvalue()
    assert "100%  10,000/10,000 samples" in out.getvalue()
    bar.close()
    assert out.getvalue().endswith("\r\033[K")


def test_short_runs_show_nothing():
    out = Terminal()
    bar = progress.bar_for(out)
    bar(10, 10)
    bar.close()
    assert out.getvalue() == ""


def test_cli_sensitivity_draws_on_a_terminal_and_keeps_stdout_clean(monkeypatch, capsys, example_path):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["sensitivity", str(example_path), "--samples", "600", "--format", "json"]) == 0
    assert "600/600 samples" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")
    assert capsys.readouterr().out.startswith("{")


def test_interrupt_gives_status_130_and_writes_nothing(monkeypatch, capsys, example_path, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tradeoff.Engine, "sensitivity", interrupted)
    target = tmp_path / "out.json"
    assert main(["sensitivity", str(example_path), "-o", str(target)]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"
    assert not target.exists()


def test_each_pass_of_a_long_run_starts_the_bar_again_with_its_rate_and_time_left(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    clock = iter([0.0, 0.0, 2.0, 10.0, 11.0])  # start, the delay, a pace; a new pass, its pace
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    out = Terminal()
    bar = progress.bar_for(out, "rows read")
    bar(1_000, 4_000)  # 1,000 rows in 2 s: 500/s, 3,000 left: 6 s
    assert "1,000/4,000 rows read  500/s  0:06 left" in out.getvalue()
    bar.step("rows scored")  # a new pass: counted from now
    bar(3_000, 4_000)  # 3,000 rows in 1 s
    assert "3,000/4,000 rows scored  3,000/s  0:00 left" in out.getvalue()
