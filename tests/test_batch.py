"""Batch runs: same numbers on any engine and worker count, resume, isolated failures."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from model.batch import FAULT_ENV, execute, load_spec, read_results, replicate_seeds
from tests.helpers import cli_in_process

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
    from model.phases.measures import MEASURES

    out = tmp_path / "out"
    assert execute(load_spec(spec).tasks(), out) == {"done": 1, "failed": 0, "skipped": 0}
    df = read_results(out)
    assert set(MEASURES) <= set(df.columns) and list(df.columns).count("month") == 1
    assert list(df["month"]) == [1, 2]


def batch_main(*args) -> tuple[int, str, str]:
    """The batch command in this process (for what fails before any run starts)."""
    return cli_in_process("batch", *args)


# --- issue 17 item 1: resume reuses only runs of the same manifest --------------------------
@pytest.mark.parametrize("change, args, said", [
    ("steps", ["--steps", "3"], "steps: 4 in the folder, 3 now"),
    ("replicates", ["--replicates", "1"], "replicates: 2 in the folder, 1 now"),
    ("overrides", [], "scenario union: union_strength"),
    ("measures", [], "measures: "),
    ("master_seed", [], "seeds (master_seed)"),
])
def test_resume_into_a_folder_of_another_batch_exits_2_unless_forced(tmp_path, change, args,
                                                                     said):
    spec = write_spec(tmp_path, replicates=2, steps=4, n_artists=100)
    out = tmp_path / "out"
    r = batch_cli(spec, "--workers", "1", "--out", out)
    assert r.returncode == 0, r.stderr
    text = spec.read_text()
    if change == "overrides":
        text = text.rstrip().rstrip("}") + ", union_strength = 0.1 }\n"   # the last one
    elif change == "measures":
        text = text.replace('"exited", ', "")
    elif change == "master_seed":
        text = text.replace("master_seed = 7", "master_seed = 8")
    spec.write_text(text)
    before = {f: f.stat().st_mtime_ns for f in out.glob("runs/*/*.parquet")}
    code, stdout, stderr = batch_main(spec, *args, "--out", out)
    assert code == 2, stderr
    assert "holds 4 finished runs of a different batch" in stderr and said in stderr, stderr
    assert "--force" in stderr
    assert {f: f.stat().st_mtime_ns for f in out.glob("runs/*/*.parquet")} == before
    # --force starts afresh, says so, and the report holds only the new runs.
    r = batch_cli(spec, *args, "--workers", "1", "--out", out, "--force")
    assert r.returncode == 0, r.stderr
    assert "--force: discarded 4 runs of a different batch" in r.stderr
    df = read_results(out)
    summary = json.loads((out / "batch.json").read_text())
    assert df["month"].max() == summary["steps"]
    assert df.groupby("scenario")["replicate"].nunique().max() == summary["replicates"]
    table = pd.read_csv(out / "end_of_run.csv")
    assert set(table["measure"]) <= set(summary["measures"])


def test_a_changed_model_code_is_a_different_batch(tmp_path):
    """Runs carry the package version and a digest of the model's code: a folder written
    by other code is not resumed from."""
    from model.batch import FolderError, MANIFEST

    spec = load_spec(write_spec(tmp_path, replicates=1, steps=2, n_artists=100))
    out = tmp_path / "out"
    execute(spec.tasks(), out)
    manifest = json.loads((out / MANIFEST).read_text())
    assert set(manifest) >= {"version", "code", "steps", "replicates", "measures", "seeds",
                             "scenarios", "runs"}
    manifest["code"] = "0" * 16
    (out / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(FolderError, match="model code"):
        execute(spec.tasks(), out)


def test_a_folder_without_a_manifest_is_not_resumed_from(tmp_path):
    """Runs written before manifests (or copied in by hand) are never taken as this
    batch's: the batch stops, and the report says how to rebuild the folder."""
    spec = write_spec(tmp_path, replicates=1, steps=2, n_artists=100)
    out = tmp_path / "out"
    assert batch_cli(spec, "--workers", "1", "--out", out).returncode == 0
    (out / "manifest.json").unlink()
    code, _, stderr = batch_main(spec, "--out", out)
    assert code == 2 and "no manifest of this version" in stderr
    r = subprocess.run([sys.executable, "-m", "model", "report", str(out)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "has no manifest.json" in r.stderr


def test_the_report_reads_only_the_runs_of_the_manifest(tmp_path):
    """A run file of another batch dropped into the folder is left out of the results."""
    spec = load_spec(write_spec(tmp_path, replicates=1, steps=3, n_artists=100))
    out, other = tmp_path / "out", tmp_path / "other"
    execute(spec.tasks(), out)
    longer = load_spec(write_spec(tmp_path, replicates=1, steps=5, n_artists=100))
    execute(longer.tasks(), other)
    want = read_results(out)
    foreign = other / "runs" / "sq" / "replicate_0.parquet"
    (out / "runs" / "sq" / "replicate_0.parquet").write_bytes(foreign.read_bytes())
    df = read_results(out)
    assert set(df["scenario"]) == {"union"} and df["month"].max() == 3
    assert "replicate_0.parquet (other)" in df.attrs["skipped"][0]
    # ... and the batch runs it again, restoring the folder.
    assert execute(spec.tasks(), out) == {"done": 1, "failed": 0, "skipped": 1}
    pd.testing.assert_frame_equal(read_results(out), want)


# --- issue 17 item 4: a truncated run file is not a finished run -----------------------------
def test_a_truncated_run_file_is_run_again_and_the_report_survives_it(tmp_path):
    spec = write_spec(tmp_path, replicates=2, steps=3, n_artists=100)
    out = tmp_path / "out"
    assert batch_cli(spec, "--workers", "1", "--out", out).returncode == 0
    want = read_results(out)
    cut = out / "runs" / "union" / "replicate_1.parquet"
    cut.write_bytes(cut.read_bytes()[:200])
    r = subprocess.run([sys.executable, "-m", "model", "report", str(out)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "left out 1 run files" in r.stderr and "(unreadable)" in r.stderr
    r = batch_cli(spec, "--workers", "1", "--out", out)
    assert r.returncode == 0 and "1 runs finished, 0 failed, 3 already done" in r.stdout
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


@pytest.mark.parametrize("body, fragment", [
    # issue 17 item 3: nothing is dropped because two scenarios share a name
    ('[grid]\nbase = "P"\nunion_strength = [0.5, 0.50]', "union_strength lists 0.5 twice"),
    ('[grid]\nbase = "P"\nn_buyers = [2, 2.0]', "n_buyers lists 2 twice"),
    ('[[scenario]]\nname = "n_buyers_2"\npreset = "P"\n[grid]\nbase = "P"\nn_buyers = [1, 2]',
     "grid point 'n_buyers_2' has the name of a [[scenario]]"),
    # issue 17 item 9: malformed specs
    ('measures = 5\n[[scenario]]\npreset = "P"', "measures = 5 is not allowed"),
    ('measures = []\n[[scenario]]\npreset = "P"', "measures = [] is not allowed"),
    ('measures = ["exited", "artisans", "exited"]\n[[scenario]]\npreset = "P"',
     "'exited' listed twice"),
    ('scenario = 5', "scenario = 5 is not allowed"),
    ('title = 5\n[[scenario]]\npreset = "P"', "title = 5 is not allowed"),
    ('reference = 5\n[[scenario]]\npreset = "P"', "reference = 5 is not allowed"),
    ('[[scenario]]\npreset = "P"\noverrides = 5', "overrides must be a table"),
    # issue 17 item 10: unclear or silent before
    ('[[scenario]]\npreset = "P"\noverrides = { steps = 7 }', "steps cannot be set per scenario"),
    ('[[scenario]]\npreset = "P"\noverrides = { seed = 7 }', "seed cannot be set per scenario"),
    ('[grid]\nbase = "P"\nseed = [1, 2]', "seed cannot vary in a grid"),
    ('measures = ["artisan"]\n[[scenario]]\npreset = "P"', "did you mean 'artisans'"),
    ('replicate = 3\n[[scenario]]\npreset = "P"', "did you mean 'replicates'"),
    ('[grid]\nbase = "P"\nip_regime = ["opt_outt"]', "did you mean 'opt_out'"),
    ('[grid]\nbase = "P"\nunion_strenght = [0.1]', "did you mean 'union_strength'"),
])
def test_malformed_specs_exit_2_naming_the_key(tmp_path, body, fragment):
    spec = tmp_path / "bad.toml"
    spec.write_text(body.replace('"P"', f'"{SCENARIOS / "status_quo.toml"}"'))
    code, _, stderr = batch_main(spec, "--out", tmp_path / "out")
    assert code == 2 and fragment in stderr, stderr
    assert not (tmp_path / "out" / "runs").exists()


@pytest.mark.parametrize("kind", ["binary", "folder", "device", "empty", "latin-1"])
def test_a_spec_that_is_not_a_text_file_exits_2(tmp_path, kind):
    spec = tmp_path / "spec.toml"
    if kind == "binary":
        spec.write_bytes(bytes(range(256)) * 4)
    elif kind == "folder":
        spec.mkdir()
    elif kind == "device":
        spec = Path("/dev/zero")             # read forever, before
    elif kind == "empty":
        spec.write_text("")
    else:
        spec.write_bytes('title = "café"\n'.encode("latin-1"))
    code, _, stderr = batch_main(spec, "--out", tmp_path / "out")
    assert code == 2, stderr
    assert {"binary": "not UTF-8 text", "folder": "is a folder", "device": "not a regular file",
            "empty": "is empty", "latin-1": "not UTF-8 text"}[kind] in stderr


def test_a_spec_with_a_byte_order_mark_loads(tmp_path):
    spec = write_spec(tmp_path)
    spec.write_bytes(b"\xef\xbb\xbf" + spec.read_bytes())
    assert load_spec(spec).title == "test batch"


@pytest.mark.parametrize("where, fragment", [
    ("file", "is a file; expected a folder"),
    ("under a file", "cannot write there"),
])
def test_batch_out_that_cannot_be_a_folder_exits_2_before_any_run(tmp_path, where, fragment):
    spec = write_spec(tmp_path, replicates=1, steps=2, n_artists=100)
    blocker = tmp_path / "taken"
    blocker.write_text("a file")
    out = blocker if where == "file" else blocker / "sub"
    code, stdout, stderr = batch_main(spec, "--out", out)
    assert code == 2 and fragment in stderr, stderr
    assert "runs finished" not in stdout


def test_a_bad_scheduler_address_exits_2(tmp_path):
    spec = write_spec(tmp_path, replicates=1, steps=2, n_artists=100)
    code, _, stderr = batch_main(spec, "--engine", "dask", "--scheduler", "not a url",
                                 "--out", tmp_path / "out")
    assert code == 2 and "expected a Dask scheduler address" in stderr
    assert not (tmp_path / "out").exists()          # refused before the folder is touched


def test_an_unreachable_scheduler_exits_2_within_its_timeout(tmp_path):
    import socket

    from model.batch import SCHEDULER_TIMEOUT_S

    with socket.socket() as s:                      # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    spec = write_spec(tmp_path, replicates=1, steps=2, n_artists=100)
    started = time.time()
    r = batch_cli(spec, "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}",
                  "--out", tmp_path / "out")
    assert r.returncode == 2 and "no Dask scheduler answered" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert time.time() - started < SCHEDULER_TIMEOUT_S + 30


def test_a_full_disk_is_one_line_exit_1_and_leaves_no_partial_file(tmp_path, monkeypatch):
    """ENOSPC while a run is saved: exit 1 naming the file; no half-written file under a
    final name (the report neither); the runs saved before are kept."""
    import errno

    import pyarrow.parquet as pq

    spec = write_spec(tmp_path, replicates=2, steps=2, n_artists=100)
    out = tmp_path / "out"
    real = pq.write_table
    calls = []

    def full_disk(table, where, *a, **k):
        calls.append(where)
        if len(calls) > 1:
            Path(where).write_bytes(b"PAR1 half")        # what a full disk leaves
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, where, *a, **k)

    monkeypatch.setattr(pq, "write_table", full_disk)
    code, _, stderr = batch_main(spec, "--workers", "1", "--out", out)
    assert code == 1 and "No space left on device" in stderr and "Traceback" not in stderr
    files = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert len(list(out.glob("runs/*/replicate_*.parquet"))) == 1
    assert not any(name.endswith(".tmp") for name in files), files
    monkeypatch.setattr(pq, "write_table", real)
    # The report, too, is written whole or not at all.
    from model import files as model_files

    def no_space(path, text):
        raise model_files.OutputError(f"cannot write {path}: No space left on device")

    import model.report
    monkeypatch.setattr(model.report, "write_text_atomic", no_space)
    code, _, stderr = batch_main(spec, "--workers", "1", "--out", out)
    assert code == 1 and "report.html: No space left on device" in stderr
    assert not (out / "report.html").exists()
    assert len(list(out.glob("runs/*/replicate_*.parquet"))) == 4


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


def _ctrl_c_reaches_it():
    """In the child: Ctrl-C as a terminal delivers it, even when the tests were started
    from a shell's background job (which starts its children with SIGINT ignored, and
    Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_cleanly_and_keeps_finished_runs(tmp_path):
    spec = write_spec(tmp_path, replicates=12, steps=60, n_artists=800)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "model", "batch", str(spec), "--workers", "2",
                             "--out", str(out)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_ctrl_c_reaches_it)
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
