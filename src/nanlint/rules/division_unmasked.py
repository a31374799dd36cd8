from __future__ import annotations

from typing import Optional

from ..engine import Site
from ..results import SAFE, UNSAFE
from ..rule import (
    Context,
    Example,
    Rule,
    Verdict,
    confidence,
    evidence,
    mask,
    mask_fix,
    risky_denominator,
)


class DivisionUnmasked(Rule):
    """Division by a reduction that can be 0: `x / x.sum()`, `v / v.norm()`, `x / x.std()`.

    **What it finds.** A division (`/`, `/=`, `torch.div`, `tf.divide`, `np.divide`) whose
    denominator is, directly or through a variable, a reduction that is 0 for some input:
    `sum` (of values that are not all positive), a sum of counts (`tp + fp`), a dot product
    (`torch.dot(p, Ap)`, `x.dot(y)`, `vdot`, a row-wise `einsum('ij,ij->i', a, b)`; not a
    matrix product), `norm`, `std`, `var`, `count_nonzero`, the `numel` of a masked
    selection, the `max` of values not kept above 0 (`x.max()`, absolute values, `x -
    x.min()`), the `mean` of non-negative values, a sum minus some of its terms (`x.sum(1) -
    x.diagonal()`, 0 when the others are), the spread `x.max() - x.min()` or the deviation
    `x - x.mean()` (0 for a constant input), the absolute value, square or ReLU of one
    (`abs(x.sum())`), a product with one (`x.norm() * y.norm()`, 0 where either norm is),
    the larger of two (`maximum(x.norm(), y.norm())`, 0 where both are) or the largest of
    several (`max(t.max() for t in ts)`), a standard deviation or variance over anything
    (`x.std() / x.mean()`), a root or a power of one, one times or over a positive constant
    or a setting (`2 * w.max()`, `x.std() * k`), or one minus a positive constant or a
    positive constant minus it (`mask.sum() - 1`, 0 for one selected element; `1 - (w **
    2).sum()`, 0 for one-hot weights), or one plus a setting that is 0 by default
    (`delta=0.0`, or a dataclass field `delta: float = 0.0`). An epsilon, a clamp or
    `maximum` with a positive floor, `tf.math.divide_no_nan`, a sum of `exp`, a count plus
    one, the rows of an invertible matrix (a Cholesky factor, an inverse) or of a ridged one
    (`A + eps * I`, the matrix form of `x + eps`), one-hot rows (`y.scatter_(1, labels,
    1.0)` summed along 1), the counts of `np.unique(y, return_counts=True)` (each at least
    1), the elements a mask selects (`keep = norms > eps`, then `norms[keep]` or `norms[:,
    keep]`; rows selected by `count_nonzero(x, -1) > 0`, whose norms are positive), a Python
    number (`float(x.max())`, `x.sum().item()`: it leaves the graph), a test that rules the
    zero out first (`0 if n == 0 else s / n`, `p / s if (s := p.sum()) > 0 else p`, `if
    mask.sum() == 0: return`, `n = m.sum(1)` then `assert (n > 0).all()`, `if hi == lo:
    return`, `if m.any():` for a sum of all of `m`, `(x > 0).any()` or the selection of `x[x
    > 0] /= x.max()` for a maximum of all of `x` (and, as `assert (x != 0).sum() > 0`, for a
    sum of all of `abs(x)` or `x ** 2`), the first function of `cond(n > 0, ...)` in
    `jax.lax`, `tf`, `keras.ops` or `torch`): all make it safe. Scaling by a hyperparameter
    whose value is not seen (`q / batch_size`) keeps a value's sign and its zeros. A
    reduction of values built from literals and settings only (a grid from
    `arange(n_heads)`, a window from `kernel_size` and `sigma`, a library function of those
    that draws no random numbers (`torch.kron`, `x.fliplr()`, an `einsum` of such tables, a
    conversion `problem.make_tensor(...)` of one), a method of a setting that reads nothing
    in (`group.irrep(l)`, for a group a constructor was given), a helper of the file called
    with settings only, Python's scalar modules (`math`, `fractions`, ...), weights
    annotated as Python numbers, `ratios: list[float]` (but not a list named like data,
    `data_array: list[float]`)) is the same at every step, not a value that moves during
    training: it is not the smell. Neither is a reduction of a draw from a continuous
    distribution (`randn`, `normal`, `standard_normal`, `rand`, `uniform`, `exponential`, a
    `torch.nn.init` initialiser), shifted or scaled by a setting that is not 0: its norm and
    spread are 0 only with probability 0 (`z / z.norm()` of `z = randn(n)` is the textbook
    sampler of the sphere). A discrete draw can be 0: a keep mask `rand(n) > p` drops every
    element with probability `p ** n`.

    **Why it matters.** An all-zero row, a zero embedding, a constant feature or an empty
    mask makes the denominator exactly 0: `x / 0` is `inf` and `0 / 0` is NaN, in the
    forward pass and in the gradient, and batch statistics spread it to the whole model.

    **Example.**

        def normalize(x):
            return x / x.norm(dim=-1, keepdim=True)

    **Fix.** Floor the denominator: `x / torch.clamp(x.norm(dim=-1, keepdim=True),
    min=1e-10)` (safe for a norm, std, var or count, which are never negative; unsafe for a
    sum that can be negative, whose sign the clamp would change), or use the library's own
    stable form (`F.normalize`, `tf.math.divide_no_nan`).
    """

    code = "NAN020"
    name = "division-unmasked"

    VALID = (
        "import torch\ndef f(x):\n    return x / (x.sum(dim=-1, keepdim=True) + 1e-8)\n",
        "import tensorflow as tf\ndef f(x):\n"
        "    return tf.math.divide_no_nan(x, tf.reduce_sum(x))\n",
        "import torch\ndef f(z):\n    e = torch.exp(z)\n    return e / e.sum(-1, keepdim=True)\n",
        "import torch\ndef f(x, mask):\n    return x.sum() / (mask.sum() + 1)\n",
        "import torch\ndef f(x):\n    return x / x.norm().clamp(min=1e-12)\n",
        "import math\ndef f(n):\n    return 1.0 / math.sqrt(n)\n",
        "import torch\ndef f(x, n):\n    return x / n\n",
        "import torch\ndef f(S):\n    inv = torch.linalg.inv(S)\n"
        "    return inv / inv.square().sum(-1, keepdim=True)\n",
        "import torch\ndef f(x, mask):\n    n = mask.sum()\n"
        "    return 0 if mask.sum() == 0 else (x * mask).sum() / n\n",
        "import torch\ndef f(x, mask):\n    if mask.sum().item() == 0:\n"
        "        return torch.zeros(())\n    return (x * mask).sum() / mask.sum()\n",
        "import torch\ndef f(x):\n    lo, hi = x.min(), x.max()\n    if lo == hi:\n"
        "        return torch.zeros_like(x)\n    return (x - lo) / (hi - lo)\n",
        "import torch\ndef f(x):\n    lo, hi = x.min(), x.max()\n"
        "    return (x - lo) / (hi - lo) if hi > lo else x\n",
        "import jax\ndef f(x, mask):\n    n = mask.sum()\n"
        "    return jax.lax.cond(n > 0, lambda: (x * mask).sum() / n, lambda: 0.0)\n",
        "import torch\ndef f(x, y):\n    valid = torch.isfinite(y)\n    if not valid.any():\n"
        "        return None\n    return (x * valid).sum() / valid.sum()\n",
        "import numpy as np\ndef f(d):\n    d[d < 0] /= -np.amin(d)\n"
        "    d[d > 0] /= np.amax(d)\n    return d\n",
        "import torch\ndef f(scores, batch_size):\n"
        "    q = torch.exp(scores).t() / batch_size\n"
        "    return q / q.sum(dim=0, keepdim=True)\n",
        "import torch\ndef f(x, mask):\n    count = mask.sum(dim=1)\n"
        "    assert (count > 0).all()\n    return (x * mask).sum(1) / mask.sum(dim=1)\n",
        "import torch\ndef f(x):\n    positive = x > 0\n    assert positive.sum() > 0\n"
        "    return x / x.abs().sum()\n",
        "import torch\ndef f(n_heads):\n"
        "    thetas = torch.arange(n_heads) * (6.283 / n_heads)\n"
        "    grid = torch.stack([thetas.cos(), thetas.sin()], -1)\n"
        "    return grid / grid.abs().max(-1, keepdim=True)[0]\n",
        "import numpy as np\ndef f(indices, ratios: list[float]):\n"
        "    for i, found in enumerate(indices):\n        if len(found) == 0:\n"
        "            ratios[i] = 0\n    return np.asarray(ratios) / np.sum(ratios)\n",
        "import torch\ndef f(n_taps: int):\n"
        "    k = torch.kron(torch.arange(n_taps) + 1.0, torch.hann_window(n_taps))\n"
        "    return k / k.sum()\n",
        "import numpy as np\ndef f(v, eps=1e-7):\n    norms = np.linalg.norm(v, axis=0)\n"
        "    keep = norms.reshape(-1) > eps\n    return v[:, keep] / norms[keep]\n",
        "import numpy as np\ndef f(n):\n    rows = np.count_nonzero(n, axis=-1) > 1\n"
        "    if np.any(rows):\n"
        "        n[rows] /= np.linalg.norm(n[rows], axis=-1, keepdims=True)\n    return n\n",
        "import torch\ndef f(x, eps):\n    return x / torch.max(x.norm(dim=1), eps)\n",
        "import torch\ndef f(probs, q):\n    kept = probs >= 1.0 - q\n"
        "    kept.scatter_(1, probs.argmax(1, keepdim=True), True)\n"
        "    return kept.float() / kept.sum(dim=1, keepdim=True)\n",
        "import numpy as np\nclass Pointwise:\n    def __init__(self, group, irreps):\n"
        "        kernel = group.irrep(*irreps).matrix()\n"
        "        self.kernel = kernel / np.linalg.norm(kernel)\n",
        "import numpy as np\ndef _kernel(n: int):\n    k = np.hanning(n)\n"
        "    return k / np.linalg.norm(k)\nclass Filter:\n    def __init__(self, n: int):\n"
        "        k = _kernel(n)\n        self.k = k / np.linalg.norm(k)\n",
        "import torch\ndef f(sizes: tuple[int, ...]):\n    w = torch.hann_window(*sizes)\n"
        "    return w / w.sum()\n",
        "import jax.numpy as jnp\ndef f(a, b):\n"
        "    return a / jnp.dot(jnp.exp(a), jnp.exp(b))\n",
        "import numpy as np\ndef f(p):\n    p[0] = 0.0\n"
        "    return p / s if (s := p.sum()) > 0 else p\n",
        "import torch\ndef f(poses):\n    poses /= float(torch.max(torch.abs(poses)))\n"
        "    return poses\n",
        "import numpy as np\ndef f(x):\n"
        "    scale = np.where((w := np.std(x, axis=0)) > 1e-8, w, 1.0)\n    return x / scale\n",
        "import numpy as np\ndef f(y):\n    _, counts = np.unique(y, return_counts=True)\n"
        "    return counts / counts.sum()\n",
        "import torch\ndef f(out, n, t):\n    sim = torch.exp(out @ out.t() / t)\n"
        "    mask = ~torch.eye(n, dtype=torch.bool)\n"
        "    neg = sim.masked_select(mask).view(n, -1).sum(dim=-1)\n    return sim.diag() / neg\n",
        "import importlib\nK = importlib.import_module('keras.backend')\ndef f(e):\n"
        "    e = K.exp(e - K.max(e, axis=-1, keepdims=True))\n"
        "    return e / K.sum(e, axis=-1, keepdims=True)\n",
        "import torch\ndef f(x, eps=1e-6):\n    x = x.clone()\n    x[x == 0] = eps\n"
        "    return x / x.norm(dim=-1, keepdim=True)\n",
        "import torch\ndef f(n, d):\n    w = torch.randn(n, d)\n    w *= 5.0\n"
        "    return w / (w ** 2).sum(dim=1, keepdim=True).sqrt()\n",
        "import numpy as np\ndef f(rng, n, mean=1.0):\n"
        "    z = rng.standard_normal(size=n) + mean\n    return z / np.linalg.norm(z)\n",
        "import torch\nclass Weights:\n    def __init__(self, problem, popsize):\n"
        "        w = problem.make_tensor(torch.log(torch.arange(popsize) + 1.0))\n"
        "        self.w = w / w.sum()\n",
        "import torch\nfrom fractions import Fraction\ndef f(n: int):\n"
        "    t = torch.zeros(n)\n    for i in range(n):\n"
        "        t[i] = Fraction(1, i + 1) ** 0.5\n    return t / t.norm()\n",
        "import torch\ndef f(n):\n    q = torch.randn(n, 4)\n"
        "    return q / torch.sqrt((q * q).sum(dim=1, keepdim=True))\n",
        "import jax\nimport jax.numpy as jnp\ndef f(key, n, d):\n"
        "    m = jax.random.normal(key, (n, d))\n"
        "    return m / jnp.linalg.norm(m, axis=1, keepdims=True)\n",
        "import torch\ndef f(shape):\n    w = torch.empty(shape)\n"
        "    torch.nn.init.kaiming_uniform_(w)\n    return w / w.std()\n",
    )
    INVALID = (
        Example(
            "import torch\ndef f(x, y):\n"
            "    return (x * y).sum(-1) / (x.norm(dim=-1) * y.norm(dim=-1))\n",
            "import torch\ndef f(x, y):\n    return (x * y).sum(-1) / "
            "(torch.clamp(x.norm(dim=-1) * y.norm(dim=-1), min=1e-10))\n",
        ),
        Example(
            "import torch\ndef f(y, p):\n"
            "    return torch.abs(y - p) / torch.abs(y - y.mean())\n",
            "import torch\ndef f(y, p):\n"
            "    return torch.abs(y - p) / torch.clamp(torch.abs(y - y.mean()), min=1e-10)\n",
        ),
        Example(
            "import torch\ndef f(a, b, n):\n"
            "    return a / (a ** 2 + b ** 2).sum(-1, keepdim=True).repeat(1, n)\n",
            "import torch\ndef f(a, b, n):\n    return a / torch.clamp((a ** 2 + b ** 2)"
            ".sum(-1, keepdim=True).repeat(1, n), min=1e-10)\n",
        ),
        Example(
            "import torch\ndef f(x):\n    return x / x.norm(dim=-1, keepdim=True)\n",
            "import torch\ndef f(x):\n"
            "    return x / torch.clamp(x.norm(dim=-1, keepdim=True), min=1e-10)\n",
        ),
        Example(
            "import torch\ndef f(x):\n    return (x - x.mean()) / x.std()\n",
            "import torch\ndef f(x):\n"
            "    return (x - x.mean()) / torch.clamp(x.std(), min=1e-10)\n",
        ),
        Example(
            "import numpy as np\ndef f(u):\n    return u / np.linalg.norm(u)\n",
            "import numpy as np\ndef f(u):\n    return u / np.maximum(np.linalg.norm(u), 1e-10)\n",
        ),
        Example(
            "import numpy as np\ndef f(counts):\n    total = counts.sum()\n"
            "    return counts / total\n",
            "import numpy as np\ndef f(counts):\n    total = counts.sum()\n"
            "    return counts / np.maximum(total, 1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import tensorflow as tf\ndef f(x):\n"
            "    return x / tf.reduce_sum(tf.abs(x), axis=1, keepdims=True)\n",
            "import tensorflow as tf\ndef f(x):\n"
            "    return x / tf.maximum(tf.reduce_sum(tf.abs(x), axis=1, keepdims=True), 1e-10)\n",
        ),
        Example(
            "import torch\ndef f(x):\n    return (x - x.min()) / (x.max() - x.min())\n",
            "import torch\ndef f(x):\n"
            "    return (x - x.min()) / (torch.clamp(x.max() - x.min(), min=1e-10))\n",
        ),
        Example(
            "import numpy as np\ndef f(x):\n    shifted = x - x.min()\n"
            "    return shifted / shifted.max()\n",
            "import numpy as np\ndef f(x):\n    shifted = x - x.min()\n"
            "    return shifted / np.maximum(shifted.max(), 1e-10)\n",
        ),
        Example(
            "import torch\ndef f(x):\n"
            "    peak, _ = torch.max(torch.abs(x), dim=1, keepdim=True)\n    return x / peak\n",
            "import torch\ndef f(x):\n"
            "    peak, _ = torch.max(torch.abs(x), dim=1, keepdim=True)\n"
            "    return x / torch.clamp(peak, min=1e-10)\n",
        ),
        Example(
            "import torch\ndef f(x, w):\n    return x / (2.0 * w.max())\n",
            "import torch\ndef f(x, w):\n    return x / (torch.clamp(2.0 * w.max(), min=1e-10))\n",
            unsafe=True,
        ),
        Example(
            "import torch\ndef f(x):\n    return x / x.abs().mean()\n",
            "import torch\ndef f(x):\n    return x / torch.clamp(x.abs().mean(), min=1e-10)\n",
        ),
        Example(
            "import torch\ndef f(x, y):\n    return (x * y).sum() / x.norm() ** 2\n",
            "import torch\ndef f(x, y):\n"
            "    return (x * y).sum() / torch.clamp(x.norm() ** 2, min=1e-10)\n",
        ),
        Example(
            "import jax.numpy as jnp\ndef f(x, y):\n"
            "    scale = jnp.maximum(jnp.linalg.norm(x), jnp.linalg.norm(y))\n"
            "    return x / scale\n",
            "import jax.numpy as jnp\ndef f(x, y):\n"
            "    scale = jnp.maximum(jnp.linalg.norm(x), jnp.linalg.norm(y))\n"
            "    return x / jnp.maximum(scale, 1e-10)\n",
        ),
        Example(
            "import torch\ndef f(labels, n):\n"
            "    y = torch.zeros(len(labels), n).scatter_(1, labels[:, None], 1.0)\n"
            "    return y / y.sum(0)\n",
            "import torch\ndef f(labels, n):\n"
            "    y = torch.zeros(len(labels), n).scatter_(1, labels[:, None], 1.0)\n"
            "    return y / torch.clamp(y.sum(0), min=1e-10)\n",
        ),
        Example(
            "from jaxopt.tree_util import tree_l2_norm\ndef f(g):\n"
            "    return 1.0 / tree_l2_norm(g)\n",
            "from jaxopt.tree_util import tree_l2_norm\nimport jax.numpy as jnp\ndef f(g):\n"
            "    return 1.0 / jnp.maximum(tree_l2_norm(g), 1e-10)\n",
        ),
        Example(
            "import numpy as np\nclass Whiten:\n    def __init__(self, loader):\n"
            "        x = loader.load_batch()\n        self.x = x / np.linalg.norm(x)\n",
            "import numpy as np\nclass Whiten:\n    def __init__(self, loader):\n"
            "        x = loader.load_batch()\n"
            "        self.x = x / np.maximum(np.linalg.norm(x), 1e-10)\n",
        ),
        Example(
            "import torch\ndef step(r, p, Ap):\n    return torch.dot(r, r) / torch.dot(p, Ap)\n",
            "import torch\ndef step(r, p, Ap):\n"
            "    return torch.dot(r, r) / torch.clamp(torch.dot(p, Ap), min=1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import jax.numpy as jnp\ndef f(s, y):\n"
            "    return 1.0 / jnp.einsum('ij,ij->i', s, y)\n",
            "import jax.numpy as jnp\ndef f(s, y):\n"
            "    return 1.0 / jnp.maximum(jnp.einsum('ij,ij->i', s, y), 1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import jax.numpy as jnp\nclass InverseHessian:\n    def __init__(self, sk, yk):\n"
            "        assert sk.shape == yk.shape\n"
            "        self.rho = 1 / jnp.einsum('ij,ij->i', sk, yk)\n",
            "import jax.numpy as jnp\nclass InverseHessian:\n    def __init__(self, sk, yk):\n"
            "        assert sk.shape == yk.shape\n"
            "        self.rho = 1 / jnp.maximum(jnp.einsum('ij,ij->i', sk, yk), 1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import torch\ndef precision(p, y):\n    tp = ((p > 0.5) & (y == 1)).sum()\n"
            "    fp = ((p > 0.5) & (y == 0)).sum()\n    return tp / (tp + fp)\n",
            "import torch\ndef precision(p, y):\n    tp = ((p > 0.5) & (y == 1)).sum()\n"
            "    fp = ((p > 0.5) & (y == 0)).sum()\n"
            "    return tp / (torch.clamp(tp + fp, min=1e-10))\n",
        ),
        Example(
            "import torch\ndef f(imp):\n    top = max(map(lambda x: x.data.max(), imp.values()))\n"
            "    return imp['w'] / top\n",
            "import torch\ndef f(imp):\n    top = max(map(lambda x: x.data.max(), imp.values()))\n"
            "    return imp['w'] / torch.clamp(top, min=1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import torch\ndef f(scores):\n    top = max(s.max() for s in scores)\n"
            "    return scores[0] / top\n",
            "import torch\ndef f(scores):\n    top = max(s.max() for s in scores)\n"
            "    return scores[0] / torch.clamp(top, min=1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import numpy as np\ndef f(counts, n):\n    spread = np.std(counts) / n.mean()\n"
            "    return 1.0 / spread\n",
            "import numpy as np\ndef f(counts, n):\n    spread = np.std(counts) / n.mean()\n"
            "    return 1.0 / np.maximum(spread, 1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import tensorly as tl\ndef f(tensor, rec):\n    return rec / tl.norm(tensor, 2)\n",
            "import tensorly as tl\ndef f(tensor, rec):\n"
            "    return rec / tl.clip(tl.norm(tensor, 2), 1e-10)\n",
        ),
        Example(
            "import numpy as np\ndef f(points):\n    hsides = np.sqrt((points ** 2).sum(1))\n"
            "    return points / max(hsides)\n",
            "import numpy as np\ndef f(points):\n    hsides = np.sqrt((points ** 2).sum(1))\n"
            "    return points / np.maximum(max(hsides), 1e-10)\n",
        ),
        Example(
            "from pennylane import math\ndef f(state):\n    return state / math.norm(state)\n",
            "from pennylane import math\ndef f(state):\n"
            "    return state / math.maximum(math.norm(state), 1e-10)\n",
        ),
        Example(
            "import scipy.linalg\ndef f(v):\n    return v / scipy.linalg.norm(v, axis=0)\n",
            "import scipy.linalg\nimport numpy as np\ndef f(v):\n"
            "    return v / np.maximum(scipy.linalg.norm(v, axis=0), 1e-10)\n",
        ),
        Example(
            "import torch\ndef f(model, x):\n    s = torch.tensor(model.predict(x))\n"
            "    return s / s.sum(-1, keepdim=True)\n",
            "import torch\ndef f(model, x):\n    s = torch.tensor(model.predict(x))\n"
            "    return s / torch.clamp(s.sum(-1, keepdim=True), min=1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import numpy as np\ndef f(joint, n):\n    off = joint.sum(axis=1) - joint.diagonal()\n"
            "    return joint.T * n / off\n",
            "import numpy as np\ndef f(joint, n):\n    off = joint.sum(axis=1) - joint.diagonal()\n"
            "    return joint.T * n / np.maximum(off, 1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import torch\ndef f(w):\n    w = torch.where(w != 0, w, torch.ones_like(w))\n"
            "    return w / w.sum()\n",
            "import torch\ndef f(w):\n    w = torch.where(w != 0, w, torch.ones_like(w))\n"
            "    return w / torch.clamp(w.sum(), min=1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import torch\ndef f(g, delta=0.0):\n    return 1.0 / (g.norm() ** 2 + delta)\n",
            "import torch\ndef f(g, delta=0.0):\n"
            "    return 1.0 / (torch.clamp(g.norm() ** 2 + delta, min=1e-10))\n",
        ),
        Example(
            "import jax.numpy as jnp\nfrom dataclasses import dataclass\n@dataclass\n"
            "class Step:\n    delta: float = 0.0\n    def __call__(self, g):\n"
            "        return 1.0 / (jnp.sum(g ** 2) + self.delta)\n",
            "import jax.numpy as jnp\nfrom dataclasses import dataclass\n@dataclass\n"
            "class Step:\n    delta: float = 0.0\n    def __call__(self, g):\n"
            "        return 1.0 / (jnp.maximum(jnp.sum(g ** 2) + self.delta, 1e-10))\n",
        ),
        Example(
            "import torch\ndef f(x, p):\n    keep = torch.rand(x.shape[0]) > p\n"
            "    return (x * keep).sum() / keep.sum()\n",
            "import torch\ndef f(x, p):\n    keep = torch.rand(x.shape[0]) > p\n"
            "    return (x * keep).sum() / torch.clamp(keep.sum(), min=1e-10)\n",
        ),
        Example(
            "import torch\ndef f(x, w):\n    z = torch.randn(x.shape) * w\n"
            "    return z / z.norm()\n",
            "import torch\ndef f(x, w):\n    z = torch.randn(x.shape) * w\n"
            "    return z / torch.clamp(z.norm(), min=1e-10)\n",
        ),
        Example(
            "import numpy as np\ndef f(data_array: list[float]):\n"
            "    values = np.array(data_array)\n    return values / values.max()\n",
            "import numpy as np\ndef f(data_array: list[float]):\n"
            "    values = np.array(data_array)\n"
            "    return values / np.maximum(values.max(), 1e-10)\n",
            unsafe=True,
        ),
        Example(
            "import torch\ndef f(x, m):\n    mean = (x * m).sum() / m.sum()\n"
            "    return torch.where(m == 0, mean, x)\n",
            "import torch\ndef f(x, m):\n"
            "    mean = (x * m).sum() / torch.clamp(m.sum(), min=1e-10)\n"
            "    return torch.where(m == 0, mean, x)\n",
            unsafe=True,
        ),
        Example(
            "import torch\ndef f(v, w):\n    return v / (1 - (w ** 2).sum())\n",
            "import torch\ndef f(v, w):\n"
            "    return v / (torch.clamp(1 - (w ** 2).sum(), min=1e-10))\n",
            unsafe=True,
        ),
    )

    def check(self, site: Site, ctx: Context) -> Optional[Verdict]:
        if not risky_denominator(site):
            return None
        spelled = mask(site, ctx)
        applicability = SAFE if site.operand.range.nonnegative else UNSAFE
        message = (f"division by a reduction that can be 0: {evidence(site, ctx, 'away from 0')}"
                   f". x / 0 is inf and 0 / 0 NaN, in the values and the gradients. Floor the "
                   f"denominator: `{spelled.text}`"
                   f"{spelled.note}")
        return Verdict(message, confidence(site.operand),
                       mask_fix(site, ctx, spelled, f"Floor the denominator: `{spelled.text}`",
                                applicability))
