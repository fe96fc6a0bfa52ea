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
drawn with its latest data when it comes back. Drawing goes through `Plotly.react`,
which keeps a reader's zoom and hidden legend entries across refreshes
(`layout.uirevision`). The camera icon in each chart's toolbar saves a PNG.

It is an ipyvue template widget, as Solara's own components are. As an anywidget
(an earlier version) its front-end had two seconds to start, a limit anywidget
fixes: in a room of browsers sharing one machine a page sometimes took longer, and
that chart then dropped every update (the load test saw it once in nine runs).
"""

from __future__ import annotations

from pathlib import Path

import ipyvuetify as v
import plotly
import traitlets
from solara.server import settings as solara_settings

from model.palette import CHART_CONFIG

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# The page server hands plotly.js out as a static file, /static/assets/plotly.min.js,
# through Solara's documented setting for extra asset locations
# (SOLARA_ASSETS_EXTRA_LOCATIONS); the file is the one plotly's Python package ships,
# so the page works offline.
if str(PLOTLY_JS.parent) not in solara_settings.assets.extra_locations:
    solara_settings.assets.extra_locations.append(str(PLOTLY_JS.parent))

CONFIG = {**CHART_CONFIG, "responsive": False,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud"]}

TEMPLATE = """
<template><div class="plotview"></div></template>
<script>
// plotly.js once per page, shared by every chart on it.
function plotly() {
  if (!window.__artmarketPlotly) {
    const root = (window.solara && window.solara.rootPath) || "";
    window.__artmarketPlotly = fetch(root + "/static/assets/plotly.min.js?v=VERSION")
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
      })
      .catch((err) => {
        window.__artmarketPlotly = null;     // a busy server: the next drawing asks again
        throw err;
      });
  }
  return window.__artmarketPlotly;
}

module.exports = {
  mounted() {
    this.gd = document.createElement("div");
    this.$el.appendChild(this.gd);
    this.alive = true;
    this.queued = false;
    this.drawing = Promise.resolve();
    // A chart out of view is not drawn: it is drawn, with its latest data, when it
    // comes into view (or near it). Until its first drawing it has no height, and is
    // drawn wherever it sits, so every chart is drawn once at the start.
    this.inView = true;
    this.stale = false;
    this.drawn = false;
    this.retries = 0;
    this.observer = new IntersectionObserver((entries) => {
      this.inView = entries[entries.length - 1].isIntersecting;
      if (this.inView && this.stale) this.draw();
    }, { rootMargin: "100px" });
    this.observer.observe(this.$el);
    this.dim();
    this.draw();
  },
  watch: {
    // Traces and layout may change in one message: `draw` draws once for both.
    traces() { this.draw(); },
    plot_layout() { this.draw(); },
    title() { this.draw(); },
    pending() { this.dim(); },
  },
  methods: {
    // A chart waiting for its run's first drawing is dimmed: a style, not a drawing.
    dim() { this.gd.style.opacity = this.pending ? "0.35" : ""; },
    draw() {
      if (!Object.keys(this.plot_layout || {}).length) return;    // nothing sent yet
      if (!this.inView && this.drawn) {
        this.stale = true;
        return;
      }
      this.stale = false;
      if (this.queued) return;
      this.queued = true;
      this.drawing = this.drawing.then(async () => {
        const Plotly = await plotly();
        this.queued = false;
        if (!this.alive) return;
        // Plain copies: plotly keeps and annotates what it is given.
        const traces = JSON.parse(JSON.stringify(this.traces || []));
        const layout = JSON.parse(JSON.stringify(this.plot_layout || {}));
        const config = JSON.parse(JSON.stringify(this.config || {}));
        // The title (it carries the month) changes with every drawing; the rest of the
        // layout only with a new run or width.
        if (this.title) layout.title = Object.assign({}, layout.title || {}, { text: this.title });
        await Plotly.react(this.gd, traces, layout, config);
        this.drawn = true;
      }).catch((err) => {
        this.queued = false;
        console.error("chart:", err);
        if (this.alive && !this.drawn && this.retries++ < 5) setTimeout(() => this.draw(), 2000);
      });
    },
  },
  destroyed() {
    this.alive = false;
    this.observer.disconnect();
    const gd = this.gd;
    plotly().then((Plotly) => Plotly.purge(gd)).catch(() => {});
  },
};
</script>
""".replace("VERSION", plotly.__version__)


class PlotView(v.VuetifyTemplate):
    """One chart: its `traces` and `plot_layout` as plotly JSON, drawn by plotly.js."""

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    # Not `data` and `layout`: ipywidgets' DOMWidget has a `layout` of its own.
    traces = traitlets.List().tag(sync=True)
    plot_layout = traitlets.Dict().tag(sync=True)
    config = traitlets.Dict(CONFIG).tag(sync=True)
    # True from a new run's start to its first drawing: the chart shows dimmed meanwhile.
    pending = traitlets.Bool(False).tag(sync=True)
    # The chart's title as of its latest drawing (it names the month): sent every drawing.
    title = traitlets.Unicode("").tag(sync=True)

    def show(self, fig, revision: str | None = None) -> None:
        """Send `fig`'s traces, and with a `revision` its layout too, in one message.

        A reader's zoom and hidden legend entries last while the revision does.
        """
        with self.hold_sync():
            if revision is not None:
                self.plot_layout = {**fig.layout.to_plotly_json(), "uirevision": revision}
            self.traces = [trace.to_plotly_json() for trace in fig.data]
            self.title = fig.layout.title.text or ""
            self.pending = False
