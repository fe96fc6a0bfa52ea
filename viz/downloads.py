"""The page's exports: the time series as CSV and each chart as HTML.

Each file is named after what ran and the month it holds ("status-quo-modified-union-
strength-0.8-seed-1-500-artists-month-37.csv"; while the run plays the panel asks for a
pause, so a file never holds another month than its name says) and begins with the lines of `model.exports`: a title saying what ran
(presets and changes, seed, artists, month) and each run's whole scenario as JSON, so
`python -m model run FILE` runs it again. Every chart's title names the runs and the
month, so a PNG saved from the page's camera icon says what it shows too.
"""

from __future__ import annotations

import pandas as pd
import solara

from model.exports import csv_header, html_header
from model.palette import CHART_CONFIG
from viz import words
from viz.comparison import ComparisonModel
from viz.dashboard import CHART_NAMES, build_figures, frames_of


def export_title(model: ComparisonModel) -> str:
    return "Art labour market model: " + model.caption()


def export_stem(model: ComparisonModel, month: int) -> str:
    """A file name (without suffix) saying what ran: runs, seed, artists and month."""
    s = model.a.params
    runs = "-vs-".join(model.titles.values())
    return words.file_stem(f"{runs} seed {s.seed} {s.n_artists} artists month {month}")


def series_csv(model: ComparisonModel) -> str:
    """The runs' time series as one CSV table (a column says which run, A or B), after
    comment lines saying what ran and holding each run's scenario."""
    with model.lock:
        frames = frames_of(model)
        titles, scenarios = dict(model.titles), model.scenarios()
        title = export_title(model)
    parts = []
    for run, df in frames.items():
        df = df.reset_index()
        df.insert(0, "scenario", titles[run])
        df.insert(0, "run", run)
        parts.append(df)
    return csv_header(title, scenarios) + pd.concat(parts, ignore_index=True).to_csv(index=False)


def chart_html(model: ComparisonModel, index: int) -> str:
    """One chart as a self-contained HTML page (plotly.js embedded: it opens offline),
    titled with what ran and the month, with each run's scenario in a comment."""
    with model.lock:
        fig = build_figures(model)[index]
        title, scenarios = export_title(model), model.scenarios()
    fig.layout.title.text = f"{fig.layout.title.text}<br><sup>{model.caption()}</sup>"
    fig.layout.margin.t = 70
    page = fig.to_html(include_plotlyjs=True, full_html=True, config=CHART_CONFIG)
    return html_header(title, scenarios) + page


@solara.component
def ExportPanel(model: ComparisonModel, files: solara.Reactive) -> None:
    """Downloads of the current run: the time series and each chart, named after the
    month they hold (`files` says which, and whether the run is playing)."""
    month, playing = files.value
    with solara.Card("Export"):
        if playing or month != model.month:
            solara.Text("Pause (❚❚) to export: each file is named after the month it holds.",
                        style={"font-size": "0.85em", "color": "#555"})
            return
        stem = export_stem(model, month)
        solara.FileDownload(lambda: series_csv(model), filename=f"{stem}.csv",
                            label="Time series (CSV)", mime_type="text/csv")
        for k, name in enumerate(CHART_NAMES):
            solara.FileDownload(lambda k=k: chart_html(model, k),
                                filename=f"{stem}-{name}.html",
                                label=f"Chart: {name.replace('-', ' ')} (HTML)",
                                mime_type="text/html")
        solara.Text("Each file says what ran and holds every setting: python -m model run "
                    "FILE runs it again. PNG: the camera icon above each chart.",
                    style={"font-size": "0.78em", "color": "#555"})
