"""Record the fixed-seed measures that `tests/test_speed_invariance.py` compares against.

The file holds, for every preset, the full monthly measures of a short fixed-seed run,
written with 17 significant digits so that floats round-trip exactly. Performance work
must leave it unchanged; a change to the model itself (a new mechanism, a recalibration)
records it again on purpose:

    python tests/golden/record.py

and says so in the commit message.
"""

from __future__ import annotations

import platform
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FILE = HERE / "measures.csv.gz"
N_ARTISTS, MONTHS, SEED = 400, 60, 11


def presets() -> list[Path]:
    from model.scenario import is_preset

    return sorted(p for p in (ROOT / "scenarios").glob("*.toml") if is_preset(p))


def run_all() -> pd.DataFrame:
    from model import ArtMarketModel, load_scenario

    frames = []
    for path in presets():
        scenario = load_scenario(path, n_artists=N_ARTISTS, steps=MONTHS, seed=SEED)
        df = ArtMarketModel(scenario).run().dataframe().reset_index(drop=True)
        df.insert(0, "preset", path.stem)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def platform_tag() -> str:
    """Numbers are exact on one platform; libm and SIMD paths may differ on another."""
    return f"{platform.machine()} numpy {np.__version__}"


def main() -> None:
    df = run_all()
    df.to_csv(FILE, index=False, float_format="%.17g")
    (HERE / "platform.txt").write_text(platform_tag() + "\n")
    print(f"wrote {FILE.relative_to(ROOT)}: {len(df)} rows, {df.shape[1]} columns "
          f"({platform_tag()})")


if __name__ == "__main__":
    main()
