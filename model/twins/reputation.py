"""Plain-Python twins of `model.kernels.reputation` (see `model.twins`)."""

from __future__ import annotations



def scale_reputation(reputation, who, factor, floor):
    before = after = 0.0
    for i, f in zip(who, factor):
        before += float(reputation[i])
        after += float(reputation[i]) * float(f)
    scale = before / after if after > 0.0 else 1.0
    for i, f in zip(who, factor):
        reputation[i] = max(float(reputation[i]) * float(f) * scale, floor)
