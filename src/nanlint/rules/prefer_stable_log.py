from __future__ import annotations

from typing import Optional

from .. import apitable as api
from ..engine import Site
from ..results import MEDIUM, SAFE, Fix
from ..rule import Context, Example, Rule, Verdict, operation
from .log_of_probability import stable_rewrite


class PreferStableLog(Rule):
    """A masked `log(softmax(z))` or `log(sigmoid(z))`: the stable API is exact and faster.

    **What it finds.** The catalog's own fix: a `log` of a softmax or sigmoid output that is
    clipped or offset by an epsilon (`tf.log(tf.clip_by_value(y_conv, 1e-10, 1.0))`). It is
    not the smell, so this rule is off unless selected (`--select NAN103`, or
    `extend-select` in the configuration).

    **Why it matters.** The mask keeps the value finite, but it also bends the loss: every
    probability below the epsilon gets the same log and no gradient, so a confidently wrong
    prediction stops being corrected. `log_softmax` / `log_sigmoid` compute the exact value
    without forming the 0, in one fused kernel.

    **Example.**

        return torch.log(torch.softmax(z, -1).clamp(min=1e-8))

    **Fix.** `torch.log_softmax(z, -1)` when the softmax is written inside the log (values
    change only where the mask was active: safe); otherwise use the stable API on the logits
    by hand.
    """

    code = "NAN103"
    name = "prefer-stable-log"
    default = False

    VALID = (
        "import torch\ndef f(z):\n    return torch.log_softmax(z, -1)\n",
        "import torch\ndef f(p):\n    return torch.log(p.clamp(min=1e-8))\n",
    )
    INVALID = (
        Example(
            "import torch\ndef f(z):\n    return torch.log(torch.softmax(z, -1) + 1e-8)\n",
            "import torch\ndef f(z):\n    return torch.log_softmax(z, -1)\n",
        ),
        Example(
            "import tensorflow as tf\ny = tf.nn.softmax(tf.ones([3]))\n"
            "l = tf.log(tf.clip_by_value(y, 1e-10, 1.0))\n",
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        operand = site.operand
        if site.kind != api.LOG or operand.probability is None or operand.mask is None \
                or not operand.range.positive:
            return None
        stable = stable_rewrite(site, ctx, through_mask=True)
        kind = "sigmoid" if "sigmoid" in operand.probability.kind else "softmax"
        message = (f"{operation(site, ctx)} of a masked {kind} output: the mask keeps it "
                   f"finite but flattens the loss below the epsilon. The stable "
                   f"{'`' + stable[1] + '` ' if stable else ''}API is exact and faster")
        return Verdict(message, MEDIUM,
                       Fix(SAFE, f"Use the stable `{stable[1]}`", stable[0]) if stable else None)
