"""Estimated parameter values, written by `python -m model calibrate --write-defaults`
(docs/calibration.md). Do not edit by hand: run the calibration again.

`model.parameters` takes each value as the default of its parameter and adds the
provenance to its source."""

ESTIMATES = {
    'reputation_tail': {
        'value': 2.8970437563992206, 'se': 95.9836792771672,
        'ci95': [2.0, 6.0], 'at_bound': False,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'reputation_growth': {
        'value': 0.0011425037405953012, 'se': 0.13213507119853063,
        'ci95': [0.0, 0.03], 'at_bound': False,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'reputation_noise': {
        'value': 0.005016972898038179, 'se': 1.9616780599658399,
        'ci95': [0.005, 0.04], 'at_bound': True,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'client_requests': {
        'value': 2.0268636181918653, 'se': 172.31163347305466,
        'ci95': [1.0, 2.5], 'at_bound': False,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'client_wtp': {
        'value': 229.89988672707136, 'se': 22299.733578201183,
        'ci95': [150.0, 600.0], 'at_bound': False,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'art_preference': {
        'value': 4.591325612832819, 'se': 12728.128664853513,
        'ci95': [0.0, 2000.0], 'at_bound': True,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'skill_premium': {
        'value': 0.4165793660083564, 'se': 15.010316083047101,
        'ci95': [0.0, 2.0], 'at_bound': False,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'career_review_rate': {
        'value': 0.0945501497042738, 'se': 2.2755213011794884,
        'ci95': [0.01, 0.15], 'at_bound': False,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
    'side_income': {
        'value': 2301.271024713111, 'se': 392.36095412067834,
        'ci95': [1532.2435546365814, 3070.2984947896402], 'at_bound': False,
        'date': '2026-12-03', 'objective': 12.182571283021787,
        'command': 'python -m model calibrate',
    },
}
