"""The page's words: plain-language names and one-line explanations for presets, levers,
their choices and the measures the page shows, and the description of what ran.

The model's own names (`status_quo`, `fair_use_scrape`, `n_artists`) are for files and
the command line; a student reads these instead. `describe` says what a run is in one
line ("Status quo, modified: union strength 0.8, IP rules: Commons"); the page's header,
file names, exports and chart titles all use it, so a file says what ran.
"""

from __future__ import annotations

import re

from model.scenario import PARAMETERS_BY_NAME, Scenario

# name -> (label, one-line explanation), for every lever the page offers.
LEVERS: dict[str, tuple[str, str]] = {
    "n_artists": ("Artists", "How many artists the run starts with. More artists: smoother "
                  "curves, slower months."),
    "seed": ("Random draw (seed)", "Which random draw of the same world: the same number gives "
             "the same run; another number, another draw."),
    "n_buyers": ("Big buyers", "How many media conglomerates buy artwork in bulk. Fewer "
                 "buyers, more power to push prices down."),
    "ai_start": ("AI arrives in month", "When generative AI becomes available (past the last "
                 "month: never)."),
    "ai_access": ("Who may use AI", "Who is allowed to use AI image generators."),
    "ai_quality_growth": ("How fast AI improves", "Share of the gap to its best possible "
                          "quality that AI closes each month."),
    "ip_regime": ("IP rules", "The intellectual-property rules for training AI and for "
                  "commissioned work."),
    "licence_fee": ("Licence fee per AI image ($)", "What AI vendors pay per image to the "
                    "artists who licensed their work (only under opt-in licensing)."),
    "union_strength": ("Union strength", "Share of artists in the union, and how hard it "
                       "bargains over studio wages (0 = no union)."),
    "cooperative_share": ("Cooperative studios", "Share of studios owned by their workers, "
                          "who share the profits."),
    "basic_income": ("Basic income ($/month)", "What a public fund pays each recipient "
                     "every month."),
    "basic_income_recipients": ("Basic income recipients", "How many artists receive the "
                                "basic income."),
    "data_strike": ("Artists on data strike", "Share of artists who withdraw their work from "
                    "AI training."),
    "data_strike_start": ("Strike starts in month", "When the data strike (or poisoning) "
                          "begins."),
    "data_strike_style": ("Striking style", "-1: strikers from every style; 0 to 63: all "
                          "strikers work in that one style."),
    "strike_demand": ("Strikers' fee demand ($/image)", "Fee per AI image the strikers ask "
                      "for their work (0: no demand, so the strike never settles)."),
    "poison_share": ("Artists poisoning their work", "Share of artists who publish work "
                     "altered to spoil AI training."),
    "open_model": ("Public open AI model", "A publicly funded AI model sold at cost."),
    "coop_vendor_members": ("Artist-owned AI vendor", "Share of artists who found their own "
                            "AI vendor, trained only on their work."),
}

# The choices of choice levers: value -> (name, one-line explanation).
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "ip_regime": {
        "fair_use_scrape": ("Scraping is fair use", "AI trains on all published work; artists "
                            "earn nothing from it."),
        "opt_out": ("Opt-out", "As scraping, but artists may take their work out of training."),
        "opt_in_licensed": ("Opt-in licensing", "AI trains only on licensed work and pays a fee "
                            "per image to those artists."),
        "style_copyright": ("Copyright in style", "An AI image in an artist's style owes "
                            "royalties to that style's artists and catalogue owners."),
        "artists_keep_rights": ("Artists keep their rights", "Commissioned work stays the "
                                "artist's, who earns a share of later sales."),
        "commons": ("Commons (no IP)", "No intellectual property: anyone may copy or train on "
                    "anything."),
    },
    "ai_access": {
        "buyers_and_artists": ("Everyone", "Clients, buyers, studios and artists may use AI."),
        "artists_only": ("Artists only, as a tool", "Only self-employed artists may use AI."),
        "none": ("Nobody", "AI is banned."),
    },
}

# Measures the cards and lessons cite: key -> (label a student reads, format).
MEASURES: dict[str, tuple[str, str]] = {
    "proletarianization_index": ("Proletarianization index", "{:.0%}"),
    "exit_share": ("Exited from paid art", "{:.0%}"),
    "labour_share": ("Workers' share of studio value added", "{:.0%}"),
    "exploitation_rate": ("Rate of exploitation", "{:.2f}"),
    "buyer_markdown": ("Buyers pay / value of the work", "{:.0%}"),
    "median_wage": ("Median studio wage, $/month", "{:,.0f}"),
    "royalties_paid": ("IP income to artists, $/month", "{:,.0f}"),
    "royalty_top1_share": ("…of which to the top 1%", "{:.0%}"),
    "ai_share": ("AI share of images", "{:.0%}"),
    "ai_tool_adopter_share": ("Artisans using AI as a tool", "{:.0%}"),
    "self_employment_share": ("Self-employed share of working artists", "{:.0%}"),
    "wage_artists": ("Studio (wage) artists", "{:,.0f}"),
    "ai_handlers": ("AI handlers", "{:,.0f}"),
    "unemployed": ("Unemployed artists", "{:,.0f}"),
    "exited": ("Artists out of paid art", "{:,.0f}"),
    "ai_price": ("AI price, $/image", "{:.3f}"),
    "infringement_costs": ("Artisans' legal costs, $/month", "{:,.0f}"),
    "commission_volume": ("Commissions sold per month", "{:,.0f}"),
    "licence_income": ("Licence income to artists, $/month", "{:,.2f}"),
    "ai_quality": ("AI quality (0-1)", "{:.2f}"),
    "ai_quality_striking_style": ("AI quality in the striking style", "{:.2f}"),
    "copied_works": ("Works copied instead of commissioned", "{:,.0f}"),
    "contract_price": ("Price buyers pay studios, $/task", "{:,.0f}"),
    "buyer_margin": ("Buyers' profit share of revenue", "{:.0%}"),
    "training_corpus": ("Training corpus, works", "{:,.0f}"),
    "strike_active": ("Data strike on (1 = yes)", "{:.0f}"),
}
HEADLINE = ("proletarianization_index", "exit_share", "labour_share", "exploitation_rate",
            "buyer_markdown", "median_wage", "royalties_paid", "royalty_top1_share")


def preset_name(scenario: Scenario, stem: str) -> str:
    """A preset's short name: its title up to a colon ("Status quo"), or its file stem."""
    title = scenario.title or stem.replace("_", " ").capitalize()
    return title.split(":")[0].strip()


def preset_line(scenario: Scenario) -> str:
    """A preset's one-line explanation: the first sentence of its description."""
    text = " ".join((scenario.description or "").split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def lever_label(name: str) -> str:
    return LEVERS.get(name, (name.replace("_", " ").capitalize(), ""))[0]


def lever_help(name: str) -> str:
    return LEVERS.get(name, ("", PARAMETERS_BY_NAME[name].description))[1]


def choice_name(lever: str, value) -> str:
    return CHOICES.get(lever, {}).get(value, (str(value), ""))[0]


def value_text(name: str, value) -> str:
    """A lever's value as a student reads it."""
    param = PARAMETERS_BY_NAME[name]
    if param.kind == "choice":
        return choice_name(name, value)
    if param.kind == "bool":
        return "on" if value else "off"
    if param.kind == "int":
        return f"{value:,}"
    return f"{value:g}"


def changes_text(scenario: Scenario, preset: Scenario, skip=("n_artists", "seed")) -> str:
    """The levers where `scenario` differs from `preset`: "union strength 0.8, IP rules:
    Commons: no IP"."""
    parts = []
    for name in LEVERS:
        if name in skip or scenario[name] == preset[name]:
            continue
        label = lever_label(name)
        if not label[:2].isupper():          # "IP rules" and "AI ..." keep their capitals
            label = label[0].lower() + label[1:]
        colon = ":" if PARAMETERS_BY_NAME[name].kind in ("choice", "bool") else ""
        parts.append(f"{label}{colon} {value_text(name, scenario[name])}")
    return ", ".join(parts)


def describe(scenario: Scenario, preset: Scenario, stem: str) -> str:
    """What ran, in one line: the preset's name, and its changes if any."""
    name = preset_name(preset, stem)
    changes = changes_text(scenario, preset)
    return f"{name}, modified: {changes}" if changes else name


def file_stem(text: str) -> str:
    """A file-name-safe form of a description: lower case, words joined by hyphens."""
    stem = re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")
    return stem[:120] or "run"
