"""The phases of the month, one module each, in the order `ArtMarketModel.step` runs them.

    1. ai           strikes, poisoning, opt-outs; corpora, vendors' quality and prices
    2. demand       this month's client requests
    3. choice       clients, buyers and studios choose human work or AI
    4. commissions  the commission market, a call market per style
    5. contracts    buyers' Cournot procurement from studios
    6. labour       layoffs, then vacancies filled from job seekers
    7. accounts     production, wages, profits, IP income, households' budgets
    8. transitions  class mobility, retirement and entry
    9. reputation   preferential attachment among artisans
   10. measures     what the month reports

Each phase is a set of functions taking the model (`m`: its parameters, arrays, streams,
kernels and ledger) and the month's record (`model.month.MonthRecord`), where it writes
what later phases and the measures read. Its compiled kernels are in the module of the
same name in `model/kernels/`, their plain-Python twins in `model/twins/`. The AI
sector's firms (`model.vendors`) and data as leverage (`model.data`) are modules of their
own, read by the AI, commission and accounts phases.
"""
