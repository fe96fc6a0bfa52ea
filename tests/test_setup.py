"""tools/setup_venv.sh: the supported Pythons, and how `make` picks and rebuilds .venv."""

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "setup_venv.sh"


def supported_in_script() -> list[str]:
    return re.search(r'^SUPPORTED="([^"]+)"', SCRIPT.read_text(), re.M).group(1).split()


def test_the_script_and_pyproject_name_the_same_pythons():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    classifiers = sorted(c.rsplit(" ", 1)[1] for c in project["classifiers"]
                         if c.startswith("Programming Language :: Python :: 3."))
    script = supported_in_script()
    assert sorted(script) == classifiers
    assert script == sorted(script, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    minors = sorted(int(v.split(".")[1]) for v in classifiers)
    assert minors == list(range(minors[0], minors[-1] + 1))
    assert project["requires-python"] == f">=3.{minors[0]},<3.{minors[-1] + 1}"


def fake_python(path: Path, version: str, prefix: str, has_venv: bool = True) -> Path:
    """A stand-in interpreter that answers the script's questions as Python `version`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""#!/usr/bin/env bash
case "$*" in
  *base_prefix*) echo "{version} {prefix}" ;;
  *sys.version.split*) echo "Python {version}.0 ({path})" ;;
  *ensurepip*) exit {0 if has_venv else 1} ;;
  *) exit 3 ;;
esac
""")
    path.chmod(0o755)
    return path


def setup(venv: Path, python: Path | str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), str(venv), str(python)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("version", ["3.10", "3.14"])
def test_an_unsupported_python_is_refused_with_exit_2(tmp_path, version):
    r = setup(tmp_path / "venv", fake_python(tmp_path / "python", version, "/x"))
    assert r.returncode == 2
    assert f"is Python {version}: supported are {' '.join(supported_in_script())}" in r.stderr
    assert not (tmp_path / "venv").exists()


def test_a_python_that_does_not_run_is_named(tmp_path):
    r = setup(tmp_path / "venv", tmp_path / "no-such-python")
    assert r.returncode == 2 and "does not run" in r.stderr


def test_a_venv_of_another_python_is_rebuilt_or_the_reason_given(tmp_path):
    venv = tmp_path / "venv"
    fake_python(venv / "bin" / "python", "3.12", "/prefix/3.12")
    other = fake_python(tmp_path / "python3.11", "3.11", "/prefix/3.11", has_venv=False)
    r = setup(venv, other)
    assert r.returncode == 2
    assert "holds Python 3.12 (/prefix/3.12)" in r.stderr
    assert "has no venv/ensurepip module" in r.stderr
    assert (venv / "bin" / "python").exists()      # not removed before it can be rebuilt


def test_the_list_names_one_interpreter_per_supported_version():
    r = subprocess.run(["bash", str(SCRIPT), "--list"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    rows = [line.split(" ", 1) for line in r.stdout.splitlines()]
    versions = [v for v, _ in rows]
    assert versions and len(set(versions)) == len(versions)
    assert set(versions) <= set(supported_in_script())
    for version, path in rows:
        out = subprocess.run([path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=60).stdout.strip()
        assert out == version


def found() -> list[tuple[str, str]]:
    r = subprocess.run(["bash", str(SCRIPT), "--list"], capture_output=True, text=True,
                       timeout=60)
    return [tuple(line.split(" ", 1)) for line in r.stdout.splitlines()]


def dry_run(venv: Path, python: Path | str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), str(venv), str(python)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "SETUP_VENV_DRY_RUN": "1"})


def test_without_python_given_the_newest_supported_one_found_is_chosen(tmp_path):
    newest_version, newest = found()[0]
    r = dry_run(tmp_path / "venv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"would create {tmp_path / 'venv'} with Python {newest_version}.")
    assert r.stdout.rstrip().endswith(f"({newest})")


def test_python_given_by_name_or_path_rebuilds_a_venv_of_another_python(tmp_path):
    venv = tmp_path / "venv"
    fake_python(venv / "bin" / "python", "3.11", "/somewhere/else")
    for version, path in found():
        for given in (path, f"python{version}"):
            r = dry_run(venv, given)
            assert r.returncode == 0, r.stderr
            assert r.stdout.startswith(f"would rebuild: {venv} holds Python 3.11 "
                                       f"(/somewhere/else); with Python {version}.")
    # .venv's own Python is kept when none is given.
    assert dry_run(venv).stdout.startswith(f"would use {venv}: Python 3.11.0")
