"""The parameters of artists' career choices (`model.careers`): how often they weigh a
move, over what horizon, what a job outside paid art pays, and what retraining costs and
gives. Part of `model.parameters.PARAMETERS`, listed with the transitions; declared here
only to keep each module short.
"""

from __future__ import annotations

from .param import Param

CAREERS: tuple[Param, ...] = (
    Param("career_review_rate", "float", 0.05,
          "Monthly chance that an artist weighs the positions it can reach (every month "
          "for an artisan in hardship)", "1/month", 0.0, 1.0, group="transitions",
          source="Stated reason: about half of artists reconsider their position within a "
                 "year (1 - 0.95^12 = 46%), the pace at which the fixed job-search rule it "
                 "replaces had artisans earning below a wage apply for jobs."),
    Param("career_horizon", "float", 36.0,
          "Months over which an artist weighs a move (switching and retraining costs are "
          "spread over them)", "months", 1.0, 600.0, group="transitions",
          source="Stated reason: three years, the horizon over which firms here weigh the "
                 "cost of adopting AI (choice.PAYBACK_MONTHS)."),
    Param("outside_wage", "float", 2500.0,
          "Monthly pay of a full-time job outside paid art open to an artist who leaves",
          "$/month", 0.0, 20_000.0, group="transitions",
          source="US retail salespersons' median wage, about $16 an hour (BLS Occupational "
                 "Employment and Wage Statistics, May 2023), times 160 hours; the jobs "
                 "artists who leave art most often take pay about that."),
    Param("art_preference", "float", 750.0,
          "Monthly value an artist puts on making art (artisan or wage artist) over other "
          "work, in $ of income it would give up", "$/month", 0.0, 20_000.0,
          group="transitions",
          source="A compensating differential: artists earn less than comparable workers "
                 "in every US census 1940-2000 (Alper and Wassall 2006, Handbook of the "
                 "Economics of Art and Culture, ch. 23), by 15-30% in recent estimates; 30% "
                 "of outside_wage. To be estimated (issue 'Evidence a reader can check')."),
    Param("skill_premium", "float", 1.0,
          "Elasticity of an artisan's brand (the multiplier on what clients pay) with "
          "respect to its art skill: brand = reputation x exp(premium (skill - 0.5))", "",
          0.0, 10.0, group="transitions",
          source="Stated reason: 1 gives every artist at the start the brand the model drew "
                 "before skill could change (reputation times exp(skill - 0.5)), so a new "
                 "run starts where it did; skill learned or lost now moves the price."),
    Param("retraining_cost", "float", 2000.0,
          "Fee an unemployed artist pays to retrain for AI-complementary work", "$",
          0.0, 100_000.0, group="transitions",
          source="Stated reason: about a month of living cost, the price range of short "
                 "online courses in AI image workflows, far below a design bootcamp."),
    Param("retraining_months", "int", 3,
          "Months retraining takes (unemployed, not looking for a job)", "months", 1, 60,
          group="transitions", source="Stated reason: a quarter of a year of courses."),
    Param("retraining_gain", "float", 0.1,
          "Share of the gap to full AI-handling skill that retraining closes", "", 0.0, 1.0,
          group="transitions",
          source="Stated reason: what about twenty months in a handler job teach "
                 "(1 - 0.995^21 = 0.10 at handler_skill_learning 0.005)."),
)
