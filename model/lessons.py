"""Classroom lessons: their text, their presets and the claims they make.

Each lesson is data: learning goals, the presets it runs (A, and B for compare
mode), predict-then-run questions, what students should notice, discussion
prompts that present more than one side, and an extension exercise. The browser
page's lesson mode shows them beside the charts; `python -m model docs` writes
them to `docs/classroom/`; `tests/test_lessons.py` checks every "notice" claim
against the model over several seeds, so a lesson never promises what the model
does not do.

A claim compares a measure's mean over the last year of a run (months 109-120 of
the 120-month presets) between two presets run with the same seed, or against a
number: `Notice("...", "exit_share", "status_quo", ">", "baseline_no_ai")`.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
LAST_YEAR = slice(109, 120)
RELATIONS = {">": operator.gt, "<": operator.lt}


@dataclass(frozen=True)
class Notice:
    """What students should notice, and the check that the model does it: the last-year
    mean of `measure` in preset `a` stands in `relation` to that in preset `b` (same
    seed) or, when `b` is a number, to that number."""

    text: str
    measure: str
    a: str
    relation: str
    b: str | float

    def holds(self, seed: int) -> bool:
        return bool(RELATIONS[self.relation](*self.values(seed)))

    def values(self, seed: int) -> tuple[float, float]:
        """The two sides of the claim for one seed."""
        right = self.b if isinstance(self.b, (int, float)) else last_year(self.b, seed,
                                                                         self.measure)
        return last_year(self.a, seed, self.measure), float(right)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    minutes: int
    goals: tuple[str, ...]
    preset_a: str
    preset_b: str | None        # compare mode when set
    other_presets: tuple[str, ...]
    setup: str
    predict: tuple[str, ...]
    notice: tuple[Notice, ...]
    discuss: tuple[str, ...]
    extension: str
    # The essays' claims (docs/claims.md, scenarios/claims.toml) this lesson explores.
    claims: tuple[str, ...] = ()
    # Measures the lesson's text cites beyond its notices: the page shows them all.
    cites: tuple[str, ...] = ()

    def measures(self) -> tuple[str, ...]:
        """Every measure the lesson cites, its notices' first, each once."""
        return tuple(dict.fromkeys([n.measure for n in self.notice] + list(self.cites)))


@lru_cache(maxsize=64)
def _frame(preset: str, seed: int):
    from .model import ArtMarketModel
    from .scenario import load_scenario

    return ArtMarketModel(load_scenario(SCENARIOS / f"{preset}.toml", seed=seed)).run(
    ).dataframe()


def last_year(preset: str, seed: int, measure: str) -> float:
    """Mean of a measure over months 109-120 of a preset run with this seed."""
    return float(_frame(preset, seed).loc[LAST_YEAR, measure].mean())


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        id="ai_arrives",
        title="AI arrives: who moves where?",
        minutes=45,
        goals=(
            "Describe the class positions of artists (artisan, wage artist, AI handler, "
            "unemployed, exited) and what proletarianization means.",
            "Trace how the arrival of generative AI moves artists between positions over "
            "ten years, against a world without AI.",
            "Explain why a single index can hide movement (who leaves the denominator).",
        ),
        preset_a="baseline_no_ai",
        preset_b="status_quo",
        other_presets=(),
        setup="Compare mode: A = Baseline without AI (the reference), B = Status quo (AI "
              "arrives in month 24 under today's rules). Play to month 120.",
        predict=(
            "Before you press play: will there be more or fewer wage artists in studios "
            "ten years after AI arrives? Write down a number for A and for B.",
            "Which group grows most with AI: wage artists, AI handlers, the unemployed or "
            "those who leave paid art?",
            "Will the proletarianization index (the share of working-age artists who do "
            "not own their means of production) rise a lot, a little or not at all?",
        ),
        notice=(
            Notice("Some clients take AI images instead of commissioning an artist: a share "
                   "of all images is now made by AI.", "ai_share", "status_quo", ">", 0.05),
            Notice("Some artisans take AI up as a tool and finish more commissions with it "
                   "(so artisans' commissions as a whole need not fall).",
                   "ai_tool_adopter_share", "status_quo", ">", 0.1),
            Notice("Artisans who lose clients leave self-employment: of the artists working "
                   "in art, fewer are artisans with AI than without it (in most runs studios "
                   "also employ more wage artists; in some the two are level) ...",
                   "self_employment_share", "status_quo", "<", "baseline_no_ai"),
            Notice("... so the proletarianization index rises.", "proletarianization_index",
                   "status_quo", ">", "baseline_no_ai"),
            Notice("Fewer artists leave paid art than without AI: studio and AI-handler "
                   "jobs take artists in (ten years on, about as many work as artisans "
                   "either way).", "exited", "status_quo", "<", "baseline_no_ai"),
            Notice("A new job appears that does not exist without AI: the AI handler, who "
                   "cleans up AI output.", "ai_handlers", "status_quo", ">", 0.0),
            Notice("Workers' share of what studios earn falls, and the rate of "
                   "exploitation rises.", "labour_share", "status_quo", "<",
                   "baseline_no_ai"),
        ),
        discuss=(
            "Compare the proletarianization index of A and B with their exit shares. Here "
            "AI moves artisans into studio jobs rather than out of art: studios that use AI "
            "supply more and hire the artisans clients no longer pay. Which assumptions "
            "drive that (how many studio jobs there are, how fast firms adopt AI), and what "
            "would make exit rise instead? Is the index measuring the right thing when "
            "people leave the denominator?",
            "Some argue AI handlers are a new craft and a ladder into work; others that "
            "they are deskilled piece-workers. What in the model supports each view, and "
            "what is the model missing?",
            "Clients get cheaper images. Who gains and who loses overall, and should the "
            "losses be compensated?",
        ),
        extension="Change \"How fast AI improves\" (ai_quality_growth) in B and rerun. Plot "
                  "the exit share at month 120 against the growth rate for three values. Is "
                  "the relation linear?",
        cites=("wage_artists", "unemployed", "exit_share"),
        claims=(
            "artisans_proletarianized",
            "small_enterprise_outpaced",
            "ai_democratises_art",
            "blemish_control_agents",
            "ai_erodes_client_pool",
            "photography_analogy",
        ),
    ),
    Lesson(
        id="who_ip_protects",
        title="Who does intellectual property protect?",
        minutes=45,
        goals=(
            "Compare three ways of governing training data: copyright in styles, "
            "opt-in licensing, and a commons without intellectual property.",
            "Follow where IP income goes: to whom, and how much per artist.",
            "Weigh IP rules against their side effects on AI prices and small artists.",
        ),
        preset_a="status_quo",
        preset_b="style_copyright",
        other_presets=("opt_in_licensing", "commons"),
        setup="Compare mode: A = Status quo (the reference), B = Copyright in artistic "
              "style. Then set B to Opt-in licensing of training data, then to Commons, "
              "keeping A.",
        predict=(
            "Under copyright in styles, who do you expect to receive most of the "
            "royalties: famous artists, typical artists, or buyers who own catalogues?",
            "Under opt-in licensing vendors pay for every image. Guess the licence income "
            "of an average artist per month.",
            "Without any IP (commons), will artisans earn more or less than today?",
        ),
        notice=(
            Notice("Copyright in styles pays royalties, and the top 1% of artists by "
                   "reputation take over five times their head-count share (over 5%) of "
                   "artists' IP income: names are invoked as often as they are known.",
                   "royalty_top1_share", "style_copyright", ">", 0.05),
            Notice("Royalties make AI images several times dearer than today.",
                   "ai_price", "style_copyright", ">", "status_quo"),
            Notice("Lesser-known artisans in famous styles pay legal costs under style "
                   "copyright.", "infringement_costs", "style_copyright", ">", 0.0),
            Notice("Artisans sell fewer commissions under style copyright: legal costs "
                   "raise the asks of lesser-known artisans in famous styles.",
                   "commission_volume", "style_copyright", "<", "status_quo"),
            Notice("Opt-in licensing pays artists, but little: the licence income of all "
                   "artists together is under $100 a month in a 500-artist market.",
                   "licence_income", "opt_in_licensing", "<", 100.0),
            Notice("With fewer works licensed, AI trains on a smaller corpus and is a "
                   "little worse.", "ai_quality", "opt_in_licensing", "<", "status_quo"),
            Notice("In the commons, clients copy published work for free instead of "
                   "commissioning some simple pieces.", "copied_works", "commons", ">", 0.0),
        ),
        discuss=(
            "Style copyright makes AI images five times dearer, yet AI's share hardly "
            "moves: the price is a small part of what AI costs a client, whose own time "
            "to prompt and fix an image costs more. Meanwhile legal costs fall on "
            "lesser-known artisans and a large part of the royalties goes to the famous. "
            "Is that a good trade? Who would lobby for it?",
            "Supporters of the commons say art builds on shared culture and IP mostly "
            "protects intermediaries; critics say it leaves artists with nothing to sell "
            "but labour. Use the runs to argue both sides.",
            "Opt-in licensing respects consent but pays pennies. What else could make "
            "consent valuable to artists?",
        ),
        extension="Raise \"Licence fee per AI image\" (licence_fee) tenfold with B = "
                  "Opt-in licensing of training data. How much licence "
                  "income does the average artist get now, and what happens to the AI "
                  "price and the AI share?",
        cites=("royalties_paid", "training_corpus"),
        claims=(
            "harsher_ip_helps_artists",
            "ip_turns_on_small_artists",
            "ip_drive_serves_successful",
            "name_absorbs_value",
            "ethical_sourcing_protects",
            "copying_need_not_rob_income",
        ),
    ),
    Lesson(
        id="one_buyer",
        title="One buyer for everything: monopsony and its break-up",
        minutes=45,
        goals=(
            "Explain monopsony: a buyer who pays less than the value of what it buys "
            "because its suppliers have nowhere else to go.",
            "Connect buyer concentration to the contract price, studio jobs and wages.",
            "Evaluate breaking up a dominant buyer as a labour-market policy.",
        ),
        preset_a="status_quo",
        preset_b="monopsony_breakup",
        other_presets=(),
        setup="Compare mode: A = Status quo (the reference), B = Breaking up the buyers "
              "(the buyers split into more, smaller ones). Play to month 120. Then try the "
              "lever \"Big buyers\" (n_buyers) in B.",
        predict=(
            "If the two large buyers are split into several smaller ones, will the price "
            "studios get per task go up or down? Why?",
            "Will studios employ more or fewer wage artists?",
            "Who loses from the break-up?",
        ),
        notice=(
            Notice("With more buyers competing, studios are paid more per task (the "
                   "contract price rises).", "contract_price", "monopsony_breakup", ">",
                   "status_quo"),
            Notice("Studios employ more wage artists.", "wage_artists", "monopsony_breakup",
                   ">", "status_quo"),
            Notice("Buyers keep a smaller share of their revenue as profit.",
                   "buyer_margin", "monopsony_breakup", "<", "status_quo"),
            Notice("Fewer artists leave paid art work.", "exit_share", "monopsony_breakup",
                   "<", "status_quo"),
        ),
        discuss=(
            "The contract price follows (v − p)/p = HHI/e: the markdown shrinks as buyers "
            "multiply. Antitrust has traditionally looked at prices to consumers; should "
            "it look at prices paid to suppliers and workers?",
            "Buyers argue that scale lets them fund risky projects. What would be lost if "
            "they were smaller? Does the model capture it?",
            "Is breaking up buyers or organising suppliers (the next lesson) the better "
            "answer to monopsony?",
        ),
        extension="Set \"Big buyers\" (n_buyers) in B to 1, 2, 4 and 8. Record the contract price and the "
                  "buyer markdown at month 120 and compare them with e/(1+e) and the "
                  "Cournot rule.",
        cites=("buyer_markdown", "median_wage"),
        claims=(
            "market_wants_labour_free",
            "breakup_raises_wages",
            "monopsony_not_legality",
            "breakup_and_worker_ownership",
            "wealth_to_big_fish",
        ),
    ),
    Lesson(
        id="organising",
        title="Organising: unions, data strikes and cooperatives",
        minutes=45,
        goals=(
            "Distinguish three forms of collective action: bargaining over wages and AI, "
            "withholding training data, and owning the studio.",
            "Measure what each achieves for wages, jobs, the labour share and AI.",
            "Discuss the limits and costs of each.",
        ),
        preset_a="status_quo",
        preset_b="strong_union",
        other_presets=("data_strike", "cooperative_studios"),
        setup="Compare mode: A = Status quo (the reference), B = Strong union. Then set B "
              "to Data strike, then to Cooperative studios, keeping A.",
        predict=(
            "A strong union bargains over wages and limits AI in covered work. Will "
            "studios employ more or fewer wage artists than today?",
            "A data strike withdraws artists' works from AI training. How much will AI "
            "quality fall?",
            "In a cooperative studio the workers own the firm. What happens to the rate "
            "of exploitation?",
        ),
        notice=(
            Notice("A strong union raises the median wage of studio artists.",
                   "median_wage", "strong_union", ">", "status_quo"),
            Notice("But the higher wage costs studio jobs: studios supply fewer tasks at "
                   "the higher cost and employ fewer wage artists than today ...",
                   "wage_artists", "strong_union", "<", "status_quo"),
            Notice("... and the AI clause keeps covered work human, but not AI out: dearer "
                   "human work moves other work to AI, whose share of all images and tasks "
                   "is higher than today.", "ai_share", "strong_union", ">", "status_quo"),
            Notice("Workers' share of studio value added rises under the union.",
                   "labour_share", "strong_union", ">", "status_quo"),
            Notice("A data strike shrinks the training corpus and lowers AI quality, but "
                   "only a little.", "ai_quality", "data_strike", "<", "status_quo"),
            Notice("Cooperative studios pay their workers all of their profits: a higher "
                   "labour share and a lower rate of exploitation.", "exploitation_rate",
                   "cooperative_studios", "<", "status_quo"),
        ),
        discuss=(
            "The union raises wages and keeps covered work human, but studios price human "
            "work at the wage they pay: they supply fewer tasks and employ fewer artists. "
            "Who pays for the union's gains: buyers, clients, or artists outside the "
            "studios? Would you trade those jobs for the higher wage?",
            "A data strike costs each striker nothing directly but achieves little alone. "
            "What would make it bite (see the lever \"Striking style\")? Is it a strike or a boycott?",
            "Cooperatives end exploitation inside the firm but still sell to the same "
            "dominant buyers. Can ownership without market power change artists' lives?",
        ),
        extension="With B = Data strike, set \"Striking style\" (data_strike_style) to 0 "
                  "(everyone strikes in one style) and compare AI quality in that style "
                  "with the spread-out strike. "
                  "Which is more effective, and why?",
        cites=("training_corpus", "ai_quality_striking_style", "strike_active"),
        claims=(
            "union_power_over_ai",
            "luddites_wages_rose",
            "union_employment_guarantees",
            "data_withdrawal_saves_jobs",
            "data_strike_slows_ai",
            "socialize_property",
        ),
    ),
)

BY_ID = {lesson.id: lesson for lesson in LESSONS}


def presets_of(lesson: Lesson) -> list[str]:
    names = [lesson.preset_a] + ([lesson.preset_b] if lesson.preset_b else [])
    return names + [p for p in lesson.other_presets if p not in names]


def markdown(lesson: Lesson, number: int) -> str:
    """The lesson as a Markdown handout."""
    out = [f"# Lesson {number}: {lesson.title}", "",
           f"About {lesson.minutes} minutes. Presets: "
           + ", ".join(f"`{p}`" for p in presets_of(lesson)) + ".", "",
           "## Learning goals", ""]
    out += [f"- {g}" for g in lesson.goals]
    out += ["", "## Set-up", "", lesson.setup, "",
            "In the page: choose this lesson under *Lesson*; it loads A (the reference) and "
            "B (the policy) and shows the questions beside the charts, each with a box for "
            "a prediction. Every measure below is in the page's table while the lesson is "
            "chosen. Keep what you find with *Export* (CSV of the run, each chart as HTML; "
            "the camera icon on a chart saves it as PNG): each file says what ran, and "
            "`python -m model run FILE` runs it again.", "",
            "## Predict, then run", ""]
    out += [f"{k}. {q}" for k, q in enumerate(lesson.predict, 1)]
    out += ["", "## What students should notice", "",
            "(Each of these is checked by `tests/test_lessons.py` on several seeds: the "
            "mean of the last year of the run, month 109-120.)", ""]
    out += [f"- {n.text}" for n in lesson.notice]
    out += ["", "## Discussion", ""]
    out += [f"- {d}" for d in lesson.discuss]
    out += ["", "## Extension", "", lesson.extension, ""]
    if lesson.claims:
        out += ["## The essays' claims this lesson explores", "",
                "What the model says about each, with replicates paired by seed, is in "
                "[docs/claims.md](../claims.md):", ""]
        out += [f"- [`{c}`](../claims.md#{c})" for c in lesson.claims]
        out.append("")
    return "\n".join(out)


def index_markdown() -> str:
    out = ["# Classroom lessons", "",
           "Four lessons of about 45 minutes for economics, labour studies and art "
           "schools. Each has learning goals, presets for the page's compare mode, "
           "predict-then-run questions, what students should notice (every such claim "
           "is tested against the model), discussion prompts with more than one side, "
           "and an extension exercise.", "",
           "Run the page for a room with `make classroom` (see the README: the address "
           "to give students), or for yourself with `make app`.", "",
           "## Using the page in class", "",
           "- **A is the reference, B the policy**, in every lesson: B − A is always what "
           "the policy changes. In compare mode the levers change B; A runs its preset as "
           "published, with the same artists and seed.",
           "- **Predict first.** Each question has a box; what students type shows beside "
           "the results table, and stays for the session.",
           "- **Play to month** stops the run where you want to discuss it (month 36: a "
           "year after AI arrives); ▶ goes on. Pausing stops within a month of what is "
           "on screen. Dotted lines mark AI's arrival and a data strike's start.",
           "- **The headline chart** shows the indicators over time for A and B, with "
           "B − A as grey bars; the table shows this month's values and every measure the "
           "lesson cites.",
           "- **A reload keeps the run**: the page's address holds the scenario, lesson "
           "and month, so a reload (or the address on the board) restores them.",
           "- **On a projector** (1024x768 and up) the page keeps its layout; close the "
           "sidebar (the menu icon) for more room. Every file exported says what ran.",
           ""]
    for k, lesson in enumerate(LESSONS, 1):
        out.append(f"{k}. [{lesson.title}]({lesson_file(lesson, k).name})")
    out.append("")
    out.append("These files are generated from `model/lessons.py` by `python -m model docs`.")
    return "\n".join(out) + "\n"


def lesson_file(lesson: Lesson, number: int) -> Path:
    return ROOT / "docs" / "classroom" / f"{number}-{lesson.id.replace('_', '-')}.md"
