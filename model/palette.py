"""Colours of the class positions, and how every chart is drawn: shared by the browser
page and the batch report.

From the Okabe-Ito palette, which readers with the common colour-vision
deficiencies can tell apart (Okabe and Ito 2008, "Color Universal Design").
"""

POSITION_COLOURS = {
    "artisan": "#0072B2",      # blue
    "wage": "#E69F00",         # orange
    "ai_handler": "#CC79A7",   # reddish purple
    "unemployed": "#D55E00",   # vermillion
    "exited": "#999999",       # grey
}
POSITION_LABELS = {
    "artisan": "Artisans", "wage": "Wage artists", "ai_handler": "AI handlers",
    "unemployed": "Unemployed", "exited": "Exited",
}

# plotly.js options for every chart the project draws (page, exports, reports): no
# logo, and no "Share chart" button, which plotly.js 3 shows by default and which
# offers to upload the chart to Plotly's cloud.
CHART_CONFIG = {"displaylogo": False, "showSendToCloud": False}
