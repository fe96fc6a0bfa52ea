"""The command line: output, files written, and exit code 2 with a clear message on bad input."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import cli_in_process

ROOT = Path(__file__).resolve().parent.parent
STATUS_QUO = str(ROOT / "scenarios" / "status_quo.toml")


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "model", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_run_prints_summary_and_writes_parquet_and_csv(tmp_path):
    out = tmp_path / "out"
    r = run_cli("run", STATUS_QUO, "--steps", "30", "--seed", "4", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "start (month 1)" in r.stdout
    assert "AI arrives (month 24)" in r.stdout
    assert "end (month 30)" in r.stdout
    assert "proletarianization_index" in r.stdout
    pq = pd.read_parquet(out / "timeseries.parquet")
    header = (out / "timeseries.csv").read_text().splitlines()[0].split(",")
    assert header[0] == "month" and header.count("month") == 1
    csv = pd.read_csv(out / "timeseries.csv", index_col="month")
    assert len(pq) == len(csv) == 30
    assert list(pq.index) == list(range(1, 31))
    pd.testing.assert_series_equal(pq["artisans"], csv["artisans"], check_dtype=False)
    assert (out / "scenario.json").exists()


def test_summary_skips_ai_column_when_ai_arrives_after_the_end():
    r = run_cli("run", STATUS_QUO, "--steps", "10")
    assert r.returncode == 0
    assert "AI arrives (month" not in r.stdout
    assert "end (month 10)" in r.stdout


def test_cli_results_match_the_python_api(tmp_path):
    from model import ArtMarketModel, load_scenario

    r = run_cli("run", STATUS_QUO, "--steps", "26", "--seed", "8", "--set", "union_strength=0.5",
                "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    cli = pd.read_parquet(tmp_path / "timeseries.parquet")
    api = ArtMarketModel(load_scenario(STATUS_QUO, seed=8, union_strength=0.5)).run(26).dataframe()
    pd.testing.assert_frame_equal(cli, api)


@pytest.mark.parametrize("args, fragment", [
    (["run", "scenarios/missing.toml"], "scenario file not found"),
    (["run", STATUS_QUO, "--steps", "0"], "--steps 0"),
    (["run", STATUS_QUO, "--steps", "ten"], "invalid int value: 'ten'"),
    (["run", STATUS_QUO, "--set", "union_strength=3"], "union_strength = 3"),
    (["run", STATUS_QUO, "--set", "unionstrength=0.3"], "did you mean 'union_strength'"),
    (["run", STATUS_QUO, "--set", "ip_regime=piracy"], "ip_regime = 'piracy'"),
    (["run", STATUS_QUO, "--set", "oops"], "expected KEY=VALUE"),
    (["run", STATUS_QUO, "--seed", "-1"], "seed = -1"),
    (["walk"], "invalid choice: 'walk'"),
    ([], "required: command"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(args, fragment):
    r = run_cli(*args)
    assert r.returncode == 2
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_bad_toml_file_exits_2(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("[parameters]\nn_artists = 'lots'\n")
    r = run_cli("run", str(f))
    assert r.returncode == 2
    assert "n_artists = 'lots'" in r.stderr and str(f) in r.stderr


def test_params_lists_every_parameter():
    from model import PARAMETERS

    r = run_cli("params")
    assert r.returncode == 0
    for p in PARAMETERS:
        assert p.name in r.stdout


def test_ctrl_c_keeps_the_finished_months(tmp_path):
    import signal

    out = tmp_path / "partial"
    proc = subprocess.Popen(
        [sys.executable, "-m", "model", "run", STATUS_QUO, "--steps", "1200", "--progress",
         "--set", "n_artists=20000", "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    while "month 5/" not in seen:  # interrupt only once months have finished
        char = proc.stderr.read(1)
        assert char, f"process ended early: {seen}"
        seen += char
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    stderr = seen + stderr
    assert proc.returncode == 130, stderr
    assert "interrupted after" in stderr and "Traceback" not in stderr
    kept = pd.read_parquet(out / "timeseries.parquet")
    assert 5 <= len(kept) < 1200
    assert list(kept.index) == list(range(1, len(kept) + 1))


def test_levers_of_every_type_work_from_the_command_line(tmp_path):
    from model import ArtMarketModel, load_scenario

    r = run_cli("run", STATUS_QUO, "--steps", "30", "--set", "ip_regime=style_copyright",
                "--set", "union_ai_clause=true", "--set", "n_buyers=3",
                "--set", "basic_income=1400", "--set", "basic_income_recipients=20",
                "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    cli = pd.read_parquet(tmp_path / "timeseries.parquet")
    api = ArtMarketModel(load_scenario(STATUS_QUO, ip_regime="style_copyright",
                                       union_ai_clause=True, n_buyers=3, basic_income=1400.0,
                                       basic_income_recipients=20)).run(30).dataframe()
    pd.testing.assert_frame_equal(cli, api)
    assert cli["royalty_income"].iloc[-1] > 0
    r = run_cli("run", STATUS_QUO, "--set", "union_ai_clause=maybe")
    assert r.returncode == 2 and "union_ai_clause = 'maybe'" in r.stderr


def test_a_reader_that_stops_early_gets_no_traceback():
    """`python -m model params | head -3`: the reader is gone before the output ends
    (here before it begins: the pipe's read end is closed, so the first write fails)."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        r = subprocess.run([sys.executable, "-m", "model", "params"], cwd=ROOT,
                           stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "BrokenPipeError" not in r.stderr, r.stderr


def test_set_changes_the_title_or_names_the_bad_value():
    """Issue 17 item 9: `--set title=hello` was a TypeError traceback."""
    r = run_cli("run", STATUS_QUO, "--steps", "2", "--set", "title=hello")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("hello: ")
    r = run_cli("run", STATUS_QUO, "--steps", "2", "--set", "title=5")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "title = 5 is not allowed: expected a text string" in r.stderr


cli_main = cli_in_process


@pytest.mark.parametrize("where, fragment", [
    ("file", "is a file; expected a folder"),
    ("under a file", "cannot write there"),
])
def test_run_out_that_cannot_be_a_folder_exits_2_before_the_run(tmp_path, where, fragment):
    """Issue 17 item 9: the traceback came after the whole run, and the results were lost."""
    blocker = tmp_path / "taken"
    blocker.write_text("a file")
    out = blocker if where == "file" else blocker / "sub"
    code, stdout, stderr = cli_main("run", STATUS_QUO, "--steps", "2", "--out", out)
    assert code == 2 and fragment in stderr, stderr
    assert "ran in" not in stdout                    # refused before the run


def test_run_out_on_a_full_disk_is_exit_1_with_no_partial_file(tmp_path, monkeypatch):
    import errno

    import pandas as pd

    def full(self, path, *a, **k):
        Path(path).write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    out = tmp_path / "out"
    code, _, stderr = cli_main("run", STATUS_QUO, "--steps", "2", "--out", out)
    assert code == 1 and "timeseries.csv: No space left on device" in stderr, stderr
    assert sorted(p.name for p in out.iterdir()) == ["timeseries.parquet"]   # whole files only


@pytest.mark.parametrize("kind, fragment", [
    ("device", "not a regular file"),
    ("folder", "is a folder"),
    ("empty", "is empty"),
    ("comments only", "no [parameters] table"),
    ("binary", "not UTF-8 text"),
])
def test_a_scenario_that_is_not_a_scenario_file_exits_2(tmp_path, kind, fragment):
    f = tmp_path / "s.toml"
    if kind == "device":
        f = Path("/dev/zero")                    # was read forever
    elif kind == "folder":
        f.mkdir()
    elif kind == "empty":
        f.write_text("")
    elif kind == "comments only":
        f.write_text("# a scenario, one day\n")   # ran the defaults, silently
    else:
        f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    code, _, stderr = cli_main("run", f, "--steps", "2")
    assert code == 2 and fragment in stderr, stderr


def test_a_scenario_with_a_byte_order_mark_loads(tmp_path):
    """Issue 17 item 10: Windows editors write one; it was 'Invalid statement (line 1)'."""
    from model import load_scenario

    f = tmp_path / "bom.toml"
    f.write_bytes(b"\xef\xbb\xbf" + b'title = "T"\n[parameters]\nn_artists = 123\n')
    assert load_scenario(f).n_artists == 123


@pytest.mark.parametrize("args, fragment", [
    (["validate", "--fast", "--json", "{file}/x.json"], "its folder"),
    (["validate", "--fast", "--json", "{dir}"], "is a folder; expected a file name"),
    (["validate", "--replicates", "0", "--fast"], "--replicates 0"),
    (["bench", "--quick", "--json", "{file}/x.json"], "its folder"),
    (["sensitivity", str(ROOT / "scenarios" / "sensitivity.toml"), "--out", "{file}"],
     "is a file; expected a folder"),
    (["sensitivity", "/dev/zero"], "not a regular file"),
    (["report", "{file}"], "is not a folder"),
])
def test_every_command_checks_its_output_before_any_work(tmp_path, args, fragment):
    """Issue 17 item 9: a traceback after the work (validate --json at a folder, bench
    --json under a file), or none of the work kept."""
    blocker = tmp_path / "taken"
    blocker.write_text("a file")
    args = [a.format(file=blocker, dir=tmp_path) for a in args]
    code, stdout, stderr = cli_main(*args)
    assert code == 2 and fragment in stderr, stderr
    assert "validating:" not in stdout and "Traceback" not in stderr
