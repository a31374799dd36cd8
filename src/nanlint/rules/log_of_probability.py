from __future__ import annotations

import ast
from typing import Optional

from .. import apitable as api
from ..engine import Site
from ..results import HIGH, SAFE, Fix
from ..rule import (
    Context,
    Example,
    Rule,
    Spelled,
    Verdict,
    can_leave_domain,
    edit_replacing,
    framework_of,
    mask,
    mask_fix,
    means,
    operation,
    spell,
    wrap,
)


class LogOfProbability(Rule):
    """The log of a softmax or sigmoid output, which underflows to exactly 0.

    **What it finds.** An unmasked `log(softmax(z))`, `log(sigmoid(z))` or
    `log(1 - sigmoid(z))`, written inline or through a variable (`p = F.softmax(z)` ...
    `torch.log(p)`), in any supported framework.

    **Why it matters.** In float32, `softmax` of logits that differ by more than about 104
    is exactly 0.0, and `sigmoid(z)` is exactly 0.0 below z = -104 (exactly 1.0 above
    z = 17, so `1 - sigmoid(z)` is 0). This is the catalog's own example: the cross-entropy
    `-sum(y * log(softmax(z)))` is fine for thousands of steps, then a confident wrong
    prediction makes it `inf` and the weights NaN.

    **Example.**

        y_conv = tf.nn.softmax(tf.matmul(h, W) + b)
        cross_entropy = -tf.reduce_sum(y_ * tf.log(y_conv))

    **Fix.** Use the numerically stable API, which never forms the 0: `log_softmax`,
    `logsigmoid` / `log_sigmoid`, or a loss that takes logits
    (`tf.nn.softmax_cross_entropy_with_logits`, `F.cross_entropy`). When the softmax or
    sigmoid call is written inside the log, the fix rewrites it exactly
    (`torch.log(torch.softmax(z, -1))` to `torch.log_softmax(z, -1)`, `log(1 -
    sigmoid(z))` to `logsigmoid(-z)`). Through a variable, the logits are not at hand, so the
    fix is the catalog's mask, `tf.clip_by_value(y_conv, 1e-10, 1.0)`.
    """

    code = "NAN003"
    name = "log-of-probability"

    VALID = (
        "import torch.nn.functional as F\ndef f(z, t):\n"
        "    return F.nll_loss(F.log_softmax(z, dim=-1), t)\n",
        "import tensorflow as tf\ndef f(y, z):\n"
        "    return tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)\n",
        "import tensorflow as tf\np = tf.nn.softmax(tf.ones([3]))\n"
        "q = tf.log(tf.clip_by_value(p, 1e-10, 1.0))\n",
        "import torch\ndef f(z):\n    p = torch.sigmoid(z)\n    return torch.log(p + 1e-7)\n",
        "import torch\ndef f(y, p):\n    return torch.xlogy(y, p)\n",
    )
    INVALID = (
        Example(
            "import tensorflow as tf\ny_conv = tf.nn.softmax(tf.ones([3]))\n"
            "ce = -tf.reduce_sum(tf.log(y_conv))\n",
            "import tensorflow as tf\ny_conv = tf.nn.softmax(tf.ones([3]))\n"
            "ce = -tf.reduce_sum(tf.log(tf.clip_by_value(y_conv, 1e-10, 1.0)))\n",
        ),
        Example(
            "import torch\ndef f(z):\n    return torch.log(torch.softmax(z, -1))\n",
            "import torch\ndef f(z):\n    return torch.log_softmax(z, -1)\n",
        ),
        Example(
            "import torch.nn.functional as F\nimport torch\ndef f(z):\n"
            "    return torch.log(F.softmax(z, dim=1))\n",
            "import torch.nn.functional as F\nimport torch\ndef f(z):\n"
            "    return F.log_softmax(z, dim=1)\n",
        ),
        Example(
            "import tensorflow as tf\ndef f(z):\n    return tf.log(tf.nn.softmax(z))\n",
            "import tensorflow as tf\ndef f(z):\n    return tf.nn.log_softmax(z)\n",
        ),
        Example(
            "import torch\ndef f(z):\n    return torch.log(1 - torch.sigmoid(z))\n",
            "import torch\ndef f(z):\n    return torch.nn.functional.logsigmoid(-z)\n",
        ),
        Example(
            "import tensorflow as tf\nimport torch\ndef f(z):\n"
            "    return torch.log(torch.sigmoid(z))\n",
            "import tensorflow as tf\nimport torch\ndef f(z):\n"
            "    return torch.nn.functional.logsigmoid(z)\n",
        ),
        Example(
            "from torch import log, sigmoid\ndef f(z):\n    return log(sigmoid(z))\n",
            "from torch import log, sigmoid\nimport torch.nn.functional as F\ndef f(z):\n"
            "    return F.logsigmoid(z)\n",
        ),
        Example(
            "import jax\nimport jax.numpy as jnp\ndef f(z):\n"
            "    return jnp.log(jax.nn.sigmoid(z))\n",
            "import jax\nimport jax.numpy as jnp\ndef f(z):\n    return jax.nn.log_sigmoid(z)\n",
        ),
        Example(
            "import torch\ndef f(z):\n    return z.softmax(-1).log()\n",
            "import torch\ndef f(z):\n    return z.log_softmax(-1)\n",
        ),
        Example(
            "import jax\nimport jax.numpy as jnp\ndef f(logits):\n"
            "    p = jax.nn.softmax(logits)\n    return -jnp.sum(p * jnp.log(p))\n",
            "import jax\nimport jax.numpy as jnp\ndef f(logits):\n"
            "    p = jax.nn.softmax(logits)\n"
            "    return -jnp.sum(p * jnp.log(jnp.clip(p, 1e-10, 1.0)))\n",
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        probability = site.operand.probability
        if site.kind != api.LOG or probability is None or not can_leave_domain(site):
            return None
        framework = framework_of(site, ctx)
        kind = "sigmoid" if "sigmoid" in probability.kind else "softmax"
        stable = stable_rewrite(site, ctx)
        masked = mask(site, ctx, hi="1.0")
        named = site.operand_node is not None and site.operand_node is not probability.node
        source = (f"`{ctx.text(site.operand_node)}` is {probability.describe_in(ctx.where)}, "
                  if named else "its argument is ")
        message = (f"{operation(site, ctx)} of a probability: {source}"
                   f"{means(probability.kind)}. log(0) is -inf and the gradients NaN. "
                   f"{_advice(framework, kind, ctx)}: `{masked.text}`{masked.note}")
        if stable is not None:
            fix = Fix(SAFE, f"Use the stable `{stable[1]}`", stable[0])
        else:
            fix = mask_fix(site, ctx, masked, f"Mask the input: `{masked.text}`")
        return Verdict(message, HIGH, fix)


def _advice(framework: Optional[api.Framework], kind: str, ctx: Context) -> str:
    """The advice up to the mask, which follows it: "Use the stable ..., or mask" where the
    framework has a stable API, else "Mask"."""
    if framework is None:
        return "Mask"
    candidates = framework.log_softmax if kind == "softmax" else framework.log_sigmoid
    loss = framework.softmax_loss if kind == "softmax" else framework.sigmoid_loss
    stable = spell(candidates, ctx) if candidates else None
    parts = [f"`{stable.text}`"] if stable else []
    if loss:
        loss_spelled = spell((loss,), ctx)
        parts.append(f"`{loss_spelled.text if loss_spelled else loss}` on the logits")
    return f"Use the stable {' or '.join(parts)}, or mask" if parts else "Mask"


def stable_rewrite(site: Site, ctx: Context, through_mask: bool = False
                   ) -> Optional[tuple[tuple, str]]:
    """The exact stable-API rewrite of an inline ``log(softmax(z))`` / ``log(sigmoid(z))`` /
    ``log(1 - sigmoid(z))`` (with ``through_mask``, also of one masked right around the
    softmax: ``log(softmax(z) + eps)``): (edits, the new callee), or None."""
    call = site.node
    producer = site.operand.probability.node
    node = site.operand_node
    direct = node is producer and site.operand.mask is None
    if not (direct or (through_mask and node is not None and _wraps(node, producer))):
        return None
    if site.form == "function" and (len(call.args) + len(call.keywords)) != 1:
        return None  # np.log(p, out=...): extra arguments have no stable twin
    if isinstance(producer, ast.BinOp):  # 1 - sigmoid(z)  ->  log_sigmoid(-z)
        inner, rewritten = producer.right, "-"
    else:
        inner, rewritten = producer, ""
    if not isinstance(inner, ast.Call):
        return None
    framework = framework_of(site, ctx)
    if framework is None:
        return None
    if rewritten or "sigmoid" in site.operand.probability.kind:
        argument = _operand_of(inner, ctx)
        callee = spell(framework.log_sigmoid, ctx) if framework.log_sigmoid else None
        if callee is None or argument is None:
            return None
        content = f"{callee.text}({rewritten}{wrap(argument) if rewritten else argument})"
        return _edits(site, content, callee, ctx), callee.text
    # softmax: keep the call's own arguments, switch the callee
    rest = ctx.text(inner)[len(ctx.text(inner.func)):]
    callee = _log_softmax_callee(inner, framework, ctx)
    if callee is None:
        return None
    return _edits(site, callee.text + rest, callee, ctx), callee.text


def _operand_of(call: ast.Call, ctx: Context) -> Optional[str]:
    """The tensor a softmax/sigmoid call applies to: its receiver or first argument."""
    method = isinstance(call.func, ast.Attribute) and ctx.qualify(call.func) is None
    if method and not call.args and not call.keywords:
        return ctx.text(call.func.value)
    if len(call.args) == 1 and not call.keywords:
        return ctx.text(call.args[0])
    return None


def _log_softmax_callee(call: ast.Call, framework: api.Framework, ctx: Context
                        ) -> Optional[Spelled]:
    func = call.func
    if isinstance(func, ast.Attribute):
        qualified = ctx.qualify(func)
        if qualified is None:  # a tensor method: z.softmax(-1) -> z.log_softmax(-1)
            return Spelled(f"{ctx.text(func.value)}.log_softmax")
        if qualified.rpartition(".")[0] in framework.log_softmax_namespaces:
            return Spelled(f"{ctx.text(func.value)}.log_softmax")
    return spell(framework.log_softmax, ctx) if framework.log_softmax else None


def _edits(site: Site, content: str, callee: Spelled, ctx: Context) -> tuple:
    edits = [edit_replacing(site.node, content, ctx)]
    if callee.needs_import:
        edits.append(ctx.import_edit(callee.needs_import))
    return tuple(edits)


def _wraps(mask: ast.AST, producer: ast.AST) -> bool:
    """``producer + eps``, ``clamp(producer, ...)``, ``producer.clamp(...)``."""
    children = list(ast.iter_child_nodes(mask))
    if isinstance(mask, ast.Call) and isinstance(mask.func, ast.Attribute):
        children.append(mask.func.value)
    return any(child is producer for child in children)
