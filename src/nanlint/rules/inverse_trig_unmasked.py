from __future__ import annotations

from typing import Optional

from .. import apitable as api
from ..engine import Site
from ..rule import (
    Context,
    Example,
    Rule,
    Verdict,
    can_leave_domain,
    confidence,
    evidence,
    mask,
    mask_fix,
    operation,
)
from .log1p_unmasked import UNIT_MARGIN


class InverseTrigUnmasked(Rule):
    """`acos`, `asin` or `atanh` of a value that can reach ±1: a cosine similarity, a dot
    product of normalized vectors, a `tanh` output.

    **What it finds.** `acos`/`arccos`, `asin`/`arcsin` and `atanh`/`arctanh` of any
    supported library (NumPy included: the NaN is a domain error, not only a gradient one)
    whose argument is not clamped strictly inside (-1, 1).

    **Why it matters.** A cosine similarity of two equal vectors is 1.0, and rounding makes
    it 1.0000001: `acos` of that is NaN. Exactly at ±1 the value is finite but the gradient
    `-1 / sqrt(1 - x^2)` is infinite; `atanh(±1)` is infinite outright.

    **Example.**

        cos = F.cosine_similarity(a, b, dim=-1)
        angle = torch.acos(cos)

    **Fix.** Clamp inside the open interval by a float32-visible margin:
    `torch.clamp(cos, -1 + 1e-6, 1 - 1e-6)`. Only values within 1e-6 of ±1 change: safe.
    """

    code = "NAN030"
    name = "inverse-trig-unmasked"

    VALID = (
        "import torch\nimport torch.nn.functional as F\ndef f(a, b):\n"
        "    cos = F.cosine_similarity(a, b, dim=-1).clamp(-1 + 1e-7, 1 - 1e-7)\n"
        "    return torch.acos(cos)\n",
        "import numpy as np\ndef f(x):\n    return np.arcsin(np.clip(x, -0.99, 0.99))\n",
        "import math\ndef f(x):\n    return math.acos(x)\n",
    )
    INVALID = (
        Example(
            "import torch\nimport torch.nn.functional as F\ndef f(a, b):\n"
            "    cos = F.cosine_similarity(a, b, dim=-1)\n    return torch.acos(cos)\n",
            "import torch\nimport torch.nn.functional as F\ndef f(a, b):\n"
            "    cos = F.cosine_similarity(a, b, dim=-1)\n"
            "    return torch.acos(torch.clamp(cos, -1 + 1e-6, 1 - 1e-6))\n",
        ),
        Example(
            "import numpy as np\ndef f(u, v):\n    u = u / np.maximum(np.linalg.norm(u), 1e-9)\n"
            "    v = v / np.maximum(np.linalg.norm(v), 1e-9)\n"
            "    return np.arccos(np.dot(u, v))\n",
            "import numpy as np\ndef f(u, v):\n    u = u / np.maximum(np.linalg.norm(u), 1e-9)\n"
            "    v = v / np.maximum(np.linalg.norm(v), 1e-9)\n"
            "    return np.arccos(np.clip(np.dot(u, v), -1 + 1e-6, 1 - 1e-6))\n",
        ),
        Example(
            "import tensorflow as tf\ndef f(x):\n    return tf.math.atanh(tf.tanh(x))\n",
            "import tensorflow as tf\ndef f(x):\n"
            "    return tf.math.atanh(tf.clip_by_value(tf.tanh(x), -1 + 1e-6, 1 - 1e-6))\n",
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        if site.kind not in (api.ACOS, api.ASIN, api.ATANH) or not can_leave_domain(site):
            return None
        spelled = mask(site, ctx, lo=f"-1 + {UNIT_MARGIN}", hi=f"1 - {UNIT_MARGIN}")
        message = (f"{operation(site, ctx)} of a value that can reach ±1: "
                   f"{evidence(site, ctx, 'inside (-1, 1)')}. Rounding past ±1 gives NaN, and "
                   f"at ±1 the gradient is inf. Clamp inside the open interval: "
                   f"`{spelled.text}`")
        return Verdict(message, confidence(site.operand),
                       mask_fix(site, ctx, spelled, f"Clamp inside (-1, 1): `{spelled.text}`"))
