"""Estimated parameter values, written by `python -m model calibrate --write-defaults`
(docs/calibration.md). Do not edit by hand: run the calibration again.

`model.parameters` takes each value as the default of its parameter and adds the
provenance to its source."""

ESTIMATES = {
}
