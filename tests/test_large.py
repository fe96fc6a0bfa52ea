"""The machinery of large models: draws made ahead in the background, malloc settings."""

import pickle
import platform
import sys

import numpy as np

from model import large
from model.phases.commissions import draws as _commission_draws


def _draws(rng, n):
    return rng.standard_normal(n)


def test_draws_made_ahead_are_the_draws_made_then():
    rng, twin = np.random.default_rng(7), np.random.default_rng(7)
    ahead = large.Ahead(rng, _draws, 1000)
    # The stream itself is not touched until the draws are taken.
    assert rng.bit_generator.state == np.random.default_rng(7).bit_generator.state
    got = ahead.take(rng, 1000)
    assert np.array_equal(got, twin.standard_normal(1000))
    # ... and the stream goes on where drawing them would have left it.
    assert np.array_equal(rng.random(5), twin.random(5))


def test_draws_guessed_wrong_are_dropped():
    rng = np.random.default_rng(7)
    before = rng.bit_generator.state
    ahead = large.Ahead(rng, _draws, 1000)
    assert ahead.take(rng, 999) is None
    assert rng.bit_generator.state == before


def test_commission_draws_made_ahead_survive_pickling():
    rng, twin = np.random.default_rng(3), np.random.default_rng(3)
    ahead = pickle.loads(pickle.dumps(large.Ahead(rng, _commission_draws, 2, 4, 50, 0.3)))
    buyers, noise = ahead.take(rng, 2, 4, 50, 0.3)
    want_buyers, want_noise = _commission_draws(twin, 2, 4, 50, 0.3)
    assert all(np.array_equal(x, y) for x, y in zip(buyers, want_buyers))
    assert np.array_equal(noise, want_noise)


def test_heap_settings_apply_once_and_say_so(monkeypatch):
    monkeypatch.setattr(large, "_applied", None)
    monkeypatch.setenv("ARTMARKET_KEEP_MALLOC", "1")
    assert large.keep_arrays_on_heap() is False          # asked to leave malloc alone
    monkeypatch.setattr(large, "_applied", None)
    monkeypatch.delenv("ARTMARKET_KEEP_MALLOC")
    first = large.keep_arrays_on_heap()
    assert first is (sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc")
    assert large.keep_arrays_on_heap() is first          # applied once
