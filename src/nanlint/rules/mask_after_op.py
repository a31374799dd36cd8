from __future__ import annotations

import ast
from typing import Optional

from .. import apitable as api
from ..engine import Site, computes
from ..results import HIGH, SAFE, Fix
from ..rule import (
    Context,
    Example,
    Rule,
    Verdict,
    can_leave_domain,
    edit_replacing,
    framework_of,
    mask_namespace,
    operation,
    reaches_boundary,
    risky_denominator,
)

_SYMBOL = {api.LOG: "log(0)", api.LOG1P: "log1p(-1)", api.SQRT: "sqrt'(0)",
           api.RSQRT: "rsqrt(0)", api.ACOS: "acos'(±1)", api.ASIN: "asin'(±1)",
           api.ATANH: "atanh(±1)", api.DIVIDE: "x / 0"}


class MaskAfterOp(Rule):
    """The mask is applied to the result instead of the input: `where(c, log(x), 0)`,
    `nan_to_num(log(x))`, `log(x)[mask]`.

    **What it finds.** In a differentiable framework (PyTorch, TensorFlow, JAX, ...), a
    restricted-domain operation (log, sqrt, inverse trigonometry, a division by a reduction
    that can be 0) whose argument is not masked, whose result is then masked: inside a
    branch of `where`/`tf.where`/`jnp.where` (or of torch's `x.where(c, y)`, which keeps `x`
    where `c` holds) or a `masked_fill` whose condition is about the operation's input (or
    tests the result for finiteness), inside `nan_to_num` or a NaN-ignoring reduction
    (`nanmean`, `nansum`, `nanmin`, ...), or indexed by a boolean mask; directly or through
    a variable; or computed before a `cond(pred, true_fn, false_fn)` (`jax.lax`, `tf`,
    `keras.ops`, `torch`) and read by one of its functions only, which discards it where
    `pred` says so. A condition that bounds the result itself, held in a variable, by a
    setting counts too (`f = 1 - c / n`, then `where(f >= 0, f, 0)`: NaN fails every
    comparison; `s = sqrt(v)`, then `where(s <= 0, 1, s)`), but not one that keeps the
    boundary value (`where(y == 0, tiny, y)` keeps `log1p(-1)`). A condition that compares
    the input with a threshold nanlint cannot see (`where(norm > tol, x / norm, x)`, `tol` a
    setting) counts as the author's mask. A `where` whose condition is about something else
    (a step counter) is not a mask, and the site is judged by its own rule; so is one that
    keeps the result where the input can still reach the boundary (`mean = s / m.sum()`,
    then `where(m == 0, mean, x)`, which keeps the mean exactly where `m` is 0), since it
    does not even fix the forward value. The double where is the fix, not the smell: an
    input already replaced by a safe value under the same condition (`x = where(c,
    ones_like(x), x)` before `where(c, y, sqrt(f(x)))`) is masked.

    **Why it matters.** The forward value is right: the `inf` or NaN is selected away. The
    backward pass is not: `where` sends a zero gradient into the unused branch, and
    `0 * inf` is NaN, so the weights still turn NaN. This is the classic "I masked it and
    it still NaNs" bug (PyTorch issue 4132, the JAX FAQ's "double where" trick).

    **Example.**

        return torch.where(x > 0, torch.log(x), torch.zeros_like(x))

    **Fix.** Mask the input too, so the unused branch never sees an invalid value:
    `torch.where(x > 0, torch.log(torch.where(x > 0, x, torch.ones_like(x))), 0)`. The
    forward value is unchanged wherever the condition holds and discarded elsewhere: safe.
    """

    code = "NAN040"
    name = "mask-after-op"

    VALID = (
        "import jax.numpy as jnp\ndef f(p):\n    y = jnp.log1p(-p)\n"
        "    return jnp.where(y == 0, -jnp.finfo(y.dtype).tiny, y)\n",
        "import torch\ndef f(x, t):\n    y = torch.log(x)\n    return torch.where(y > t, y, t)\n",
        "import torch\ndef f(x):\n"
        "    return torch.log(torch.where(x > 0, x, torch.ones_like(x)))\n",
        "import numpy as np\ndef f(p, y):\n    return np.where(y == 1, -np.log(p + 1e-9), 0)\n",
        "import torch\ndef f(x, c):\n    return torch.where(c, torch.log(x + 1e-6), 0)\n",
        "import jax.numpy as jnp\ndef f(x, c):\n    x = jnp.where(c, jnp.ones_like(x), x)\n"
        "    return jnp.where(c, 0.0, jnp.sqrt(jnp.sum(x ** 2)))\n",
        "import jax\nimport jax.numpy as jnp\ndef f(x, r):\n    n = jnp.linalg.norm(x)\n"
        "    scale = r / jnp.maximum(n, 1e-12)\n"
        "    return jax.lax.cond(n <= r, lambda _: x, lambda _: scale * x, None)\n",
    )
    INVALID = (
        Example(
            "import torch\ndef f(x):\n"
            "    return torch.where(x > 0, torch.log(x), torch.zeros_like(x))\n",
            "import torch\ndef f(x):\n"
            "    return torch.where(x > 0, torch.log(torch.where(x > 0, x, torch.ones_like(x))),"
            " torch.zeros_like(x))\n",
        ),
        Example("import torch\ndef f(x):\n    return torch.nan_to_num(torch.log(x))\n"),
        Example(
            "import tensorflow as tf\ndef f(x):\n"
            "    return tf.where(x > 0, tf.sqrt(x), tf.zeros_like(x))\n",
            "import tensorflow as tf\ndef f(x):\n"
            "    return tf.where(x > 0, tf.sqrt(tf.where(x > 0, x, tf.ones_like(x))),"
            " tf.zeros_like(x))\n",
        ),
        Example("import torch\ndef f(x, mask):\n    return torch.log(x)[mask]\n"),
        Example("import torch\ndef f(x, n):\n    return torch.nanmean(x / n.sum(-1))\n"),
        Example(
            "import torch\ndef clip(v, max_speed: torch.Tensor):\n    n = torch.norm(v)\n"
            "    return torch.where(n > max_speed, max_speed * (v / n), v)\n",
            "import torch\ndef clip(v, max_speed: torch.Tensor):\n    n = torch.norm(v)\n"
            "    return torch.where(n > max_speed, max_speed * (v / torch.where(n > max_speed, n, "
            "torch.ones_like(n))), v)\n",
        ),
        Example(
            "import torch\ndef f(th, xr, eps):\n    n = torch.norm(xr, dim=-1, keepdim=True)\n"
            "    small = n.abs() < eps\n"
            "    return torch.where(small, xr, torch.tan(th) / n * xr)\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef f(x):\n    y = jnp.log(x)\n"
            "    return jnp.where(x > 0, y, 0.0)\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef f(x, c):\n    n = jnp.linalg.norm(x)\n"
            "    scale = c / n\n    return jnp.where(n > 0, scale, 0.0) * x\n",
        ),
        Example(
            "import jax\nimport jax.numpy as jnp\ndef f(x, r):\n    n = jnp.linalg.norm(x)\n"
            "    scale = r / n\n"
            "    return jax.lax.cond(n <= r, lambda _: x, lambda _: scale * x, None)\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef prox(x, c):\n    n = jnp.linalg.norm(x)\n"
            "    factor = 1 - c / n\n    factor = jnp.where(factor >= 0, factor, 0)\n"
            "    return factor * x\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef f(v):\n    s = jnp.sqrt(jnp.sum(v * v, axis=1))\n"
            "    return jnp.where(s <= 0.0, 1.0, s)\n",
        ),
        Example(
            "import torch\ndef f(x, n):\n    return torch.where(n.sum() > 0, x / n.sum(), 0)\n",
            "import torch\ndef f(x, n):\n    return torch.where(n.sum() > 0, x / torch.where("
            "n.sum() > 0, n.sum(), torch.ones_like(n.sum())), 0)\n",
        ),
        Example(
            "import torch\ndef f(x, m):\n    mean = (x * m).sum(0) / m.sum(0)\n"
            "    return torch.where(m.sum(0) > 0, mean, x[0])\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef f(x, tol=1e-12):\n    n = jnp.linalg.norm(x)\n"
            "    return jnp.where(n > tol, x / n, x)\n",
            "import jax.numpy as jnp\ndef f(x, tol=1e-12):\n    n = jnp.linalg.norm(x)\n"
            "    return jnp.where(n > tol, x / jnp.where(n > tol, n, jnp.ones_like(n)), x)\n",
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        if site.guard is None or not site.differentiable:
            return None
        framework = framework_of(site, ctx)
        if framework is not None and not framework.differentiable:
            return None  # an operator in a NumPy-only file: no gradient to turn NaN
        if not (risky_denominator(site) or (site.kind in api.GUARDED and can_leave_domain(site))):
            return None
        if site.kept_operand is not None and reaches_boundary(site, site.kept_operand):
            return None  # the mask does not even fix the forward value: the op's own rule
        guard = f"`{ctx.text(site.guard.func)}(...)`" if isinstance(site.guard, ast.Call) \
            else "a boolean index"
        fix = _double_where(site, ctx)
        role = "denominator" if site.kind == api.DIVIDE else "argument"
        advice = f": `{fix[1]}`" if fix else f" (where(c, x, 1) as the {role})"
        message = (f"{operation(site, ctx)} is masked after the fact by {guard}: the forward "
                   f"value is fine, but the gradient of the discarded {_SYMBOL[site.kind]} "
                   f"branch is inf and 0 * inf = NaN reaches the weights. Mask the input "
                   f"instead{advice}")
        return Verdict(message, HIGH, fix[0] if fix else None)


def _double_where(site: Site, ctx: Context) -> Optional[tuple[Fix, str]]:
    """``where(c, log(x), y)`` -> ``where(c, log(where(c, x, ones_like(x))), y)``."""
    guard = site.guard
    # (only where(c, x, y): `x.where(c, y)` keeps its receiver where c holds)
    if not isinstance(guard, ast.Call) or len(guard.args) != 3 or site.operand_node is None:
        return None
    condition, taken = guard.args[0], guard.args[1]
    if not _contains(taken, site.node):  # the op sits in the false branch: no plain fix
        return None
    if computes(condition, site.node):
        return None  # `where(isfinite(log(x)), log(x), 0)`: the input's own test is the fix
    namespace = mask_namespace(site, ctx)
    where = ctx.text(guard.func)
    if namespace is None or namespace.needs_import or framework_of(site, ctx) is None:
        return None
    operand = ctx.text(site.operand_node)
    masked = f"{where}({ctx.text(condition)}, {operand}, {namespace.text}.ones_like({operand}))"
    edit = edit_replacing(site.operand_node, masked, ctx)
    return Fix(SAFE, f"Mask the input: `{masked}`", (edit,)), masked


def _contains(tree: ast.AST, node: ast.AST) -> bool:
    return any(child is node for child in ast.walk(tree))
