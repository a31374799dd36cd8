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
    framework_of,
    mask,
    mask_fix,
    operation,
)


class SqrtUnmasked(Rule):
    """`sqrt` of a value that can be 0 in a differentiable framework: an infinite gradient.

    **What it finds.** `sqrt`, `rsqrt`, `x ** 0.5`, `x ** -0.5`, `pow(x, 0.5)`,
    `x.pow(0.5)`, `x.sqrt()` in PyTorch, TensorFlow, Keras, JAX, MXNet or Paddle, whose
    argument can be 0 or negative: typically a sum of squares (a Euclidean distance or norm
    written by hand), a variance, a `relu` or `abs` output. An operator form (`x ** 0.5`)
    is reported only when the operand is visibly a tensor that can be 0, since
    `d_model ** 0.5` is a hyperparameter. NumPy's `sqrt` has no gradient and is not
    reported, nor is Python's `math.sqrt`.

    **Why it matters.** The forward value `sqrt(0) = 0` is fine, but the derivative
    `1 / (2 sqrt(x))` is infinite at 0: the distance between two identical embeddings gives
    an `inf` gradient, then NaN weights. `rsqrt(0)` is already `inf` in the forward pass.

    **Example.**

        def distance(a, b):
            return torch.sqrt(((a - b) ** 2).sum(-1))

    **Fix.** Keep the argument away from 0: `torch.clamp(x, min=1e-10)` (safe: it changes
    only values below the epsilon), or add an epsilon inside the root
    (`torch.sqrt(s + 1e-8)`).
    """

    code = "NAN010"
    name = "sqrt-unmasked"

    VALID = (
        "import numpy as np\ndef f(x):\n    return np.sqrt((x ** 2).sum())\n",
        "import math\ndef f(d):\n    return 1.0 / math.sqrt(d)\n",
        "import torch\ndef f(q, k):\n"
        "    return q @ k.T / torch.as_tensor(k.size(-1), dtype=q.dtype).sqrt()\n",
        "import torch\ndef f(a, b):\n    return torch.sqrt(((a - b) ** 2).sum(-1) + 1e-8)\n",
        "import torch\ndef f(d_model):\n    return d_model ** 0.5\n",
        "import torch\ndef f(var, eps):\n    return torch.rsqrt(var + eps)\n",
        "import torch\ndef f(x):\n    return x.pow(2) + x ** 3\n",
        "import torch\ndef f(d):\n    return torch.sqrt(torch.tensor(d))\n",
    )
    INVALID = (
        Example(
            "import torch\ndef f(a, b):\n    return torch.sqrt(((a - b) ** 2).sum(-1))\n",
            "import torch\ndef f(a, b):\n"
            "    return torch.sqrt(torch.clamp(((a - b) ** 2).sum(-1), min=1e-10))\n",
        ),
        Example(
            "import tensorflow as tf\ndef f(x):\n"
            "    return tf.sqrt(tf.reduce_sum(tf.square(x), axis=-1))\n",
            "import tensorflow as tf\ndef f(x):\n"
            "    return tf.sqrt(tf.maximum(tf.reduce_sum(tf.square(x), axis=-1), 1e-10))\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef f(x):\n    return jnp.sqrt(jnp.sum(x * x))\n",
            "import jax.numpy as jnp\ndef f(x):\n"
            "    return jnp.sqrt(jnp.maximum(jnp.sum(x * x), 1e-10))\n",
        ),
        Example(
            "import torch\ndef f(v):\n    return v.pow(0.5)\n",
            "import torch\ndef f(v):\n    return v.clamp(min=1e-10).pow(0.5)\n",
        ),
        Example(
            "import torch\ndef f(x):\n    return x.var(-1).sqrt()\n",
            "import torch\ndef f(x):\n    return x.var(-1).clamp(min=1e-10).sqrt()\n",
        ),
        Example(
            "import torch\ndef f(x):\n    return (x ** 2).sum(-1) ** 0.5\n",
            "import torch\ndef f(x):\n    return torch.clamp((x ** 2).sum(-1), min=1e-10) ** 0.5\n",
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        if site.kind not in (api.SQRT, api.RSQRT) or not can_leave_domain(site):
            return None
        if not _differentiable(site, ctx):
            return None
        if site.form == "operator" and site.operand.origin is None:
            return None  # `n ** 0.5` of an unseen value: most often a Python number
        spelled = mask(site, ctx)
        what = "is inf at 0" if site.kind == api.RSQRT else \
            "is fine at 0 but its gradient 1/(2 sqrt(x)) is inf"
        message = (f"{operation(site, ctx)} of a value that can be 0: "
                   f"{evidence(site, ctx, 'above 0')}. The root {what}, and the weights turn "
                   f"NaN. Keep it away from 0: `{spelled.text}`"
                   f"{spelled.note}")
        return Verdict(message, confidence(site.operand),
                       mask_fix(site, ctx, spelled, f"Keep the input above 0: "
                                                    f"`{spelled.text}`"))


def _differentiable(site: Site, ctx: Context) -> bool:
    if site.framework is not None or site.form == "method":
        return site.differentiable
    framework = framework_of(site, ctx)
    if framework is not None:
        return framework.differentiable
    return any(api.BY_NAME[name].differentiable for name in ctx.frameworks)
