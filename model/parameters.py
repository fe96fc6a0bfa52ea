"""Every model parameter, declared once: name, type, default, range, unit, description, source.

`PARAMETERS` (the economy's parameters here, then the institutions' levers of
`model.parameters_institutions`) is the single source of parameter names, types,
defaults, ranges, units and descriptions. The TOML loader, the keyword overrides, the command line, the browser
controls and the docs all read it (through `model.scenario`); no other list of
parameters exists in the project.
"""

from __future__ import annotations

from .param import Param, ScenarioError, _fmt  # noqa: F401 - re-exported
from .parameters_ai import AI_SECTOR
from .parameters_careers import CAREERS
from .parameters_institutions import AI_ACCESS, INSTITUTIONS, IP_REGIMES  # noqa: F401

PARAMETERS: tuple[Param, ...] = (
    # --- population and run -------------------------------------------------
    Param("n_artists", "int", 500, "Artists at the start of the run", "artists", 10, 2_000_000,
          group="population", source="Classroom default; 10,000 for research runs.",
          control=True, ui_low=50, ui_high=5000, ui_step=50),
    Param("n_styles", "int", 8, "Style clusters that artists work in and that AI is trained per",
          "styles", 1, 64, group="population",
          source="Modelling choice: enough styles for concentrated opt-outs to matter."),
    Param("style_concentration", "float", 0.0,
          "Zipf exponent z of styles' sizes: a style's share of artists and of clients' "
          "requests is proportional to its rank ** -z (0: equal styles)", "", 0.0, 3.0,
          group="population",
          source="Stated reason: equal styles are the reference, so that no style's size "
                 "drives a result; the lever lets a user make some styles small (genre "
                 "and tag counts on art platforms are heavy-tailed)."),
    Param("n_studios", "int", 8, "Studios that employ wage artists and AI handlers", "studios",
          1, 500, group="population", source="Model brief section 2 (about 8)."),
    Param("n_buyers", "int", 2, "Large buyers (media conglomerates) procuring bulk artwork",
          "buyers", 1, 50, group="population",
          source="Model brief section 2 (1-3); two in the status quo.",
          control=True, ui_high=10),
    Param("n_vendors", "int", 2, "AI vendors selling generated images", "vendors", 1, 20,
          group="population", source="Model brief section 2 (1-2)."),
    Param("steps", "int", 120, "Months a run lasts when no length is given", "months", 1, 1200,
          group="run", source="Ten years, the horizon of the brief's questions."),
    Param("burn_in_months", "int", 960,
          "Months the model runs with AI off before month 0, unrecorded, to start at rest",
          "months", 0, 1200, group="run",
          source="Modelling choice (issues 19 and 21): reputation's slow mode (attention "
                 "concentrating over the population's 28-year turnover) settles in about 40 "
                 "years, and the career choices add one (artisans' share falls from 37.7% "
                 "after 40 years to 35.8% after 100; 3,000 artists, seeds 1-4), so 80 years; "
                 "after 40 the artisans' share still fell 1 point in the first decade."),
    Param("burn_in_sample", "int", 4000,
          "Above this many artists, all but the burn-in's last 24 months run on a sample of "
          "this size, and the population is drawn from its end state", "artists", 500,
          2_000_000, group="run", source="Modelling choice (issue 19): keeps set-up at a million artists within the "
                 "benchmark's limit; 4,000 artists carry every position and style."),
    Param("seed", "int", 1, "Seed of the run's single random generator", "", 0, 2**63 - 1,
          group="run", source="Any value; same seed, same numbers.", control=True, ui_high=1000),
    # --- artists ---------------------------------------------------------------
    Param("living_cost", "float", 2000.0, "An artist's monthly subsistence spending", "$/month",
          100.0, 20_000.0, group="artists",
          source="About a single adult's living wage in the US or UK (MIT living wage "
                 "calculator, 2024: about $2,000-2,500 a month outside the dearest cities)."),
    Param("side_income", "float", 1600.0,
          "Non-art income of an artisan or job seeker from side jobs", "$/month",
          0.0, 20_000.0, group="artists",
          source="UK visual artists: 69% hold another job and art is 35-40% of the median "
                 "artist's income (a-n Artists' Livelihoods survey); 80% of the living cost "
                 "here, so the median artisan needs a modest art income to get by."),
    Param("side_job_share", "float", 0.69,
          "Share of artists who hold a side job (the rest have no non-art income as artisans)",
          "share", 0.05, 1.0, group="artists",
          source="69% of UK visual artists have another job, a third of them outside the "
                 "arts (Arts Council England/TBR, Livelihoods of Visual Artists 2016); 51% "
                 "(Glasgow/DACS artists' earnings 2024); 77% in Australia (Throsby and "
                 "Petetskaya 2017). Drawn for life at entry. Set before the calibration that "
                 "estimates the income distribution's other parameters with it "
                 "(docs/calibration.md)."),
    Param("side_income_spread", "float", 0.7,
          "Spread (log standard deviation) of side-job earnings among artists who hold one",
          "log sd", 0.0, 2.0, group="artists",
          source="UK visual artists' total income has mean 16,150 and median 12,500 GBP "
                 "(ACE/TBR 2016), a lognormal log sd of 0.72; no spread of side-job earnings "
                 "alone is published, so total income's spread stands in for it. The mean "
                 "over all artists stays `side_income`."),
    Param("unemployment_benefit", "float", 600.0, "Benefit paid to unemployed artists", "$/month",
          0.0, 20_000.0, group="artists",
          source="Roughly 30% of the living cost, in the range of US state UI replacement."),
    Param("savings_months", "float", 3.0,
          "Median savings an entrant brings, in months of living cost", "months", 0.0, 120.0,
          group="artists",
          source="A few months' buffer, as surveys of freelancers' savings suggest; spread "
                 "lognormally."),
    Param("initial_savings_months", "float", 24.0,
          "Median savings of the initial population (those not exited), in months of living "
          "cost", "months", 0.0, 120.0, group="artists",
          source="Near the no-AI steady state, to start at rest (issue 19): a wage artist's "
                 "savings settle at savings_target_months + (wage - living_cost) / "
                 "(savings_spend_rate * living_cost), 24 months at the baseline's wage of "
                 "about 3,200 $. Lognormal; exited: none."),
    Param("savings_target_months", "float", 12.0,
          "Savings, in months of living cost, beyond which artists spend part of what they "
          "hold", "months", 0.0, 120.0, group="artists",
          source="Buffer-stock saving (Carroll 1997, QJE): households hold a target buffer of "
                 "liquid wealth and spend what lies beyond it; a year of living costs, above "
                 "the savings a move to self-employment needs (independence_savings)."),
    Param("savings_spend_rate", "float", 0.05,
          "Share of their savings beyond the target that artists spend each month",
          "1/month", 0.0, 1.0, group="artists",
          source="Fagereng, Holm and Natvik (2021, AEJ: Macro): lottery winners in Norway spend "
                 "about half of a windfall within the year (1 - 0.95^12 = 46%)."),
    Param("skill_spread", "float", 0.25, "Standard deviation of artists' skill around 0.5", "",
          0.0, 0.5, group="artists",
          source="Skill only ranks job applicants; a moderate spread keeps ranks varied."),
    Param("skill_learning", "float", 0.005,
          "Monthly share of the gap to mastery (skill 1) that a month of full-time art work "
          "closes (artisans in proportion to the commissions they sold)", "1/month",
          0.0, 0.1, group="artists",
          source="Learning by doing with diminishing returns: experience-earnings profiles "
                 "are concave and flatten after about 20-25 years (Mincer 1974; Lagakos et "
                 "al. 2018, JPE); 0.5% a month takes a new artist of skill 0.5 to about 0.9 "
                 "over a 28-year working life."),
    Param("skill_decay", "float", 0.005,
          "Monthly share of art skill lost out of art work (unemployed, exited, AI "
          "handlers), and of AI-handling skill out of handler work", "1/month",
          0.0, 0.1, group="artists",
          source="Edin and Gustavsson (2008, J. Human Resources): a year out of work costs "
                 "about 5 percentiles of measured skill, about 0.03 of skill at the median "
                 "here (0.5% a month of 0.5)."),
    Param("handler_skill_learning", "float", 0.005,
          "Monthly share of the gap to full AI-handling skill that a month in a handler "
          "job closes", "1/month", 0.0, 0.1, group="artists",
          source="Stated reason: learning by doing at the same pace as art work."),
    Param("reputation_tail", "float", 3.3, "Pareto tail index of initial reputation", "",
          1.2, 10.0, group="artists",
          source="Artisan incomes have a Pareto tail index of about 2-3 (model brief section 7); "
                 "with the lognormal body the Hill estimate of income lands near 2.1 at rest."),
    Param("reputation_spread", "float", 1.2,
          "Log standard deviation of the lognormal body of initial reputation", "",
          0.0, 3.0, group="artists", source="With reputation_tail, the initial and entrants' "
          "spread of visibility; at rest the reputation process sets most of it."),
    Param("reputation_growth", "float", 0.01,
          "Monthly log-growth of reputation per unit of sold-out capacity above the typical rate",
          "1/month", 0.0, 0.5, group="artists",
          source="Preferential attachment: sales raise visibility. With reputation_noise, set "
                 "so the income patterns hold at rest (top-10% share 46%, Hill index 2.0)."),
    Param("reputation_noise", "float", 0.015, "Monthly random change of log reputation", "",
          0.0, 0.5, group="artists", source="Gibrat noise; set with reputation_growth (at "
          "0.03 and 0.02 the top 10% took 52% at rest, Hill index 1.8)."),
    Param("commission_capacity", "int", 3, "Commissions an artisan can finish in a month",
          "commissions/month", 1, 50, group="artists",
          source="Freelance illustrators report a few pieces a month."),
    Param("ask_noise", "float", 1.2,
          "Log standard deviation of an artisan's monthly asking price (search frictions)", "",
          0.0, 3.0, group="artists",
          source="Search frictions: who is the marginal seller varies from month to month; "
                 "spreads sales at the bottom, where most artisans sell little."),
    Param("ask_floor", "float", 150.0, "Lowest price an artisan accepts for a typical commission",
          "$/commission", 1.0, 100_000.0, group="artists",
          source="Half the median client's willingness to pay: below it a commission does "
                 "not cover an artisan's time and materials."),
    Param("hardship_months_seek", "int", 3,
          "Months of income below living cost after which an artisan weighs its career "
          "every month (and looks for a job)",
          "months", 1, 120, group="transitions",
          source="A quarter of bad months before looking for a job."),
    Param("hardship_months_quit", "int", 9,
          "Months of hardship after which an artisan out of savings must close shop and "
          "becomes unemployed",
          "months", 1, 240, group="transitions",
          source="Three quarters of hardship with savings gone before closing shop."),
    Param("initial_unemployed_share", "float", 0.006,
          "Share of artists unemployed at the start", "", 0.0, 1.0, group="transitions",
          source="The no-AI baseline's own rate at rest with the calibrated defaults (0.6% "
                 "after a 100-year burn-in, 3,000 artists, seeds 1-4), so the burn-in need "
                 "not build it (issue 19); US artists: about 3.6% (docs/calibration.md)."),
    Param("initial_exited_share", "float", 0.20,
          "Share of the initial population who have already left paid art work", "",
          0.0, 1.0, group="transitions",
          source="The no-AI baseline's own exit share at rest with the calibrated defaults "
                 "(21% after a 100-year burn-in, 3,000 artists, seeds 1-4; 34% before the "
                 "calibration), so the burn-in need not build it."),
    Param("separation_rate", "float", 0.01,
          "Monthly chance that a studio job ends for reasons other than the studio's demand",
          "1/month", 0.0, 1.0, group="transitions",
          source="US job separations run at about 3% a month across industries (JOLTS); "
                 "lower for salaried creative staff."),
    *CAREERS,
    Param("independence_savings", "float", 6.0,
          "Savings, in months of living cost, needed to go independent", "months",
          0.0, 120.0, group="transitions",
          source="Half a year's living cost saved before going freelance."),
    Param("entry_rate", "float", 0.003,
          "New artists arriving each month as a share of the initial population", "1/month",
          0.0, 0.1, group="transitions",
          source="Matches the retirement rate so the population is stationary."),
    Param("retirement_rate", "float", 0.003,
          "Monthly chance that an artist (in any position) retires from the model", "1/month",
          0.0, 0.1, group="transitions", source="A working life of about 28 years."),
    # --- clients and buyers ----------------------------------------------------
    Param("client_requests", "float", 1.6,
          "Client commission requests per month per initial artist", "requests/artist/month",
          0.0, 100.0, group="demand", source="Calibrated to the self-employment share."),
    Param("commission_demand_elasticity", "float", 1.0, "Price elasticity of client requests: "
          "per style they scale as (reference_commission_price / expected price) ** this", "", 0.0,
          5.0, group="demand", source="A stated choice (none published for commissioned art): "
          "arts demand is price inelastic in aggregate but often elastic in disaggregated data "
          "(Seaman 2006, Handbook of the Economics of Art and Culture 1, ch. 14). Vary it."),
    Param("reference_commission_price", "float", 275.0, "Style clearing price (per unit of "
          "brand) at which client requests arrive at the rate client_requests", "$/commission",
          1.0, 100_000.0, group="demand", source="Mean style clearing price in months 61-120 of "
          "baseline_no_ai, 2,000 artists, fixed demand: 274 (seeds 1-3: 270, 272, 281)."),
    Param("client_price_memory", "float", 6.0, "Months over which clients form the price they "
          "expect (exponential smoothing of clearing prices; 1 = last month's)", "months",
          1.0, 120.0, group="demand", source="Adaptive expectations (Nerlove 1958, QJE) damp "
          "the cobweb cycle that last month's price alone gives (measured: docs/model.md)."),
    Param("commission_demand_cap", "float", 4.0, "Largest factor by which low prices multiply "
          "a style's client requests", "", 1.0, 100.0, group="demand", source="Modelling "
          "choice: the latent clients are finite, so falling prices cannot bring unbounded ones."),
    Param("client_wtp", "float", 300.0,
          "Median client willingness to pay for a typical commission of middling complexity",
          "$/commission", 1.0, 100_000.0, group="demand",
          source="About the price of a small commissioned illustration from a mid-career "
                 "freelancer."),
    Param("client_wtp_spread", "float", 0.8, "Log standard deviation of client willingness to pay",
          "", 0.0, 3.0, group="demand",
          source="Commission budgets vary several-fold between clients."),
    Param("complexity_premium", "float", 1.5,
          "Extra willingness to pay per unit of task complexity (1 = doubles at full complexity)",
          "", 0.0, 20.0, group="demand",
          source="Complex work is dearer: the most complex pieces cost about 2.5 times the "
                 "simplest."),
    Param("complexity_a", "float", 2.0, "Kumaraswamy shape a of task complexity", "", 0.1, 20.0,
          group="demand", source="Modelling choice: a hump-shaped complexity distribution."),
    Param("complexity_b", "float", 2.0, "Kumaraswamy shape b of task complexity", "", 0.1, 20.0,
          group="demand",
          source="With complexity_a = 2, a hump around 0.5: most work is of middling "
                 "complexity."),
    Param("task_value", "float", 1500.0,
          "Buyers' downstream revenue (marginal value) per bulk art task", "$/task",
          1.0, 1_000_000.0, group="demand",
          source="Buyers' downstream revenue per bulk task, 5 times a client commission; "
                 "only its ratio to costs matters."),
    Param("buyer_volume", "float", 2.0,
          "Buyers' usual monthly volume of tasks, per initial artist: each task up to it is "
          "worth task_value", "tasks/artist/month", 0.0, 100.0, group="demand",
          source="Above the contract volume before AI, so the monopsony markdown is interior."),
    Param("buyer_demand_elasticity", "float", 0.5,
          "Elasticity of buyers' marginal value beyond their usual volume (0 = a hard cap)",
          "", 0.0, 20.0, group="demand",
          source="Modelling choice between a fixed volume (0) and unit-elastic demand (1): "
                 "cheaper art is used for more, with diminishing value. Results on studio "
                 "employment are sensitive to it; vary it."),
    Param("freelance_share", "float", 0.1,
          "Share of buyers' human tasks commissioned from artisans rather than studios when "
          "contract and commission prices are at their reference levels", "",
          0.0, 1.0, group="demand",
          source="Buyers commission some work directly from freelancers besides studios."),
    Param("sourcing_elasticity", "float", 2.0,
          "Elasticity of buyers' freelance-to-studio split to the ratio of their costs", "",
          0.0, 20.0, group="demand",
          source="Stated reason: studio and freelance work are close but imperfect "
                 "substitutes for a buyer (an elasticity of substitution of 2 doubles the "
                 "odds of freelancing when a contract task costs 41% more); vary it."),
    Param("reference_contract_price", "float", 1200.0,
          "Contract price at which buyers' freelance share is freelance_share (with the "
          "commission price at reference_commission_price)", "$/task", 1.0, 1_000_000.0,
          group="demand",
          source="The status quo's contract price before AI: two Cournot buyers, task value "
                 "1,500 $, supply elasticity 2: 1,500 / (1 + 0.5 / 2)."),
    Param("contract_months", "float", 12.0,
          "Average length of buyers' sourcing contracts: their freelance share moves "
          "1/contract_months of the way to its target a month", "months", 1.0, 120.0,
          group="demand",
          source="Stated reason: framework and retainer agreements for creative services "
                 "typically run a year."),
    Param("quality_standard", "float", 0.7,
          "Least quality buyers and studios accept for bulk work (human work = 1)", "",
          0.0, 1.0, group="demand",
          source="Bulk work must be good but need not match a human's best."),
    # --- studios and the labour market ----------------------------------------
    Param("studio_supply_elasticity", "float", 2.0,
          "Elasticity of studios' contract supply to the price buyers pay", "",
          0.1, 20.0, group="studios",
          source="US plants' average markdown 1.53 implies an elasticity near 2 "
                 "(Yeh, Macaluso and Hershbein 2022, AER)."),
    Param("studio_capacity", "float", 0.55,
          "Studio tasks per month per initial artist when price equals unit cost",
          "tasks/artist/month", 0.001, 100.0, group="studios",
          source="Calibrated so that about 40% of working artists are employed at rest "
                 "(BLS: 59% of fine artists incl. illustrators self-employed, 2020)."),
    Param("tasks_per_worker", "float", 4.0, "Tasks a wage artist finishes per month",
          "tasks/month", 0.1, 100.0, group="studios",
          source="A studio artist finishes about a piece a week."),
    Param("initial_wage", "float", 2400.0,
          "Studios' wage at the start of the run, before wage setting moves it", "$/month",
          1.0, 50_000.0, group="studios",
          source="20% above the living cost; from then on each studio sets its wage against "
                 "the supply of workers (labour_supply_elasticity)."),
    Param("labour_supply_elasticity", "float", 3.0,
          "Elasticity of the supply of workers to one studio: a monopsonist pays at most "
          "e/(1+e) of a worker's marginal revenue product", "", 0.1, 50.0, group="studios",
          source="Between the markdown of US plants (MRP/wage 1.53, e = 1.9; Yeh, Macaluso "
                 "and Hershbein 2022, AER) and the elasticity of about 4 of Card, Cardoso, "
                 "Heining and Kline (2018, JOLE); wage/MRP = 0.75."),
    Param("wage_adjustment", "float", 0.087,
          "Share of the gap to its target wage a studio closes each month", "1/month",
          0.0, 1.0, group="studios",
          source="Wages change with a quarterly probability of 21-27% (Barattieri, Basu and "
                 "Gottschalk 2014, AEJ: Macro): about 0.087 a month, once a year."),
    Param("switching_cost", "float", 6.0,
          "Income a studio worker gives up by leaving for other work, in months of the "
          "outside option", "months", 0.0, 120.0, group="studios",
          source="Stated reason: a move between a studio and self-employment stays within "
                 "art, so well below the 1.4-2.7 years of wages that moves between sectors "
                 "cost (Dix-Carneiro 2014, Econometrica); half a year."),
    Param("handler_tasks", "float", 60.0, "AI images an AI handler cleans up per month",
          "images/month", 1.0, 10_000.0, group="studios",
          source="Cleaning up a generated image takes a few hours: about three a day."),
    Param("handler_wage_ratio", "float", 0.7,
          "An AI handler's wage as a share of a wage artist's (lower skill premium)", "",
          0.0, 1.0, group="studios",
          source="AI handling pays less than art work (lower skill premium), as reported "
                 "for labelling and clean-up jobs."),
    Param("cleanup_gain", "float", 0.6,
          "Share of the gap to human quality that a handler's clean-up closes", "",
          0.0, 1.0, group="studios",
          source="A handler's clean-up closes more than half of the gap to human quality."),
    Param("working_capital_months", "float", 1.0,
          "Months of outgoings studios, buyers and vendors keep as cash; the rest is paid out "
          "to their owners (cooperatives: to their members)", "months", 0.0, 24.0,
          group="studios",
          source="JPMorgan Chase Institute (2016), Cash is King: the median US small business "
                 "holds cash for 27 days of outflows (about one month)."),
    # --- AI --------------------------------------------------------------------
    Param("ai_start", "int", 24,
          "Month generative AI arrives (a month past the run's end means never)", "month",
          0, 100_000, group="ai", source="Status quo: two years into the run.",
          control=True, ui_high=120),
    Param("ai_access", "choice", "buyers_and_artists", "Who may use AI",
          choices=AI_ACCESS, group="ai",
          source="Policy lever (model brief section 5); today's default lets anyone use "
                 "AI.",
          control=True),
    Param("ai_quality_initial", "float", 0.3, "Frontier AI quality in its first month", "",
          0.0, 1.0, group="ai",
          source="Early image generators were usable only for the simplest tasks."),
    Param("ai_quality_max", "float", 0.97, "Ceiling of frontier AI quality", "", 0.0, 1.0,
          group="ai", source="Modelling choice: near parity for the simplest tasks."),
    Param("ai_quality_growth", "float", 0.05,
          "Monthly rate at which the frontier closes the gap to its ceiling", "1/month",
          0.0, 1.0, group="ai",
          source="The frontier closes 5% of its gap each month: near its ceiling after "
                 "about four years.",
          control=True, ui_high=0.2, ui_step=0.005),
    Param("ai_complexity_penalty", "float", 2.0,
          "Exponent k in AI quality = frontier * corpus term * (1 - complexity)^k", "",
          0.0, 20.0, group="ai",
          source="Simple work goes to AI first: quality halves by complexity 0.3."),
    Param("ai_breakthrough_rate", "float", 0.25,
          "Monthly chance of a breakthrough (a new model generation) at the AI frontier",
          "1/month", 0.01, 1.0, group="ai",
          source="About three frontier image-model generations a year, 2022-2025 (DALL-E 2 "
                 "Apr 2022, Midjourney v4 Nov 2022, Midjourney v5 Mar 2023, SDXL Jul 2023, "
                 "DALL-E 3 Oct 2023, Midjourney v6 Dec 2023, SD3 Jun 2024, FLUX.1 Aug 2024, "
                 "GPT-4o image generation Mar 2025: the vendors' release notes)."),
    Param("ai_breakthrough_share", "float", 0.6,
          "Share of the frontier's expected progress (in logs of its gap) that comes in "
          "breakthroughs; the rest is steady improvement between them", "", 0.0, 1.0,
          group="ai",
          source="Modelling choice: most of the visible gains in image generation came with "
                 "new model generations (the releases above), the rest with updates between "
                 "them. 0 gives the deterministic frontier of earlier versions."),
    Param("corpus_half_works", "float", 0.04,
          "Usable training works of a style, per initial artist, at which AI reaches half "
          "the frontier in that style", "works/artist", 1e-6, 1000.0, group="ai",
          source="Chosen so that the status quo's usable corpus when AI arrives (about 145 "
                 "works per style per initial artist, most of them buyers' catalogues and "
                 "the archive) gives about 91% of the frontier, as the share-based corpus "
                 "term of earlier versions did. Per initial artist, so results do not depend "
                 "on the population's size."),
    Param("data_scaling_exponent", "float", 0.28,
          "Exponent beta of the power law by which AI's shortfall from the frontier falls "
          "with its usable data", "", 0.01, 2.0, group="ai",
          source="Hoffmann et al. (2022, 'Training compute-optimal large language models'): "
                 "loss falls with data D as B / D^beta, beta = 0.28; Henighan et al. (2020) "
                 "find power laws of the same kind for image generation."),
    Param("catalogue_training", "bool", True,
          "Whether buyers' catalogues (work they own the rights to) may be used to train AI "
          "(sold, licensed or scraped as the IP regime says)", "", group="ai",
          source="Policy lever (issue 'The AI sector and the data commons'); today's "
                 "catalogue owners license or sell their archives to AI vendors (e.g. "
                 "Shutterstock's licences to OpenAI, 2023)."),
    Param("ai_brand_reach", "float", 0.5,
          "Share (in logs) of an artisan's brand an AI image in their style carries for the "
          "client who would buy from them", "", 0.0, 1.0, group="ai", source="Modelling "
          "choice: AI imitates named styles (MIT Technology Review, 16 Sep 2022: a living "
          "illustrator's name among Stable Diffusion's most used prompts) but not authorship; "
          "halfway between 0 (AI competes only with the unknown) and 1 (with every name)."),
    Param("compute_cost", "float", 2.0, "Compute cost of one AI image when AI arrives", "$/image",
          0.0, 10_000.0, group="ai",
          source="A few dollars per image at launch, cheap against human prices."),
    Param("compute_cost_decline", "float", 0.03, "Monthly rate of decline of compute cost",
          "1/month", 0.0, 1.0, group="ai", source="Inference costs fall about 30% a year."),
    Param("ai_demand_elasticity", "float", 2.0,
          "Price elasticity epsilon of spending on AI images as a whole (a monopoly "
          "vendor's markup is 1 / (epsilon - 1))", "", 1.01, 50.0, group="ai",
          source="Gives a vendor markup of 100% with one vendor and, with "
                 "vendor_substitution, 33% with two."),
    Param("ai_time_hours", "float", 2.0,
          "Human time to prompt, select and fix one AI image for use", "hours/image",
          0.0, 100.0, group="ai",
          source="Practitioners report roughly 1-14 hours of fixing per brand-ready AI "
          "illustration (Evil Martians 2026 case study: $600-700 of staff time); two hours for "
          "an ordinary image. Valued at the living cost per hour for clients, at the studio "
          "wage for buyers' staff."),
    Param("integration_months", "float", 1.0,
          "One-off cost of integrating AI into a firm's work, in months of a worker's wage "
          "per worker's worth of tasks moved to AI", "months", 0.0, 120.0, group="ai",
          source="Stated reason: retraining and new workflows (Census BTOS: AI-using firms "
                 "retrain staff); about a month of a worker's wage, weighed over a "
                 "three-year payback."),
    Param("adoption_innovation_people", "float", 0.018,
          "Bass innovation rate p of AI adoption among clients", "1/month", 0.0, 1.0,
          group="ai",
          source="Bick, Blandin and Deming (2024, NBER w32966): 39.4% of US adults used "
                 "generative AI 21 months after ChatGPT; with q = 0.032 this gives p = 0.018."),
    Param("adoption_imitation_people", "float", 0.032,
          "Bass imitation rate q of AI adoption among clients", "1/month", 0.0, 1.0,
          group="ai",
          source="Sultan, Farley and Lehmann (1990, JMR) meta-analysis: q = 0.38 a year, "
                 "0.032 a month."),
    Param("adoption_innovation_firms", "float", 0.003,
          "Bass innovation rate p of AI adoption among buyers and studios (at a full cost "
          "saving; scaled by the saving)", "1/month", 0.0, 1.0, group="ai",
          source="Census Business Trends and Outlook Survey (Bonney et al.): US firms using "
                 "AI in production 3.7% (Sep 2023) to 5.4% (Feb 2024); fitted with q = 0.02."),
    Param("adoption_imitation_firms", "float", 0.02,
          "Bass imitation rate q of AI adoption among buyers and studios (at a full cost "
          "saving; scaled by the saving)", "1/month", 0.0, 1.0, group="ai",
          source="Fitted with p = 0.003 to the Census BTOS path of firms' AI use "
                 "(about 3%, 5% and 12% at 10, 15 and 31 months)."),
    *AI_SECTOR,
    *INSTITUTIONS,
)



def _estimated(params: tuple[Param, ...]) -> tuple[Param, ...]:
    """The parameters with the defaults `python -m model calibrate --write-defaults` wrote
    in model/estimates.py, each with its provenance added to its source."""
    from dataclasses import replace

    from .estimates import ESTIMATES

    out = []
    for p in params:
        e = ESTIMATES.get(p.name)
        if e is not None:
            lo, hi = e["ci95"]
            value = p.check(int(round(e["value"])) if p.kind == "int" else e["value"])
            p = replace(p, default=value, source=(
                f"Estimated by the method of simulated moments (`{e['command']}`, "
                f"{e['date']}): {e['value']:.4g}, 95% interval {lo:.4g}-{hi:.4g} "
                f"(docs/calibration.md). Before: {p.source}"))
        out.append(p)
    return tuple(out)


PARAMETERS = _estimated(PARAMETERS)
PARAMETERS_BY_NAME: dict[str, Param] = {p.name: p for p in PARAMETERS}
