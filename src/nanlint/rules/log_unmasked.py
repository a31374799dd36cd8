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


class LogUnmasked(Rule):
    """A logarithm of a value that nothing keeps away from 0.

    **What it finds.** `log`, `log2` and `log10` (functions of PyTorch, TensorFlow, Keras,
    NumPy, JAX, CuPy, MXNet and Paddle, and tensor methods such as `x.log()`) whose argument
    is not masked: not clipped or clamped above 0, not offset by an epsilon, not positive by
    construction, not guarded by a selection such as `x[x > 0]`. Settings are out of scope,
    as the spec leaves hyperparameters out: Python numbers (annotated, documented or
    defaulted as such: `alpha=0.05`, `p: a positive integer`), sizes and learning rates by
    name (`n_samples`, `hidden_dim`, `lr`), and what a constructor stores them in.

    **Why it matters.** A value that is legal at step 0 (a probability of 0.3) can be exactly
    0.0 at step 40,000. `log(0)` is `-inf`, its gradient is `inf`, and one optimiser step
    later the weights are NaN; the stack trace, if any, points far from this line. The
    finding is `high` confidence when the argument visibly comes from something that reaches
    0 (a subtraction, a ReLU, a clamp at 0, a probability-named input), `medium` when its
    origin is not visible (a parameter, an attribute, an unknown call).

    **Example.**

        def bce(ref, out):
            return -tf.reduce_mean(ref * tf.log(out) + (1 - ref) * tf.log(1 - out))

    **Fix.** Mask the input in the file's own framework: the catalog's clip
    `tf.clip_by_value(x, 1e-10, 1.0)` when the value lies in [0, 1], otherwise a lower
    bound only (`tf.maximum(x, 1e-10)`, `torch.clamp(x, min=1e-10)`, `x.clamp(min=1e-10)`,
    `np.maximum(x, 1e-10)`). Both change values only below the epsilon, so the fix is safe.
    """

    code = "NAN001"
    name = "log-unmasked"

    VALID = (
        "import torch\ndef f(p):\n    return torch.log(p.clamp(min=1e-8))\n",
        "import numpy as np\ndef f(x):\n    return np.log(x + 1e-9)\n",
        "import torch\ndef f(c):\n    if c.min() < 1:\n        raise ValueError(c)\n"
        "    return torch.log(c)\n",
        "import tensorflow as tf\ndef f(x):\n    return tf.math.log(tf.exp(x) + 1.0)\n",
        "import torch\ndef f(x):\n    return torch.log(x[x > 0])\n",
        "import math\ndef f(d):\n    return math.log(d)\n",
        "import logging\nlogger = logging.getLogger()\nlogger.log(logging.INFO, 'x')\n",
        "import torch\nclass M:\n    def step(self, loss):\n        self.log('loss', loss)\n",
        "import torch\ndef f(p, eps):\n    return torch.log(p + eps)\n",
        "import torch\ndef f():\n    return torch.log(torch.tensor(10000.0))\n",
        "import numpy as np\ndef f(scores, n_samples):\n    return scores - np.log(n_samples)\n",
        "import torch\ndef f(p, training):\n    if training:\n        p = p.clamp(min=1e-6)\n"
        "    else:\n        p = p + 1e-6\n    return torch.log(p)\n",
        "import torch\ndef safe_log(x):\n    return torch.log(x + 1e-8)\n"
        "def g(p):\n    return safe_log(p)\n",
        "import numpy as np\ndef f(x):\n    return np.log(x, out=np.zeros_like(x), where=x > 0)\n",
    )
    INVALID = (
        Example(
            "import tensorflow as tf\ndef f(ref, out):\n    return tf.log(out)\n",
            "import tensorflow as tf\ndef f(ref, out):\n"
            "    return tf.log(tf.maximum(out, 1e-10))\n",
        ),
        Example(
            "import torch\ndef f(p):\n    return p.log()\n",
            "import torch\ndef f(p):\n    return p.clamp(min=1e-10).log()\n",
        ),
        Example(
            "import torch\ndef f(p):\n    p.log_()\n",
            "import torch\ndef f(p):\n    p.clamp_(min=1e-10).log_()\n",
        ),
        Example(
            "import numpy as np\ndef f(y_pred):\n    return np.log(1 - y_pred)\n",
            "import numpy as np\ndef f(y_pred):\n"
            "    return np.log(np.maximum(1 - y_pred, 1e-10))\n",
        ),
        Example(
            "from torch import log as tlog\nimport torch\ndef f(x):\n    return tlog(x.relu())\n",
            "from torch import log as tlog\nimport torch\ndef f(x):\n"
            "    return tlog(torch.clamp(x.relu(), min=1e-10))\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef f(x):\n    return jnp.log2(jnp.abs(x))\n",
            "import jax.numpy as jnp\ndef f(x):\n"
            "    return jnp.log2(jnp.maximum(jnp.abs(x), 1e-10))\n",
        ),
        Example(
            "import cupy as cp\ndef f(x):\n    return cp.log(x)\n",
            "import cupy as cp\ndef f(x):\n    return cp.log(cp.maximum(x, 1e-10))\n",
        ),
        Example(
            "import mxnet as mx\ndef f(x):\n    return mx.nd.log(x)\n",
            "import mxnet as mx\ndef f(x):\n    return mx.nd.log(mx.nd.maximum(x, 1e-10))\n",
        ),
        Example(
            "import paddle\ndef f(x):\n    return paddle.log(x)\n",
            "import paddle\ndef f(x):\n    return paddle.log(paddle.clip(x, min=1e-10))\n",
        ),
        Example(
            "import keras.ops as ops\ndef f(p):\n    return ops.log(p)\n",
            "import keras.ops as ops\ndef f(p):\n    return ops.log(ops.maximum(p, 1e-10))\n",
        ),
        Example(
            "from keras import backend as K\ndef f(y_true, y_pred):\n"
            "    return K.mean(y_true * K.log(y_pred))\n",
            "from keras import backend as K\ndef f(y_true, y_pred):\n"
            "    return K.mean(y_true * K.log(K.maximum(y_pred, K.epsilon())))\n",
        ),
        Example(
            "import torch\ndef f(p, training):\n    if training:\n"
            "        p = p.clamp(min=1e-6)\n    return torch.log(p)\n",
            "import torch\ndef f(p, training):\n    if training:\n"
            "        p = p.clamp(min=1e-6)\n    return torch.log(torch.clamp(p, min=1e-10))\n",
        ),
        Example(
            "import torch\ndef f(p):\n    with torch.autocast('cuda', dtype=torch.float16):\n"
            "        return torch.log(p)\n",
            "import torch\ndef f(p):\n    with torch.autocast('cuda', dtype=torch.float16):\n"
            "        return torch.log(torch.clamp(p, min=torch.finfo(p.dtype).tiny))\n",
        ),
        Example(
            "import torch\ndef f(z):\n    p = torch.softmax(z, -1)\n    return torch.log(1 - p)\n",
            "import torch\ndef f(z):\n    p = torch.softmax(z, -1)\n"
            "    return torch.log(torch.clamp(1 - p, 1e-10, 1.0))\n",
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        if site.kind != api.LOG or not can_leave_domain(site):
            return None
        rng = site.operand.range
        unit_interval = rng.lo >= 0 and rng.hi <= 1
        spelled = mask(site, ctx, hi="1.0" if unit_interval else None)
        effect = ("log(0) is -inf and its gradient inf: the loss and then the weights turn NaN"
                  if site.differentiable else
                  "log(0) is -inf, and what is computed from it -inf or NaN")
        message = (f"{operation(site, ctx)} of a value that can be 0: "
                   f"{evidence(site, ctx, 'above 0')}. {effect}. Mask the input: "
                   f"`{spelled.text}`{spelled.note}")
        return Verdict(message, confidence(site.operand),
                       mask_fix(site, ctx, spelled, f"Mask the input: `{spelled.text}`"))
