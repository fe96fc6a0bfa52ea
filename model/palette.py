"""Colours of the class positions, shared by the browser page and the batch report.

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
