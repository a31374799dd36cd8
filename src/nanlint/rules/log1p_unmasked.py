from __future__ import annotations

from typing import Optional

from .. import apitable as api
from ..engine import Site
from ..results import HIGH, MEDIUM
from ..rule import (
    Context,
    Example,
    Rule,
    Verdict,
    can_leave_domain,
    mask,
    mask_fix,
    operation,
    subject,
)

# Near -1 a float32 step is 6e-8: a smaller margin rounds back to -1 and masks nothing.
UNIT_MARGIN = "1e-6"


class Log1pUnmasked(Rule):
    """`log1p(a)` where `a` can reach -1: `log1p(-p)` with `p` a probability, `log1p(x - 1)`.

    **What it finds.** `log1p` of a negation or a subtraction that nothing keeps above -1:
    `log1p(-p)` (the stable spelling of `log(1 - p)`, which still needs `p < 1`),
    `log1p(x - 1)`. A `log1p` of a value with no visible route to -1 (`log1p(exp(x))`,
    `log1p(x ** 2)`, a plain parameter) is not reported.

    **Why it matters.** `log1p(-1)` is `-inf` and below -1 it is NaN. A sigmoid or softmax
    output reaches exactly 1.0 in float32 (sigmoid does for z > 17), so `log1p(-p)` is
    `-inf` as soon as the model is confident.

    **Example.**

        def log_not(p):
            return torch.log1p(-p)

    **Fix.** Keep the argument above -1 by a float32-visible margin:
    `torch.clamp(-p, min=-1 + 1e-6)`; better, compute from logits (`F.logsigmoid(-z)` is
    `log(1 - sigmoid(z))`). The clamp changes values only within 1e-6 of -1: safe.
    """

    code = "NAN002"
    name = "log1p-unmasked"

    VALID = (
        "import torch\ndef f(x):\n    return torch.log1p(torch.exp(x))\n",
        "import torch\ndef f(x):\n    return torch.log1p(x)\n",
        "import torch\ndef f(p):\n    return torch.log1p(-p.clamp(max=1 - 1e-6))\n",
        "import numpy as np\ndef f(x):\n    return np.log1p(x ** 2)\n",
    )
    INVALID = (
        Example(
            "import torch\ndef f(p):\n    return torch.log1p(-p)\n",
            "import torch\ndef f(p):\n    return torch.log1p(torch.clamp(-p, min=-1 + 1e-6))\n",
        ),
        Example(
            "import numpy as np\ndef f(x):\n    return np.log1p(x - 1)\n",
            "import numpy as np\ndef f(x):\n    return np.log1p(np.maximum(x - 1, -1 + 1e-6))\n",
        ),
        Example(
            "import tensorflow as tf\ndef f(z):\n    return tf.math.log1p(-tf.sigmoid(z))\n",
            "import tensorflow as tf\ndef f(z):\n"
            "    return tf.math.log1p(tf.maximum(-tf.sigmoid(z), -1 + 1e-6))\n",
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        origin = site.operand.origin
        if site.kind != api.LOG1P or not can_leave_domain(site) or origin is None \
                or origin.kind not in ("negation", "subtraction"):
            return None
        bounded = not site.operand.range.unbounded
        spelled = mask(site, ctx, lo=f"-1 + {UNIT_MARGIN}")
        reach = "reaches -1 when the value it negates reaches 1" if bounded else \
            "can reach -1 since nothing bounds the value it subtracts"
        message = (f"{operation(site, ctx)} of {subject(site, ctx)}, which {reach}: "
                   f"log1p(-1) is -inf and below -1 NaN. Keep it above -1: `{spelled.text}`")
        return Verdict(message, HIGH if bounded or _probability_named(site) else MEDIUM,
                       mask_fix(site, ctx, spelled, f"Keep the input above -1: "
                                                    f"`{spelled.text}`"))


def _probability_named(site: Site) -> bool:
    node = site.operand_node
    inner = getattr(node, "operand", None)
    return getattr(inner, "id", None) in api.PROBABILITY_NAMES
