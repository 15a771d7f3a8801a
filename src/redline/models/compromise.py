"""The compromise model: on each issue, the mean of the positions weighted by capability × salience
(the Nash bargaining solution of the decide exchange model)."""

from __future__ import annotations

import numpy as np


def compromise(position: np.ndarray, capability: np.ndarray, salience: np.ndarray) -> np.ndarray:
    """Outcome per issue for positions (..., n); actors without a position (NaN) do not count."""
    held = ~np.isnan(position)
    weight = np.where(held, capability * salience, 0.0)
    total = weight.sum(axis=-1)
    value = np.where(held, position, 0.0)
    return np.where(total > 0, (weight * value).sum(axis=-1) / np.where(total > 0, total, 1), np.nan)
