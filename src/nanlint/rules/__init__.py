"""The rules, most specific first: a site gets the first finding an enabled rule makes."""

from __future__ import annotations

from ..rule import Rule
from .division_unmasked import DivisionUnmasked
from .inverse_trig_unmasked import InverseTrigUnmasked
from .log1p_unmasked import Log1pUnmasked
from .log_of_probability import LogOfProbability
from .log_unmasked import LogUnmasked
from .mask_after_op import MaskAfterOp
from .prefer_stable_log import PreferStableLog
from .sqrt_unmasked import SqrtUnmasked

ALL_RULES: tuple[type[Rule], ...] = (
    LogOfProbability,
    MaskAfterOp,
    Log1pUnmasked,
    SqrtUnmasked,
    DivisionUnmasked,
    InverseTrigUnmasked,
    LogUnmasked,
    PreferStableLog,
)
BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}
