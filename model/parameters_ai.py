"""The AI sector's parameters: vendors as firms (costs, competition, entry and exit) and
the value they put on training data. Part of `model.parameters.PARAMETERS`, listed after
the AI technology's own; declared here only to keep each module short.
"""

from __future__ import annotations

from .param import Param

AI_SECTOR: tuple[Param, ...] = (
    Param("vendor_fixed_cost", "float", 0.005,
          "A vendor's fixed monthly cost of serving its model, per initial artist, at the "
          "compute price when AI arrives (it falls with the compute price)",
          "$/artist/month", 0.0, 10_000.0, group="ai",
          source="Calibrated: two vendors in the status quo cover their fixed costs within "
                 "about a year of AI's arrival, as Midjourney did (profitable, about $200M "
                 "of revenue with about 40 staff in 2023: The Information, Sept 2023), "
                 "while entry stops at the cap. Fixed costs are compute and staff and fall "
                 "with the price of compute."),
    Param("vendor_generation_cost", "float", 0.02,
          "A vendor's cost of training a new model generation (on entry and at each "
          "breakthrough of the frontier), per initial artist, at the compute price when AI "
          "arrives", "$/artist", 0.0, 100_000.0, group="ai",
          source="Four months of serving cost: training an image model generation cost "
                 "about $600k for Stable Diffusion v1 (2022), $320k for v1.5 and $26k for "
                 "PixArt-alpha (Chen et al. 2024, ICLR), a few months of a small vendor's "
                 "running costs, falling with the price of compute."),
    Param("vendor_substitution", "float", 6.0,
          "Elasticity of substitution sigma between vendors' quality-adjusted images (sets "
          "markups with ai_demand_elasticity)", "", 1.1, 50.0, group="ai",
          source="Atkeson and Burstein (2008, AER) pricing of a large firm among few; sigma "
                 "= 6 with ai_demand_elasticity = 2 gives two equal vendors a markup of "
                 "33% (as the Cournot markup of earlier versions) and one vendor 100%."),
    Param("data_value_months", "float", 24.0,
          "Months over which a vendor values a work it commissions to train on (0: vendors "
          "commission no training works)", "months", 0.0, 240.0, group="ai",
          source="Stated reason: a work stays in the corpus of every model generation a "
                 "vendor trains; two years, about the payback horizon of a data deal "
                 "(Reddit's AI data contracts of $203M run over two to three years: its "
                 "2024 S-1 filing)."),
    Param("vendor_outside_revenue", "float", 0.0,
          "Vendors' image revenue outside the modelled art market per dollar of revenue in "
          "it (what a better model also earns elsewhere; it scales the value of a work "
          "commissioned to train on)", "", 0.0, 100_000.0, group="ai",
          source="Stated reason: 0 values data by the market the model represents only. "
                 "Generative image vendors sell mostly outside commissioned art (Midjourney: "
                 "about $200M of revenue in 2023, The Information, Sept 2023, against the "
                 "$0.3 of AI spending per artist a month in this model's status quo), so a "
                 "scenario asking about a market for training data sets it large."),
    Param("vendor_cap", "int", 6, "Most commercial AI vendors the market can hold", "vendors",
          1, 20, group="ai",
          source="About six frontier image-model vendors competed in 2022-2025 (OpenAI, "
                 "Midjourney, Stability AI, Google, Adobe, Black Forest Labs)."),
    Param("vendor_entry_rate", "float", 0.05,
          "Monthly chance that a new commercial vendor enters while entry would be "
          "profitable", "1/month", 0.0, 1.0, group="ai",
          source="Modelling choice: entry takes a year or two to organise and fund (Black "
                 "Forest Labs founded 2024, about two years after the first wave)."),
    Param("vendor_exit_months", "int", 24,
          "Months in a row a vendor's 12-month average profit may be negative before it "
          "exits", "months", 1, 1200, group="ai",
          source="About the 18-24 months of runway a venture round buys; Stability AI ran "
                 "about $99M of cloud spending on $11M of revenue in 2023 before its "
                 "restructuring in 2024 (Forbes, via The Register, Apr 2024)."),
    Param("ai_tool_subscription", "float", 30.0,
          "Monthly subscription an artisan pays to use AI as a tool (on top of the AI "
          "price per commission made with it)", "$/month", 0.0, 10_000.0, group="ai",
          source="Midjourney's Standard plan, $30 a month (its pricing page, 2023-2025)."),
    Param("ai_tool_learning_hours", "float", 20.0,
          "Hours of an artisan's first month with AI tools spent learning them (output "
          "lost)", "hours", 0.0, 160.0, group="ai",
          source="Stated reason: half a working week to learn prompting, selection and "
                 "clean-up, as the two hours a typical image takes (ai_time_hours) suggest."),
    Param("ai_refusal_share", "float", 0.3,
          "Share of artists who refuse to use AI tools on principle (drawn at entry)", "",
          0.0, 1.0, group="ai",
          source="Stated reason, to be estimated: a large minority of illustrators oppose "
                 "generative AI on ethical grounds (the ArtStation 'No AI' protest of Dec "
                 "2022; Glaze downloaded over 2 million times by Mar 2024)."),
)
