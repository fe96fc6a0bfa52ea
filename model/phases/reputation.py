"""Phase 9, reputation: preferential attachment among artisans (`kernels.reputation`).

Artisans who sell out their capacity gain visibility and the others lose it, with noise;
the total is held fixed (attention is redistributed, not created). It changes nothing
the measures read but reputation itself, so a large model runs it in its background
thread while the measures are computed.
"""

from __future__ import annotations

import numpy as np

from ..population import ARTISAN
from ..data import ACTIVE


def update(m) -> None:
    """One month of reputation drift and noise for every artisan (in place)."""
    s, a = m.params, m.artists
    rng = m.streams["reputation"]
    artisans = np.flatnonzero(a.position == ARTISAN)
    if artisans.size == 0:
        return
    filled = a.sold[artisans] / s.commission_capacity
    filled -= filled.mean()
    filled *= s.reputation_growth                # the drift
    change = rng.standard_normal(artisans.size)
    change *= s.reputation_noise                 # the noise
    change += filled
    if s.withholding_visibility_cost > 0:
        # Keeping works from scrapers (on strike) or poisoning them costs exposure.
        hidden = a.poisoning[artisans] | (a.striking[artisans] & (m.strike_state == ACTIVE))
        change[hidden] -= s.withholding_visibility_cost
    np.exp(change, out=change)
    m.kernels.scale_reputation(a.reputation, artisans, change, 0.05)
