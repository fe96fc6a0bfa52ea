"""A light plotly chart for the page: figure data in, `Plotly.react` in the browser.

Plotly's own `FigureWidget` is an anywidget that carries its whole front-end
(plotly.js with the widget code, 5 MB) in its `_esm` trait: every chart sent it
again over the websocket and the browser compiled it again, five times per page
(some 15 s of browser CPU to open the page). It also validates every update in
Python and sends the browser's computed axis ranges back to the server after
every redraw. A room of students opening and playing the page at once
(benchmarks/classroom_load.py) spent most of the machine on that.

`PlotView` sends only the figure: its traces each refresh, its layout when that
changes. plotly.js itself (the file plotly's Python package ships) is fetched
from the page server once per page, compiled once, and shared by the charts;
nothing comes back from the browser. A chart scrolled out of view waits, and is
drawn with its latest data when it comes back. Drawing goes through `Plotly.react`, which
keeps a reader's zoom and hidden legend entries across refreshes
(`layout.uirevision`). The camera icon in each chart's toolbar saves a PNG.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import plotly
import traitlets
from solara.server import settings as solara_settings

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# The page server hands plotly.js out as a static file, /static/assets/plotly.min.js,
# through Solara's documented setting for extra asset locations
# (SOLARA_ASSETS_EXTRA_LOCATIONS); the file is the one plotly's Python package ships,
# so the page works offline.
if str(PLOTLY_JS.parent) not in solara_settings.assets.extra_locations:
    solara_settings.assets.extra_locations.append(str(PLOTLY_JS.parent))

CONFIG = {"displaylogo": False, "responsive": False,
          "modeBarButtonsToRemove": ["select2d", "lasso2d"]}

_ESM = """
function plotly() {
  // plotly.js once per page, shared by every chart on it.
  if (!window.__artmarketPlotly) {
    const root = (window.solara && window.solara.rootPath) || "";
    window.__artmarketPlotly = fetch(root + "/static/assets/plotly.min.js?v=%(version)s")
      .then((r) => {
        if (!r.ok) throw new Error("plotly.js: HTTP " + r.status);
        return r.text();
      })
      .then((code) => {
        // plotly.min.js is a UMD bundle: given a CommonJS module it fills that in and
        // leaves the page's globals (and its require.js) alone.
        const module = { exports: {} };
        new Function("module", "exports", code)(module, module.exports);
        return module.exports;
      });
  }
  return window.__artmarketPlotly;
}

export default {
  render({ model, el }) {
    const gd = document.createElement("div");
    el.appendChild(gd);
    let alive = true;
    let queued = false;
    let drawing = Promise.resolve();
    // A chart out of view is not drawn: it is drawn, with its latest data, when it
    // comes into view (or near it). Before its first drawing it has no height, and
    // counts as in view wherever it sits, so every chart is drawn once at the start.
    let inView = true;
    let stale = false;
    const observer = new IntersectionObserver((entries) => {
      inView = entries[entries.length - 1].isIntersecting;
      if (inView && stale) draw();
    }, { rootMargin: "100px" });
    observer.observe(el);
    const draw = () => {
      if (!Object.keys(model.get("plot_layout") || {}).length) return;   // nothing sent yet
      if (!inView) {
        stale = true;
        return;
      }
      stale = false;
      // Traces and layout may change in one message: draw once for both.
      if (queued) return;
      queued = true;
      drawing = drawing.then(async () => {
        const Plotly = await plotly();
        queued = false;
        if (!alive) return;
        const layout = structuredClone(model.get("plot_layout") || {});
        await Plotly.react(gd, model.get("traces") || [], layout, model.get("config") || {});
      }).catch((err) => {
        queued = false;
        console.error("chart:", err);
      });
    };
    // A chart waiting for its run's first drawing is dimmed: a style, not a drawing.
    const dim = () => { gd.style.opacity = model.get("pending") ? "0.35" : ""; };
    model.on("change:traces", draw);
    model.on("change:plot_layout", draw);
    model.on("change:pending", dim);
    dim();
    draw();
    return () => {
      alive = false;
      observer.disconnect();
      model.off("change:traces", draw);
      model.off("change:plot_layout", draw);
      model.off("change:pending", dim);
      plotly().then((Plotly) => Plotly.purge(gd)).catch(() => {});
    };
  },
};
""" % {"version": plotly.__version__}


class PlotView(anywidget.AnyWidget):
    """One chart: its `traces` and `plot_layout` as plotly JSON, drawn by plotly.js."""

    _esm = _ESM
    # Not `data` and `layout`: ipywidgets' DOMWidget has a `layout` of its own.
    traces = traitlets.List().tag(sync=True)
    plot_layout = traitlets.Dict().tag(sync=True)
    config = traitlets.Dict(CONFIG).tag(sync=True)
    # True from a new run's start to its first drawing: the chart shows dimmed meanwhile.
    pending = traitlets.Bool(False).tag(sync=True)

    def show(self, fig, revision: str | None = None) -> None:
        """Send `fig`'s traces, and with a `revision` its layout too, in one message.

        A reader's zoom and hidden legend entries last while the revision does.
        """
        with self.hold_sync():
            if revision is not None:
                self.plot_layout = {**fig.layout.to_plotly_json(), "uirevision": revision}
            self.traces = [trace.to_plotly_json() for trace in fig.data]
            self.pending = False
