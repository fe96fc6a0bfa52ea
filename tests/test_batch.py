"""Batch runs: same numbers on any engine and worker count, resume, isolated failures."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from model.batch import FAULT_ENV, execute, load_spec, read_results, replicate_seeds

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def write_spec(tmp_path: Path, replicates=3, steps=12, n_artists=200, extra="") -> Path:
    spec = tmp_path / "spec.toml"
    spec.write_text(f"""
title = "test batch"
master_seed = 7
replicates = {replicates}
steps = {steps}
reference = "sq"
measures = ["artisans", "exited", "proletarianization_index", "money_residual"]
{extra}
[[scenario]]
name = "sq"
preset = "{SCENARIOS / 'status_quo.toml'}"
overrides = {{ n_artists = {n_artists}, ai_start = 3 }}

[[scenario]]
name = "union"
preset = "{SCENARIOS / 'strong_union.toml'}"
overrides = {{ n_artists = {n_artists}, ai_start = 3 }}
""")
    return spec


def batch_cli(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "model", "batch", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, **kw)


def test_seeds_are_shared_across_scenarios_and_differ_across_replicates(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    tasks = spec.tasks()
    by = {(t.scenario_name, t.replicate): t.seed for t in tasks}
    assert by[("sq", 0)] == by[("union", 0)]
    assert len({by[("sq", r)] for r in range(3)}) == 3
    assert replicate_seeds(7, 3) == [by[("sq", r)] for r in range(3)]


def test_one_worker_two_workers_and_dask_give_identical_results(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    tasks = spec.tasks()
    outcomes = {}
    for label, kw in {"serial": dict(workers=1), "two": dict(workers=2),
                      "dask": dict(workers=2, engine="dask")}.items():
        out = tmp_path / label
        counts = execute(tasks, out, **kw)
        assert counts == {"done": 6, "failed": 0, "skipped": 0}
        outcomes[label] = read_results(out)
    assert len(outcomes["serial"]) == 6 * 12
    pd.testing.assert_frame_equal(outcomes["serial"], outcomes["two"])
    pd.testing.assert_frame_equal(outcomes["serial"], outcomes["dask"])
    df = outcomes["serial"]
    assert set(df.columns) >= {"scenario", "replicate", "seed", "month", "artisans"}
    assert (df["money_residual"].abs() < 1e-6).all()


def test_results_read_as_one_table_with_pandas_pyarrow_polars_and_duckdb(tmp_path):
    """The README's one-liners: every reader that is installed gets the same table, with
    one scenario column (no folder named like a Hive partition adds a second one)."""
    spec = load_spec(write_spec(tmp_path, replicates=2, steps=4, n_artists=120))
    out = tmp_path / "out"
    execute(spec.tasks(), out)
    want = read_results(out)
    keys = ["scenario", "replicate", "month"]

    def same(df: pd.DataFrame) -> None:
        df = pd.DataFrame({c: df[c].to_numpy() for c in want.columns})
        df["scenario"] = df["scenario"].astype(str)
        df = df.sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(df, want, check_dtype=False, check_column_type=False)

    assert len(want) == 2 * 2 * 4 and set(want["scenario"]) == {"sq", "union"}
    import duckdb            # test dependencies (pyproject.toml), so never skipped
    import polars as pl
    import pyarrow.dataset as pads

    # A crash mid-write leaves a temporary file behind; every reader must skip it.
    (out / "runs" / "sq" / ".replicate_9.parquet.tmp").write_bytes(b"half a file")
    readers = {
        "pandas": lambda: pd.read_parquet(out / "runs"),
        "pyarrow": lambda: pads.dataset(out / "runs", format="parquet").to_table().to_pandas(),
        "polars": lambda: pl.read_parquet(f"{out}/runs/*/*.parquet").to_pandas(),
        "duckdb": lambda: duckdb.sql(f"SELECT * FROM '{out}/runs/*/*.parquet'").df(),
    }
    for name, read in readers.items():
        df = read()
        assert list(df.columns).count("scenario") == 1, name
        same(df)


def test_a_spec_without_measures_keeps_every_measure(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(f"""
replicates = 1
steps = 2
[[scenario]]
name = "sq"
preset = "{SCENARIOS / 'status_quo.toml'}"
overrides = {{ n_artists = 100 }}
""")
    from model.measures import MEASURES

    out = tmp_path / "out"
    assert execute(load_spec(spec).tasks(), out) == {"done": 1, "failed": 0, "skipped": 0}
    df = read_results(out)
    assert set(MEASURES) <= set(df.columns) and list(df.columns).count("month") == 1
    assert list(df["month"]) == [1, 2]


def test_runs_in_the_earlier_layout_are_adopted(tmp_path):
    """A batch folder written as runs/scenario=NAME/replicate=R.parquet resumes: its runs
    move to today's paths and are not run again."""
    spec = load_spec(write_spec(tmp_path, replicates=1, steps=3, n_artists=100))
    out = tmp_path / "out"
    execute(spec.tasks(), out)
    want = read_results(out)
    for f in sorted((out / "runs").glob("*/replicate_*.parquet")):
        old = out / "runs" / f"scenario={f.parent.name}" / f"replicate={f.stem.split('_')[1]}.parquet"
        old.parent.mkdir()
        f.rename(old)
        f.parent.rmdir()
    assert execute(spec.tasks(), out) == {"done": 0, "failed": 0, "skipped": 2}
    assert not list((out / "runs").glob("scenario=*"))
    pd.testing.assert_frame_equal(read_results(out), want)


def test_running_again_skips_finished_runs(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    out = tmp_path / "out"
    assert execute(spec.tasks(), out, workers=2)["done"] == 6
    again = execute(spec.tasks(), out, workers=2)
    assert again == {"done": 0, "failed": 0, "skipped": 6}


def test_resume_after_sigkill_gives_the_same_dataset(tmp_path):
    spec = write_spec(tmp_path, replicates=12, steps=60, n_artists=800)
    whole = tmp_path / "whole"
    assert batch_cli(spec, "--workers", "2", "--out", whole).returncode == 0
    cut = tmp_path / "cut"
    proc = subprocess.Popen([sys.executable, "-m", "model", "batch", str(spec), "--workers", "2",
                             "--out", str(cut)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while len(list(cut.glob("runs/*/*.parquet"))) < 3:
        assert proc.poll() is None and time.time() < deadline, "batch ended too soon"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)   # the batch and its workers, mid-run
    proc.wait()
    finished = len(list(cut.glob("runs/*/*.parquet")))
    assert 3 <= finished < 24
    r = batch_cli(spec, "--workers", "2", "--out", cut)
    assert r.returncode == 0, r.stderr
    assert f"{finished} already done" in r.stdout
    pd.testing.assert_frame_equal(read_results(cut), read_results(whole))


def test_a_failing_run_is_recorded_and_the_others_finish(tmp_path):
    spec = write_spec(tmp_path)
    out = tmp_path / "out"
    r = batch_cli(spec, "--workers", "2", "--out", out, "--progress",
                  env={FAULT_ENV: "union/1"})
    assert r.returncode == 1
    assert "1 failed" in r.stdout and "Traceback" not in r.stderr
    # The progress bar counts runs, shows failures and the time left.
    assert "6/6" in r.stderr and "failed=1" in r.stderr and "<" in r.stderr
    failure = out / "failures" / "union__1.json"
    assert "injected fault" in failure.read_text()
    assert len(read_results(out).groupby(["scenario", "replicate"])) == 5
    # Running again without the fault completes the batch and clears the record.
    r = batch_cli(spec, "--workers", "2", "--out", out)
    assert r.returncode == 0 and "5 already done" in r.stdout
    assert not failure.exists()


@pytest.mark.parametrize("extra, args, fragment", [
    ("colour = 'red'", [], "unknown key 'colour'"),
    ("", ["--replicates", "0"], "replicates = 0"),
    ("", ["--workers", "0"], "--workers 0"),
    ("", ["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    ("", ["--engine", "spark"], "invalid choice: 'spark'"),
])
def test_bad_specs_and_options_exit_2(tmp_path, extra, args, fragment):
    spec = write_spec(tmp_path, extra=extra)
    r = batch_cli(spec, *args, "--out", tmp_path / "out")
    assert r.returncode == 2
    assert fragment in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("body, fragment", [
    ('measures = ["nope"]\n[[scenario]]\npreset = "X"', "unknown measure 'nope'"),
    ('[[scenario]]\npreset = "missing.toml"', "scenario file not found"),
    ('[[scenario]]\npreset = "P"\noverrides = { union_strength = 3 }', "union_strength = 3"),
    ('reference = "b"\n[[scenario]]\npreset = "P"', "reference = 'b'"),
    ('title = "no scenarios"', "no scenarios"),
])
def test_spec_errors_name_the_key(tmp_path, body, fragment):
    spec = tmp_path / "bad.toml"
    spec.write_text(body.replace('"P"', f'"{SCENARIOS / "status_quo.toml"}"')
                    .replace('"X"', f'"{SCENARIOS / "status_quo.toml"}"'))
    r = batch_cli(spec, "--out", tmp_path / "out")
    assert r.returncode == 2
    assert fragment in r.stderr and "Traceback" not in r.stderr


def test_grid_expands_every_combination(tmp_path):
    spec = tmp_path / "grid.toml"
    spec.write_text(f"""
replicates = 1
steps = 3
[grid]
base = "{SCENARIOS / 'status_quo.toml'}"
union_strength = [0.0, 0.5]
n_buyers = [1, 2, 4]
""")
    s = load_spec(spec)
    assert len(s.scenarios) == 6
    assert {sc.n_buyers for sc in s.scenarios.values()} == {1, 2, 4}
    assert "union_strength_0p5__n_buyers_4" in s.scenarios


def test_shipped_policy_comparison_spec_loads():
    s = load_spec(SCENARIOS / "policy_comparison.toml")
    assert s.reference == "status_quo" and len(s.scenarios) >= 6


# --- the report ---------------------------------------------------------------------------
def external_resources(page: str) -> list[str]:
    """src/href attributes of the document's tags (script bodies are not parsed as tags)."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(v for k, v in attrs if k in ("src", "href") and v)

    Parser().feed(page)
    return found

def test_batch_writes_a_self_contained_report_and_table(tmp_path):
    import numpy as np

    from model.report import end_of_run_table

    spec = write_spec(tmp_path, replicates=4)
    out = tmp_path / "out"
    r = batch_cli(spec, "--workers", "2", "--out", out)
    assert r.returncode == 0, r.stderr
    html = (out / "report.html").read_text()
    assert external_resources(html) == []            # self-contained: nothing fetched
    assert '"showSendToCloud": false' in html and '"showSendToCloud": true' not in html
    for name in ("artisans", "exited", "proletarianization_index", "sq", "union"):
        assert name in html
    assert "Class flows" in html
    table = pd.read_csv(out / "end_of_run.csv")
    assert set(table["scenario"]) == {"sq", "union"}
    ref = table[table["scenario"] == "sq"]
    assert (ref["difference"] == 0).all()
    # The difference is the mean of the paired end-of-run differences, inside its interval.
    df = read_results(out)
    last = df[df["month"] == 12].set_index(["scenario", "replicate"])["exited"]
    paired = (last["union"] - last["sq"]).mean()
    row = table[(table["scenario"] == "union") & (table["measure"] == "exited")].iloc[0]
    assert row["difference"] == pytest.approx(paired)
    assert row["ci_low"] <= paired <= row["ci_high"]
    # The same seed gives the same table.
    again = end_of_run_table(df, "sq", seed=0).set_index(["scenario", "measure"])
    saved = table.set_index(["scenario", "measure"]).loc[again.index]
    assert np.allclose(again["ci_low"], saved["ci_low"], equal_nan=True)


def test_report_on_an_empty_folder_exits_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "model", "report", str(tmp_path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "no finished runs" in r.stderr


# --- sensitivity --------------------------------------------------------------------------
def test_sensitivity_finds_what_moves_the_markdown(tmp_path):
    spec = tmp_path / "sens.toml"
    spec.write_text(f"""
base = "{SCENARIOS / 'baseline_no_ai.toml'}"
overrides = {{ n_artists = 200, buyer_volume = 20.0 }}
method = "morris"
samples = 3
steps = 12
measure = "buyer_markdown"
[parameters]
n_buyers = [1, 8]
union_strength = [0.0, 1.0]
""")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "model", "sensitivity", str(spec), "--workers",
                        "2", "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(out / "sensitivity.csv").set_index("parameter")
    # Without AI the markdown is e/(e + HHI): buyers move it, the union cannot.
    assert table.loc["n_buyers", "mu_star"] > 0.05
    assert table.loc["union_strength", "mu_star"] == pytest.approx(0.0, abs=1e-12)
    assert "Sensitivity of buyer_markdown" in (out / "sensitivity.html").read_text()
    assert len(read_results(out).groupby("scenario")) == 3 * (2 + 1)


@pytest.mark.parametrize("body, fragment", [
    ('base = "S"\n[parameters]\nunion_strength = [0, 1]', "at least two parameters"),
    ('base = "S"\nmethod = "fast"\n[parameters]\na = [0, 1]', "method = 'fast'"),
    ('base = "S"\n[parameters]\nunion_strength = [0, 2]\nn_buyers = [1, 2]', "union_strength = 2"),
    ('base = "S"\n[parameters]\nip_regime = [0, 1]\nn_buyers = [1, 2]', "parameters.ip_regime"),
    ('base = "S"\nmeasure = "happiness"\n[parameters]\na = [0, 1]', "measure = 'happiness'"),
])
def test_sensitivity_spec_errors_exit_2(tmp_path, body, fragment):
    spec = tmp_path / "bad.toml"
    spec.write_text(body.replace('"S"', f'"{SCENARIOS / "status_quo.toml"}"'))
    r = subprocess.run([sys.executable, "-m", "model", "sensitivity", str(spec), "--out",
                        str(tmp_path / "o")], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and fragment in r.stderr and "Traceback" not in r.stderr


def test_ctrl_c_stops_cleanly_and_keeps_finished_runs(tmp_path):
    spec = write_spec(tmp_path, replicates=12, steps=60, n_artists=800)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "model", "batch", str(spec), "--workers", "2",
                             "--out", str(out)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while len(list(out.glob("runs/*/*.parquet"))) < 2:
        assert proc.poll() is None and time.time() < deadline, "batch ended too soon"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)        # Ctrl-C reaches the batch and its workers
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "run the same command to resume" in stderr and "Traceback" not in stderr
    kept = len(list(out.glob("runs/*/*.parquet")))
    assert 2 <= kept < 24
    r = batch_cli(spec, "--workers", "2", "--out", out)
    assert r.returncode == 0 and f"{kept} already done" in r.stdout
