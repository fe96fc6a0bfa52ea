"""AI's arrival against the world without it: status_quo minus baseline_no_ai, paired by
seed, in the windows issue 19 asks about, and the AI share month by month.

    python benchmarks/ai_vs_baseline.py --seeds 8 --artists 2000

Prints, for months 25-36, 49-60 and 109-120, the mean difference (and its standard
deviation across seeds) of the median wage, the studios' own wage, commission volume,
the AI share, the exit share, wage artists, artisans and the proletarianization index,
beside the baseline's level; then the status quo's AI share and adoption shares at
chosen months. Seeds are 1..N; the same seed runs both presets.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from model import ArtMarketModel, load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
COLUMNS = ("median_wage", "studio_wage", "commission_volume", "ai_share", "exit_share",
           "wage_artists", "artisans", "proletarianization_index", "client_ai_adoption",
           "buyer_ai_adoption", "studio_ai_adoption")
WINDOWS = ((25, 36), (49, 60), (109, 120))
MONTHS = (24, 25, 30, 36, 48, 60, 84, 120)


def runs(preset: str, seeds: int, artists: int) -> list:
    return [ArtMarketModel(load_scenario(SCENARIOS / f"{preset}.toml", n_artists=artists,
                                         seed=seed)).run(120).dataframe()[list(COLUMNS)]
            for seed in range(1, seeds + 1)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--artists", type=int, default=2000)
    args = parser.parse_args(argv)
    if args.seeds < 2 or args.artists < 50:
        parser.error("--seeds must be at least 2 and --artists at least 50")
    ai, base = runs("status_quo", args.seeds, args.artists), runs(
        "baseline_no_ai", args.seeds, args.artists)
    print(f"status_quo minus baseline_no_ai, {args.seeds} seeds x {args.artists} artists: "
          "mean (sd across seeds), then the baseline's level")
    for first, last in WINDOWS:
        diff = np.array([a.loc[first:last].mean() - b.loc[first:last].mean()
                         for a, b in zip(ai, base)])
        level = np.array([b.loc[first:last].mean() for b in base]).mean(axis=0)
        print(f"months {first}-{last}")
        for k, column in enumerate(COLUMNS):
            print(f"  {column:26s} {diff[:, k].mean():+12.4f} ({diff[:, k].std(ddof=1):.4f})"
                  f"   baseline {level[k]:12.4f}")
    print("status_quo by month: AI share, clients', buyers' and studios' adoption, "
          "mean (sd)")
    for month in MONTHS:
        parts = []
        for column in ("ai_share", "client_ai_adoption", "buyer_ai_adoption",
                       "studio_ai_adoption"):
            values = np.array([a.loc[month, column] for a in ai])
            parts.append(f"{values.mean():.4f} ({values.std(ddof=1):.4f})")
        print(f"  month {month:3d}: " + "  ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
