"""The institutions' parameters (intellectual property, unions, ownership, income, data,
market structure): the levers a scenario sets. Part of `model.parameters.PARAMETERS`,
which lists them after the economy's own; declared here only to keep each module short.
"""

from __future__ import annotations

from .ip import REGIMES
from .param import Param

IP_REGIMES = tuple(REGIMES)                 # each declared once, in model.ip
AI_ACCESS = ("buyers_and_artists", "artists_only", "none")

INSTITUTIONS: tuple[Param, ...] = (
    # --- institutions: intellectual property --------------------------------
    Param("ip_regime", "choice", "fair_use_scrape",
          "Intellectual property regime for training data and commissioned work",
          choices=IP_REGIMES, group="ip",
          source="Policy lever (model brief section 5); today's default is fair-use "
                 "scraping.",
          control=True),
    Param("opt_out_rate", "float", 0.1,
          "Share of artists who opt their works out of training from the start (binding where "
          "the IP regime honours opt-outs)", "",
          0.0, 1.0, group="ip",
          source="Modelling choice; Spawning reported about 80 million images opted out of "
                 "a 5.8-billion-image training set by 2023, a small share of works."),
    Param("opt_out_grievance", "float", 0.0,
          "Monthly chance of opting out per unit of art income lost since AI arrived (where the "
          "IP regime honours opt-outs)",
          "1/month", 0.0, 1.0, group="ip",
          source="Modelling choice: artists who lose income to AI withdraw their consent."),
    Param("opt_in_rate", "float", 0.3,
          "Share of artists who license their works for training (where the IP regime trains "
          "only on opted-in works)", "",
          0.0, 1.0, group="ip",
          source="A minority of artists would license their work for training at a small "
                 "fee."),
    Param("licence_fee", "float", 0.5,
          "Licence fee vendors pay per AI image, shared among licensed works (where the IP "
          "regime charges it)",
          "$/image", 0.0, 1000.0, group="ip",
          source="Modelling choice: a collective licence priced per output.",
          control=True, ui_high=20, ui_step=0.1),
    Param("royalty_per_image", "float", 0.5,
          "Royalty vendors owe per AI image in a style (where the IP regime charges it)",
          "$/image",
          0.0, 1000.0, group="ip",
          source="Modelling choice: a levy per output, like a mechanical royalty."),
    Param("attribution_exponent", "float", 1.0,
          "Exponent of the rule by which AI users invoke a style's artists' names (and so "
          "owe them royalties): in proportion to reputation ** exponent", "", 0.0, 4.0,
          group="ip",
          source="Name counts in text-to-image prompts are heavy-tailed: on Lexica's 10M "
                 "Stable Diffusion prompts Greg Rutkowski appears about 93,000 times, "
                 "Picasso under 2,000 (MIT Technology Review, 16 Sep 2022); attention in "
                 "proportion to visibility (exponent 1) is the rule of preferential "
                 "attachment (Simon 1955) and fits tag popularity's Zipf exponent of about "
                 "1 (Cattuto et al. 2007, PNAS)."),
    Param("infringement_cost", "float", 30.0,
          "Expected legal cost per commission for a lesser-known artisan in a famous style "
          "(where the IP regime makes infringement costly)", "$/commission", 0.0, 10_000.0,
          group="ip",
          source="Modelling choice: claims and insurance against style infringement."),
    Param("residual_share", "float", 0.05,
          "Share of buyers' downstream revenue per task paid to the artist who made it "
          "(where the IP regime pays residuals)", "", 0.0, 1.0, group="ip",
          source="About the size of authors' and performers' residuals in publishing and "
                 "screen contracts (5-10%)."),
    Param("commons_copy_rate", "float", 0.1,
          "Where the IP regime lets clients copy, chance that a client copies an existing work "
          "instead of paying, "
          "times (1 - complexity)", "", 0.0, 1.0, group="ip",
          source="Modelling choice: without copyright, simple needs are met by copying."),
    # --- institutions: unions -------------------------------------------------
    Param("union_strength", "float", 0.3,
          "Union strength: share of artists who are members and the union's bargaining power",
          "", 0.0, 1.0, group="union",
          source="Gives a 15% wage premium for covered workers at rest (no-AI baseline), inside "
                 "the US raw union premium of 12-16% (Blanchflower and Bryson 2004); with "
                 "studios' own wages at about two thirds of a worker's MRP, half the bargaining "
                 "power once needed against a flat reservation wage no longer suffices.",
          control=True, ui_step=0.05),
    Param("union_bargaining", "bool", True,
          "The union bargains wages: covered workers get r + b (MRP - r) with b = union_strength",
          group="union",
          source="Policy lever (model brief section 5): on whenever a union exists."),
    Param("union_coverage", "bool", True,
          "Union members employed by studios are covered by the union contract",
          group="union",
          source="Policy lever (model brief section 5): members employed by studios are "
                 "covered."),
    Param("union_ai_clause", "bool", False,
          "Union contracts cap the share of covered studio work that may go to AI",
          group="union",
          source="Modelled on the AI provisions won by the WGA and SAG-AFTRA in 2023."),
    Param("union_ai_cap", "float", 0.1,
          "Most of the covered studio work that may go to AI under the AI clause", "",
          0.0, 1.0, group="union",
          source="A strict clause: at most a tenth of covered work may go to AI."),
    Param("union_employment_guarantee", "bool", False,
          "Covered workers displaced from studio work are redeployed as AI handlers at "
          "their union wage instead of being laid off", group="union",
          source="Policy lever (model brief section 5): off in the status quo."),
    Param("union_min_commission", "float", 0.0,
          "Minimum price a union member accepts per commission (0 = no minimum)",
          "$/commission", 0.0, 100_000.0, group="union",
          source="Policy lever: freelance rate cards, as the Graphic Artists Guild publishes."),
    Param("union_data_strike", "bool", False,
          "Union members join the data strike from data_strike_start", group="union",
          source="Policy lever: the union's power to call a data strike."),
    # --- institutions: ownership, income, data, market structure ---------------
    Param("cooperative_share", "float", 0.0, "Share of studios that are worker cooperatives", "",
          0.0, 1.0, group="ownership",
          source="Policy lever: cooperatives pay their profits to their workers and do not "
                 "lay members off for AI.",
          control=True, ui_step=0.05),
    Param("basic_income", "float", 0.0, "Basic income paid by a public fund to each recipient",
          "$/month", 0.0, 20_000.0, group="ownership",
          source="Ireland's Basic Income for the Arts pilot: EUR 325 a week (about $1,400 a "
                 "month), 2022-2025.",
          control=True, ui_high=3000, ui_step=50),
    Param("basic_income_recipients", "int", 0, "Number of artists receiving the basic income",
          "artists", 0, 2_000_000, group="ownership",
          source="Ireland's pilot: 2,000 artists.",
          control=True, ui_high=5000, ui_step=10),
    Param("data_strike", "float", 0.0,
          "Share of artists who withdraw their works from training in a data strike", "",
          0.0, 1.0, group="data",
          source="Policy lever (model brief section 5): no strike in the status quo.",
          control=True, ui_step=0.05),
    Param("data_strike_start", "int", 36, "Month the data strike starts", "month", 0, 100_000,
          group="data",
          source="A year after AI arrives in the status quo, when grievances have built "
                 "up.",
          control=True, ui_high=120),
    Param("data_strike_style", "int", -1,
          "Style whose artists strike (-1: strikers drawn from all styles)", "style",
          -1, 63, group="data",
          source="Policy lever: a strike concentrated in one style.", control=True),
    Param("strike_demand", "float", 0.0,
          "Fee per AI image the data strikers demand from a vendor to license their works "
          "(0: a strike without a demand, which never settles)", "$/image", 0.0, 1000.0,
          group="data",
          source="Policy lever: a collective licence priced per output, like licence_fee.",
          control=True, ui_high=0.1, ui_step=0.001),
    Param("strike_drift", "float", 0.02,
          "Monthly chance that a striker gives up while vendors hold out", "1/month",
          0.0, 1.0, group="data",
          source="Modelling choice: about a fifth of strikers return within a year of "
                 "holding out, as creators' protests fade (the ArtStation 'No AI' protest of "
                 "Dec 2022 ended within weeks with a tag, not a payment)."),
    Param("strike_fail_share", "float", 0.5,
          "The strike fails (all strikers return) when fewer than this share of its "
          "strikers remain", "", 0.0, 1.0, group="data",
          source="Modelling choice: a strike that has lost half its members has lost."),
    Param("poison_share", "float", 0.0,
          "Share of artists who publish poisoned works from data_strike_start", "",
          0.0, 1.0, group="data",
          source="Policy lever; Glaze and Nightshade were downloaded over 6 million times by "
                 "Nov 2024 (MIT Technology Review).",
          control=True, ui_step=0.05),
    Param("poison_potency", "float", 1.0,
          "Clean works of its style a poisoned work cancels in a scraping vendor's "
          "training, beyond its own absence", "works", 0.0, 100.0, group="data",
          source="Shan et al. (2024, IEEE S&P, Nightshade): under 100 poisoned images "
                 "corrupt a concept in SDXL where mislabelling needs 500-1,000, 5-10 times "
                 "the potency; detectors catch nearly all of them (Foerster et al. 2025, "
                 "LightShed) and protections are easily circumvented (Honig et al. 2025, "
                 "ICLR), so a poisoned work costs one clean work beyond its absence."),
    Param("withholding_visibility_cost", "float", 0.002,
          "Monthly fall in log reputation of an artisan on data strike or poisoning "
          "(exposure lost by keeping works from scrapers)", "1/month", 0.0, 0.1,
          group="data",
          source="Modelling choice: a fifth of the monthly reputation growth of an artisan "
                 "who sells out, so opting out costs about 2% of visibility a year."),
    Param("open_model", "bool", False,
          "An open model trained on artists' works and the archive (no buyers' catalogues), "
          "sold at its marginal cost, its fixed costs paid by public or philanthropic "
          "funders", group="ownership",
          source="Policy lever; open-weight image models (Stable Diffusion, FLUX.1 schnell) "
                 "sell at about a tenth of closed models' prices on hosting platforms.",
          control=True),
    Param("coop_vendor_members", "float", 0.0,
          "Share of artists who found an artist-owned cooperative AI vendor when AI arrives "
          "(it trains only on members' works and pays its profit to them; 0: none)", "",
          0.0, 1.0, group="ownership",
          source="Policy lever (issue 'The AI sector and the data commons').",
          control=True, ui_step=0.05),
    Param("ai_tool_gain", "float", 0.33,
          "Extra commissions an artisan can finish per unit of AI quality when AI is their tool",
          "", 0.0, 20.0, group="ai",
          source="Zhou and Lee (2024, PNAS Nexus): artists on an online platform who adopted "
                 "text-to-image AI raised their output by 25% (4 million works, 50,000 "
                 "artists, 2022-2023); with AI quality about 0.75 then, a gain of 0.33."),
)
