"""Record the fixed-seed measures that `tests/test_speed_invariance.py` compares against.

The file holds, for every preset, the full monthly measures of a short fixed-seed run,
written with 17 significant digits so that floats round-trip exactly, and
`platform.json` says where it was recorded: the numbers are bit for bit the same on a
platform with the same numerical identity (`numeric_identity`), and within a stated
tolerance elsewhere (numpy's exp, log, power and sums take other SIMD paths on a CPU
without AVX-512, which moves the last bits). Performance work must leave the file
unchanged; a change to the model itself (a new mechanism, a recalibration) records it
again on purpose:

    python tests/golden/record.py

and says so in the commit message.
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FILE = HERE / "measures.csv.gz"
PLATFORM = HERE / "platform.json"
N_ARTISTS, MONTHS, SEED = 400, 60, 11


def presets() -> list[Path]:
    from model.scenario import is_preset

    return sorted(p for p in (ROOT / "scenarios").glob("*.toml") if is_preset(p))


def run_all() -> pd.DataFrame:
    from model import ArtMarketModel, load_scenario

    frames = []
    for path in presets():
        scenario = load_scenario(path, n_artists=N_ARTISTS, steps=MONTHS, seed=SEED)
        df = ArtMarketModel(scenario).run().dataframe().reset_index()
        df.insert(0, "preset", path.stem)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def platform_info() -> dict:
    """What decides the last bits of the numbers, and what helps explain a difference."""
    import llvmlite.binding
    import numba

    simd = np.show_config(mode="dicts")["SIMD Extensions"]
    features = numba.config.CPU_FEATURES
    if features is None:
        features = llvmlite.binding.get_host_cpu_features().flatten()
    return {
        "machine": platform.machine(),
        "cpu": _cpu_model(),
        "numpy": np.__version__,
        "numpy_simd_found": list(simd.get("found", [])),
        "numba": numba.__version__,
        "numba_target_cpu": numba.config.CPU_NAME or llvmlite.binding.get_host_cpu_name(),
        # The features LLVM may use (the target CPU's own when empty), sorted.
        "numba_target_features": ",".join(sorted(f for f in features.split(",")
                                                 if f.startswith("+"))),
        "libc": " ".join(platform.libc_ver()),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def numeric_identity(info: dict) -> dict:
    """The parts of `platform_info` on which bit-for-bit equality depends (the Python
    version, the operating system and the CPU's marketing name do not enter)."""
    keys = ("machine", "numpy", "numpy_simd_found", "numba", "numba_target_cpu",
            "numba_target_features", "libc")
    return {k: info.get(k) for k in keys}


def main() -> None:
    df = run_all()
    df.to_csv(FILE, index=False, float_format="%.17g")
    info = platform_info()
    PLATFORM.write_text(json.dumps(info, indent=2) + "\n")
    print(f"wrote {FILE.relative_to(ROOT)}: {len(df)} rows, {df.shape[1]} columns; "
          f"recorded on {info}", file=sys.stdout)


if __name__ == "__main__":
    main()
