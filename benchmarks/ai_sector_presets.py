"""The AI sector's presets against the status quo, paired by seed: what a data strike (with
and without a demand), poisoning, an open model and an artist-owned vendor do to AI's
quality and share, the vendors' profit and what artists earn from their data.

    python benchmarks/ai_sector_presets.py --seeds 8 --artists 2000

For months 49-60 and 109-120 it prints, for each preset, its level and its difference
from status_quo (mean, and standard deviation across seeds) of: AI quality, AI share,
vendors' profit a month, the vendors' count and markup, and artists' data income a month
(licence fees, settled strikers' fees and the cooperative's dividends; each also
alone); then how each strike ended (settled, failed, on) by seed. Seeds are 1..N; the
same seed runs every preset. Runs go to a process pool (`--workers`).
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from model import ArtMarketModel, load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
PRESETS = ("data_strike", "data_strike_demand", "poisoning", "open_model",
           "artist_owned_vendor")
COLUMNS = ("ai_quality", "ai_share", "vendor_profit", "vendor_count", "vendor_markup",
           "data_income", "licence_income", "settlement_income", "coop_dividends",
           "strike_active", "strike_settled")
WINDOWS = ((49, 60), (109, 120))


def one(preset: str, seed: int, artists: int):
    d = ArtMarketModel(load_scenario(SCENARIOS / f"{preset}.toml", n_artists=artists,
                                     seed=seed)).run(120).dataframe()
    d["data_income"] = d["licence_income"] + d["settlement_income"] + d["coop_dividends"]
    return preset, seed, d[list(COLUMNS)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--artists", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.seeds < 2 or args.artists < 50 or args.workers < 1:
        parser.error("--seeds must be at least 2, --artists at least 50, --workers at least 1")
    seeds = range(1, args.seeds + 1)
    jobs = [(p, s, args.artists) for p in ("status_quo", *PRESETS) for s in seeds]
    with ProcessPoolExecutor(args.workers) as pool:
        done = {(p, s): d for p, s, d in pool.map(one, *zip(*jobs))}
    print(f"{args.seeds} seeds x {args.artists} artists; level and preset minus status_quo, "
          "mean (sd across seeds)")
    for first, last in WINDOWS:
        print(f"months {first}-{last}")
        base = np.array([done["status_quo", s].loc[first:last].mean() for s in seeds])
        print("  status_quo: " + "  ".join(
            f"{c} {base[:, k].mean():.4g}" for k, c in enumerate(COLUMNS[:9])))
        for preset in PRESETS:
            level = np.array([done[preset, s].loc[first:last].mean() for s in seeds])
            diff = level - base
            print(f"  {preset}")
            for k, column in enumerate(COLUMNS[:9]):
                print(f"    {column:18s} {level[:, k].mean():12.4f}   "
                      f"{diff[:, k].mean():+12.4f} ({diff[:, k].std(ddof=1):.4f})")
    print("how the strikes ended (month 120): settled / failed / still on, and the month "
          "of settlement by seed")
    for preset in ("data_strike", "data_strike_demand"):
        ends = []
        for s in seeds:
            d = done[preset, s]
            settled = d.index[d["strike_settled"] == 1]
            ends.append(f"{int(settled[0])}" if len(settled) else
                        ("on" if d["strike_active"].iloc[-1] else "failed"))
        print(f"  {preset}: " + ", ".join(ends))
    return 0


if __name__ == "__main__":
    sys.exit(main())
