"""A calibration's result as text (the command's report) and as Markdown (the generated
part of docs/calibration.md, from docs/calibration.json)."""

from __future__ import annotations

import math


def _g(x: float, digits: int = 4) -> str:
    return "inf" if not math.isfinite(x) else f"{x:.{digits}g}"


def format_text(result: dict) -> str:
    """Estimates, the fit of each moment, and the identification table."""
    out = [f"{result['title']}: objective {result['objective']:.3f} after "
           f"{result['iterations']} iterations ({result['runs']} runs, "
           f"{result['reused']} reused; {result['message']})", "",
           f"{'parameter':24} {'default':>10} {'estimate':>10} {'se':>10}  95% interval"]
    for p in result["parameters"]:
        flag = "  (at a bound)" if p["at_bound"] else ""
        out.append(f"{p['name']:24} {_g(p['default']):>10} {_g(p['estimate']):>10} "
                   f"{_g(p['se'], 3):>10}  [{_g(p['ci95'][0])}, {_g(p['ci95'][1])}]{flag}")
    if not result["identified"]:
        out.append("the Jacobian is singular: some parameters are not identified by these "
                   "moments (standard errors infinite)")
    out += ["", f"{'moment':20} {'target':>8} {'sd':>7} {'simulated':>10} {'(se)':>7} "
            f"{'residual':>9}"]
    for m in result["moments"]:
        out.append(f"{m['id']:20} {m['target']:8.3f} {m['sd']:7.3f} {m['simulated']:10.3f} "
                   f"{m['simulated_se']:7.3f} {m['residual']:9.2f}")
    names = [p["name"] for p in result["parameters"]]
    out += ["", "identification: change of each moment when a parameter moves by 10% of its "
            "range", " " * 20 + "".join(f"{n[:11]:>12}" for n in names)]
    for m, row in zip(result["moments"], result["identification"]):
        out.append(f"{m['id']:20}" + "".join(f"{v:12.3g}" for v in row))
    return "\n".join(out)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(result: dict) -> str:
    """Three tables: the estimates, the fit of each target moment, identification."""
    runs = (f"{len(result['seeds'])} seeds x {result['n_artists']:,} artists x "
            f"{result['months']} months at rest")
    out = [f"`{result.get('command', 'python -m model calibrate')}`, {result['date']}: "
           f"objective {result['objective']:.2f} (sum of squared residuals) after "
           f"{result['iterations']} iterations, {result['runs'] + result['reused']:,} runs "
           f"({runs}); {result.get('elapsed_s', math.nan) / 60:.1f} minutes on 2 workers. "
           f"Optimiser: {result['message']}", "",
           "**Estimates** (95% interval from the sandwich standard error, clipped to the "
           "searched region)", "",
           "| parameter | default before | searched | estimate | standard error | 95% interval |",
           "|---|---|---|---|---|---|"]
    for p in result["parameters"]:
        flag = " (at a bound)" if p["at_bound"] else ""
        out.append(f"| `{p['name']}` | {_g(p['default'])} | {_g(p['low'])}-{_g(p['high'])} | "
                   f"{_g(p['estimate'])}{flag} | {_g(p['se'], 3)} | "
                   f"{_g(p['ci95'][0])}-{_g(p['ci95'][1])} |")
    if not result["identified"]:
        out += ["", "The Jacobian at the estimate is singular: some parameters are not "
                "identified by these moments (their standard errors are infinite)."]
    out += ["", "**Fit of each target moment** (residual = (simulated - target) / sd)", "",
            "| moment | target | sd | simulated (se over seeds) | residual | source |",
            "|---|---|---|---|---|---|"]
    for m in result["moments"]:
        out.append(f"| {_cell(m['name'])} (`{m['id']}`) | {m['target']:.3g} | {m['sd']:.3g} | "
                   f"{m['simulated']:.3f} ({m['simulated_se']:.3f}) | {m['residual']:+.2f} | "
                   f"{_cell(m['source'])} |")
    names = [p["name"] for p in result["parameters"]]
    out += ["", "**Local identification**: change of each moment (its own units) when a "
            "parameter rises by 10% of its searched range, at the estimate", "",
            "| moment | " + " | ".join(f"`{n}`" for n in names) + " |",
            "|---|" + "---|" * len(names)]
    for m, row in zip(result["moments"], result["identification"]):
        out.append(f"| `{m['id']}` | " + " | ".join(f"{v:+.3g}" for v in row) + " |")
    return "\n".join(out)
