"""The engine's behaviour through findings: name resolution, flow, helpers, masks.

Each case is a small program and the exact (line, code) findings it must produce.
"""

from __future__ import annotations

import sys
import textwrap

import pytest

from nanlint import check_source
from nanlint.config import Config


def found(source: str, **config) -> list[tuple[int, str]]:
    findings = check_source(textwrap.dedent(source), "case.py", Config(**config))
    return [(f.line, f.code) for f in findings]


CASES = {
    # --- name resolution -------------------------------------------------------------
    "alias": ("import torch as T\ndef f(p):\n    return T.log(p)\n", [(3, "NAN001")]),
    "from import": ("from torch import log\ndef f(p):\n    return log(p)\n", [(3, "NAN001")]),
    "tf1 compat": ("import tensorflow.compat.v1 as tf\ndef f(p):\n    return tf.log(p)\n",
                   [(3, "NAN001")]),
    "keras backend": ("from tensorflow.keras import backend as K\ndef f(p):\n"
                      "    return K.log(p)\n", [(3, "NAN001")]),
    "keras ops": ("import keras.ops as ops\ndef f(p):\n    return ops.log(p)\n", [(3, "NAN001")]),
    "star import": ("from numpy import *\ndef f(p):\n    return log(p)\n", [(3, "NAN001")]),
    "jax numpy": ("import jax.numpy as jnp\ndef f(p):\n    return jnp.log(p)\n", [(3, "NAN001")]),
    "cupy": ("import cupy as cp\ndef f(p):\n    return cp.log10(p)\n", [(3, "NAN001")]),
    "mxnet": ("import mxnet as mx\ndef f(p):\n    return mx.nd.log(p)\n", [(3, "NAN001")]),
    "paddle": ("import paddle\ndef f(p):\n    return paddle.log(p)\n", [(3, "NAN001")]),
    "alias bound in an enclosing function": ("def outer():\n    from torch import log as L\n"
                                              "    def inner(p):\n        return L(p)\n"
                                              "    return inner\n", [(4, "NAN001")]),
    "rebinding": ("import torch\nF = torch.nn.functional\ndef f(z):\n"
                  "    return torch.log(F.softmax(z, -1))\n", [(4, "NAN003")]),
    "conventional alias without import": ("def f(y):\n    return K.log(y)\n", [(2, "NAN001")]),
    "unknown star import disables one-letter conventional aliases":
        ("from mylib import *\ndef f(y):\n    return K.log(y)\n", []),
    "unknown star import keeps the module names it re-exports":
        ("from fastai.basics import *\ndef f(y):\n    return torch.log(y)\n", [(3, "NAN001")]),
    "parameter shadows module": ("import numpy as np\ndef f(np, p):\n    return np.log(p)\n",
                                 []),
    "method form": ("def f(p):\n    return p.log2()\n", [(2, "NAN001")]),
    "not tensor math": ("import torch\nclass M:\n    def f(self, v):\n"
                        "        self.log('loss', v)\n        wandb.log({'a': v})\n", []),
    "math is scalar": ("import math\ndef f(x):\n    return math.log(x) + math.sqrt(x)\n", []),
    "scalar module constant": ("import numpy as np\nimport math\nr = np.log(math.pi)\n", []),
    # --- masks ---------------------------------------------------------------------
    "clamp min": ("import torch\ndef f(p):\n    return torch.log(torch.clamp(p, min=1e-8))\n",
                  []),
    "clamp at zero is not a mask": ("import torch\ndef f(p):\n"
                                    "    return torch.log(torch.clamp(p, min=0))\n",
                                    [(3, "NAN001")]),
    "np clip none upper": ("import numpy as np\ndef f(p):\n"
                           "    return np.log(np.clip(p, 1e-12, None))\n", []),
    "maximum": ("import tensorflow as tf\ndef f(p):\n    return tf.log(tf.maximum(p, 1e-12))\n",
                []),
    "builtin max": ("import numpy as np\ndef f(p, eps):\n    return np.log(max(p, eps))\n", []),
    "epsilon names": ("import torch\nEPS = 1e-7\ndef f(p, layer_norm_eps):\n"
                      "    return torch.log(p + EPS) + torch.log(p + layer_norm_eps)\n", []),
    "steps is not an epsilon": ("import torch\ndef f(p, steps):\n"
                                "    return torch.log(p * steps)\n", [(3, "NAN001")]),
    "zero constant is not an epsilon": ("import torch\nEPS = 0.0\ndef f(p):\n"
                                        "    return torch.log(p + EPS)\n", [(4, "NAN001")]),
    "finfo": ("import numpy as np\ndef f(p):\n"
              "    return np.log(p + np.finfo(p.dtype).tiny)\n", []),
    "keras epsilon": ("import keras\nimport keras.ops as ops\ndef f(p):\n"
                      "    return ops.log(p + keras.config.epsilon())\n", []),
    "positive by construction": ("import torch\ndef f(x):\n"
                                 "    return torch.log(1 + x ** 2) + torch.log(torch.exp(x))"
                                 " + torch.log(1 + torch.abs(x))\n", []),
    "softplus": ("import torch.nn.functional as F\nimport torch\ndef f(x):\n"
                 "    return torch.log(F.softplus(x))\n", []),
    "guard where on input": ("import jax.numpy as jnp\ndef f(x):\n"
                             "    return jnp.log(jnp.where(x > 0, x, 1.0))\n", []),
    "guard where keeps the wrong side": ("import jax.numpy as jnp\ndef f(x):\n"
                                         "    return jnp.log(jnp.where(x > 0, 1.0, x))\n",
                                         [(3, "NAN001")]),
    "selection": ("import torch\ndef f(x):\n    return torch.log(x[x > 0])\n", []),
    "selection at or above zero is not enough": ("import torch\ndef f(x):\n"
                                                 "    return torch.log(x[x >= 0])\n",
                                                 [(3, "NAN001")]),
    "if guard": ("import numpy as np\ndef f(x):\n    if x > 0:\n        return np.log(x)\n"
                 "    return 0.0\n", []),
    "mask after op is not a mask": ("import torch\ndef f(x):\n"
                                    "    return torch.nan_to_num(torch.log(x))\n",
                                    [(3, "NAN040")]),
    "numpy where after op is plain NAN001": ("import numpy as np\ndef f(x):\n"
                                             "    return np.where(x > 0, np.log(x), 0)\n",
                                             [(3, "NAN001")]),
    "boolean index after op": ("import torch\ndef f(x):\n    return torch.log(x)[x > 0]\n",
                               [(3, "NAN040")]),
    # --- flow ----------------------------------------------------------------------
    "reassigned": ("import torch\ndef f(p):\n    p = p.clamp(min=1e-6)\n    return torch.log(p)\n",
                   []),
    "in place": ("import torch\ndef f(p):\n    p.clamp_(min=1e-6)\n    return p.log()\n", []),
    "in place add": ("import torch\ndef f(p):\n    p.add_(1e-6)\n    return p.log()\n", []),
    "augmented assignment": ("import torch\ndef f(p):\n    p += 1e-6\n    return torch.log(p)\n",
                             []),
    "one branch": ("import torch\ndef f(p, c):\n    if c:\n        p = p.clamp(min=1e-6)\n"
                   "    return torch.log(p)\n", [(5, "NAN001")]),
    "both branches": ("import torch\ndef f(p, c):\n    if c:\n        p = p.clamp(min=1e-6)\n"
                      "    else:\n        p = p + 1e-6\n    return torch.log(p)\n", []),
    "early return branch": ("import torch\ndef f(p, c):\n    if c:\n        return 0\n"
                            "    p = p + 1e-6\n    return torch.log(p)\n", []),
    "loop reaches unmasked": ("import torch\ndef f(p, xs):\n    q = p + 1e-6\n"
                              "    for x in xs:\n        l = torch.log(q)\n        q = x\n",
                              [(5, "NAN001")]),
    "loop keeps mask": ("import torch\ndef f(p, xs):\n    q = p + 1e-6\n    for x in xs:\n"
                        "        l = torch.log(q)\n        q = q * 2\n", []),
    "while loop": ("import torch\ndef f(p):\n    while True:\n        p = torch.sigmoid(p)\n"
                   "        if p.mean() > 0.5:\n            break\n    return torch.log(p)\n",
                   [(7, "NAN003")]),
    "try except join": ("import torch\ndef f(p):\n    try:\n        p = p.clamp(min=1e-6)\n"
                        "    except RuntimeError:\n        pass\n    return torch.log(p)\n",
                        [(7, "NAN001")]),
    "with block": ("import torch\ndef f(p):\n    with torch.no_grad():\n"
                   "        p = torch.softmax(p, -1)\n    return torch.log(p)\n", [(5, "NAN003")]),
    "walrus": ("import torch\ndef f(z):\n    if (p := torch.sigmoid(z)) is not None:\n"
               "        return torch.log(p)\n", [(4, "NAN003")]),
    "tuple assignment": ("import torch\ndef f(z):\n    a, b = torch.sigmoid(z), z.clamp(min=1)\n"
                         "    return torch.log(a) + torch.log(b)\n", [(4, "NAN003")]),
    "attribute path": ("import torch\nclass M:\n    def f(self, z):\n"
                       "        self.p = torch.softmax(z, -1)\n        return torch.log(self.p)\n",
                       [(5, "NAN003")]),
    "module constant seen in function": ("import torch\nEPS = 1e-6\ndef f(p):\n"
                                         "    return torch.log(p + EPS)\n", []),
    "module level statement": ("import torch\nx = torch.rand(3)\ny = torch.log(x)\n",
                               [(3, "NAN001")]),
    "comprehension": ("import torch\ndef f(ps):\n    return [torch.log(p) for p in ps]\n",
                      [(3, "NAN001")]),
    "lambda": ("import torch\nf = lambda p: torch.log(p)\n", [(2, "NAN001")]),
    "closure": ("import torch\ndef f(z):\n    p = torch.sigmoid(z)\n    def g():\n"
                "        return torch.log(p)\n    return g\n", [(5, "NAN003")]),
    "match statement": ("import torch\ndef f(p, k):\n    match k:\n        case 1:\n"
                        "            p = p + 1e-6\n        case _:\n            p = p + 1e-3\n"
                        "    return torch.log(p)\n", []),
    # --- helpers -------------------------------------------------------------------
    "masking helper": ("import torch\ndef safe(p):\n    return p.clamp(min=1e-6)\n"
                       "def f(p):\n    return torch.log(safe(p))\n", []),
    "helper defined later": ("import torch\ndef f(p):\n    return torch.log(safe(p))\n"
                             "def safe(p):\n    return p + 1e-6\n", []),
    "helper returning softmax": ("import torch\ndef probs(z):\n    return torch.softmax(z, -1)\n"
                                 "def f(z):\n    return torch.log(probs(z))\n", [(5, "NAN003")]),
    "unmasked log in helper reported once": ("import torch\ndef my_log(x):\n"
                                             "    return torch.log(x)\ndef f(p):\n"
                                             "    return my_log(p) + my_log(p + 1)\n",
                                             [(3, "NAN001")]),
    "method helper": ("import torch\nclass M:\n    def _safe(self, p):\n"
                      "        return p + 1e-6\n    def f(self, p):\n"
                      "        return torch.log(self._safe(p))\n", []),
    "recursive helper terminates": ("import torch\ndef g(p):\n    return g(p)\ndef f(p):\n"
                                    "    return torch.log(g(p))\n", [(5, "NAN001")]),
    # --- constants and hyperparameters --------------------------------------------
    "positive constant": ("import torch\nr = torch.log(torch.tensor(10000.0))\n", []),
    "tensor of hyperparameter": ("import torch\ndef f(self):\n"
                                 "    return torch.sqrt(torch.tensor(self.head_dim))\n", []),
    "constant zero": ("import numpy as np\nr = np.log(np.zeros(3))\n", [(2, "NAN001")]),
    "integer powers": ("import torch\ndef f(x):\n    return x.pow(2) + x ** 3\n", []),
    "scalar root of hyperparameter": ("import torch\ndef f(d):\n    return d ** -0.5\n", []),
    # --- the other operations -------------------------------------------------------
    "rsqrt of variance": ("import torch\ndef f(x):\n"
                          "    return torch.rsqrt(x.var(-1, keepdim=True))\n", [(3, "NAN010")]),
    "rsqrt of variance plus eps": ("import torch\ndef f(x, eps):\n"
                                   "    return torch.rsqrt(x.pow(2).mean(-1) + eps)\n", []),
    "numpy sqrt never": ("import numpy as np\ndef f(x):\n    return np.sqrt(x - 1)\n", []),
    "division through a variable": ("import torch\ndef f(x):\n    n = x.norm(dim=-1)\n"
                                    "    return x / n\n", [(4, "NAN020")]),
    "in-place division": ("import torch\ndef f(x):\n    x /= x.sum()\n    return x\n",
                          [(3, "NAN020")]),
    "count plus one": ("import torch\ndef f(x, m):\n    return x.sum() / (m.sum() + 1)\n", []),
    "numel of selection": ("import torch\ndef f(x):\n    s = x[x > 0]\n"
                           "    return s.sum() / s.numel()\n", [(4, "NAN020")]),
    "numel of whole tensor": ("import torch\ndef f(x):\n    return x.sum() / x.numel()\n", []),
    "max of abs": ("import torch\ndef f(x):\n    return x / x.abs().max()\n", [(3, "NAN020")]),
    # 0 for an all-zero input, like a sum of values of unknown sign
    "max of unknown": ("import torch\ndef f(x):\n    return x / x.max()\n", [(3, "NAN020")]),
    "softmax renormalised": ("import torch\ndef f(z):\n    p = torch.softmax(z, -1)\n"
                             "    return p / p.sum(-1, keepdim=True)\n", []),
    "guard != 0 on the denominator": ("import torch\ndef f(x):\n    s = torch.sum(x)\n"
                                      "    return x / torch.where(s != 0, s, 1)\n", []),
    "if != 0 guard": ("import numpy as np\ndef f(x):\n    s = x.sum()\n    if s != 0:\n"
                      "        x = x / s\n    return x\n", []),
    "constant on the closed boundary": ("import numpy as np\nr = np.arccos(-1.0)\n"
                                        "q = np.sqrt(0.0)\n", []),
    "constant outside the domain": ("import numpy as np\nr = np.arccos(2.0)\n",
                                    [(2, "NAN030")]),
    # The root of 1 / s ** 2 is no NAN010 site (positive); its division still is NAN020.
    "reciprocal of a square is positive": ("import jax.numpy as jnp\ndef f(w):\n"
                                           "    return jnp.sqrt(1.0 / w.sum() ** 2)\n",
                                           [(3, "NAN020")]),
    "raise guard with any": ("import torch\ndef f(p, t):\n"
                             "    if torch.any(p <= 0) or torch.any(t <= 0):\n"
                             "        raise ValueError('positive only')\n"
                             "    return torch.log(p / t)\n", []),
    "raise guard on one operand only": ("import torch\ndef f(p, t):\n"
                                        "    if (p <= 0).any():\n        raise ValueError\n"
                                        "    return torch.log(p / t)\n", [(5, "NAN001")]),
    "assert all positive": ("import numpy as np\ndef f(p):\n    assert np.all(p > 0)\n"
                            "    return np.log(p)\n", []),
    "not guard": ("import numpy as np\ndef f(p):\n    if not p > 0:\n        return 0.0\n"
                  "    return np.log(p)\n", []),
    "second clamp keeps the epsilon": ("import torch\ndef f(x, eps=1e-5):\n"
                                       "    x = x.clamp(min=0, max=1)\n"
                                       "    return torch.log(x.clamp(min=eps))\n", []),
    "exp plus unknown is not an epsilon": ("import torch\ndef f(g, lp):\n"
                                           "    return (g + lp.exp()).log()\n", [(3, "NAN001")]),
    "expm1 of a negative value": ("import torch\ndef f(dt):\n    dt = dt.clamp(min=1e-4)\n"
                                  "    return torch.log(-torch.expm1(-dt))\n", []),
    "arange from one": ("import torch\ndef f(n):\n    return torch.log(torch.arange(1, n))\n", []),
    "arange from zero": ("import torch\ndef f(n):\n    return torch.log(torch.arange(n))\n",
                         [(3, "NAN001")]),
    "uniform init": ("import torch\ndef f(n):\n    w = torch.empty(n)\n    w.uniform_(0.01, 16)\n"
                     "    return torch.log(w)\n", []),
    "cholesky diagonal": ("import torch\ndef f(a):\n"
                          "    return torch.linalg.cholesky(a).diagonal().log().sum()\n", []),
    "cholesky wrapper diagonal": ("from mylib import psd_safe_cholesky\ndef f(a):\n"
                                  "    L = psd_safe_cholesky(a, jitter=1e-6)\n"
                                  "    return L.diagonal(dim1=-2, dim2=-1).log().sum(-1)\n", []),
    "diagonal of a cholesky solve": ("from mylib import cholesky_solve\ndef f(a, b):\n"
                                     "    return cholesky_solve(a, b).diagonal().log()\n",
                                     [(3, "NAN001")]),
    "diagonal of another matrix": ("import torch\ndef f(a):\n"
                                   "    return a.diagonal().log()\n", [(3, "NAN001")]),
    "config attribute": ("import numpy as np\ndef f(config):\n"
                         "    return np.log2(config.stride)\n", []),
    "constructor arguments": ("import numpy as np\nclass Head:\n"
                              "    def __init__(self, stride):\n"
                              "        self.n = int(np.log2(stride))\n", []),
    "scalar annotation": ("import numpy as np\ndef f(jitter: float):\n"
                          "    return np.log(jitter)\n", []),
    "python float": ("import numpy as np\ndef f(s):\n    return np.log(float(s))\n", []),
    "size-named parameter": ("import torch\ndef f(x, n_samples):\n"
                             "    return torch.log(n_samples) + torch.log(x)\n", [(3, "NAN001")]),
    "size-named attribute": ("import numpy as np\nclass A:\n    def f(self):\n"
                             "        return np.log(self.n_particles)\n", []),
    "size-named local from an unknown call": ("import numpy as np\ndef f(env):\n"
                                              "    action_dim = np.prod(env.action_shape())\n"
                                              "    return np.log(action_dim)\n", []),
    "size name does not hide a visible value": ("import torch\ndef f(x):\n"
                                                "    n_hits = x - 1\n"
                                                "    return torch.log(n_hits)\n",
                                                [(4, "NAN001")]),
    "learning rate attribute": ("import tensorflow as tf\nclass O:\n    def f(self):\n"
                                "        return tf.math.rsqrt(self._learning_rate)\n", []),
    "documented integer": ("import jax.numpy as jnp\ndef f(m, p):\n"
                           "    \"\"\"Power.\n\n    Args:\n      m: a matrix\n"
                           "      p: a positive integer\n    \"\"\"\n"
                           "    return jnp.log2(p)\n", []),
    "documented int in parentheses": ("import numpy as np\ndef f(k):\n"
                                      "    \"\"\"k (int): how many.\"\"\"\n"
                                      "    return np.log(k)\n", []),
    "documented tensor": ("import jax.numpy as jnp\ndef f(p):\n"
                          "    \"\"\"p: float tensor of probabilities.\"\"\"\n"
                          "    return jnp.log(p)\n", [(4, "NAN001")]),
    "documented tensor with a number for a default": (
        "import tensorflow as tf\ndef f(decay=0.99):\n"
        "    \"\"\"Args:\n      decay: A `float`-like `Tensor`, the decay.\n    \"\"\"\n"
        "    return tf.math.log1p(-decay)\n", [(6, "NAN002")]),
    "documented dotted array type": ("import torch\ndef f(n):\n"
                                     "    \"\"\":type n: float or torch.Tensor\"\"\"\n"
                                     "    return torch.log(n)\n", [(4, "NAN001")]),
    "annotated array with a number for a default": ("import jax.numpy as jnp\n"
                                                    "def f(rate: ArrayLike = 1.0):\n"
                                                    "    return jnp.log(rate)\n",
                                                    [(3, "NAN001")]),
    "attribute set from a setting in the constructor": (
        "import numpy as np\nclass Loss:\n    def __init__(self, gamma=1.03):\n"
        "        self.gamma = gamma\n    def f(self):\n"
        "        return np.log1p(self.gamma - 2)\n", []),
    "attribute documented as a float by its class": (
        "import torch\nclass Loss:\n    \"\"\":param float gamma: the divergence.\"\"\"\n"
        "    def __init__(self, gamma):\n        self.gamma = gamma\n    def f(self):\n"
        "        return torch.log(self.gamma)\n", []),
    "attribute set from a tensor in the constructor": (
        "import torch\nclass Dist:\n    def __init__(self, scale):\n"
        "        self.scale = scale\n    def f(self):\n"
        "        return torch.log(self.scale)\n", [(6, "NAN001")]),
    "epsilon attribute set from a setting stays an epsilon": (
        "import torch\nclass Norm:\n    def __init__(self, eps=1e-6):\n"
        "        self.eps = eps\n    def f(self, x):\n"
        "        return torch.rsqrt(x.pow(2).mean(-1) + self.eps)\n", []),
    "group sums can be empty": ("import torch\ndef f(x, idx, n):\n"
                                "    out = torch.zeros(n).scatter_add_(0, idx, x.exp())\n"
                                "    return torch.log(out)\n", [(4, "NAN001")]),
    "group sum minus a term of it": ("import torch\ndef f(x, idx, n):\n"
                                     "    e = x.exp()\n"
                                     "    total = torch.zeros(n).index_add(0, idx, e)[idx]\n"
                                     "    return torch.log1p(total - e)\n", []),
    "helper summing its argument": ("import torch\ndef f(joint, idx, n):\n"
                                    "    def group_sum(x):\n"
                                    "        x = torch.zeros(n).scatter_add_(0, idx, x)\n"
                                    "        return x[idx]\n"
                                    "    joint = joint.exp()\n"
                                    "    return torch.log1p(group_sum(joint) - joint)\n", []),
    "helper summing a rebound parameter": ("import torch\ndef f(joint, idx, n):\n"
                                           "    def group_sum(x):\n"
                                           "        x = x - 1\n"
                                           "        return torch.zeros(n).scatter_add_(0, idx, x)\n"
                                           "    joint = joint.exp()\n"
                                           "    return torch.log1p(group_sum(joint) - joint)\n",
                                           [(7, "NAN002")]),
    "masked element store": ("import numpy as np\ndef f(x, eps=1e-8):\n"
                             "    x = np.abs(x)\n    x[x < eps] = eps\n"
                             "    return np.log(x)\n", []),
    "zero std replaced by one": ("import torch\ndef f(x):\n    s = x.std(0)\n"
                                 "    s[s == 0] = 1.0\n    return x / s\n", []),
    "element set to 0": ("import torch\ndef f(x):\n    y = torch.exp(x)\n    y[0] = 0.0\n"
                         "    return torch.log(y)\n", [(5, "NAN001")]),
    "first element of a range set to one": ("import numpy as np\ndef f(size):\n"
                                            "    rank = np.arange(size)\n    rank[0] = 1\n"
                                            "    return np.log(rank)\n", []),
    "another element of a range set to one": ("import numpy as np\ndef f(size):\n"
                                              "    rank = np.arange(size)\n    rank[1] = 1\n"
                                              "    return np.log(rank)\n", [(5, "NAN001")]),
    "accumulated elements": ("import torch\ndef f(p, n):\n    acc = torch.zeros(n)\n"
                             "    acc[p > 0] += p[p > 0]\n    return acc.log()\n",
                             [(5, "NAN001")]),
    "dict entry store": ("import torch\ndef f(x, state):\n    s = torch.exp(x)\n"
                         "    s['step'] = 0\n    return torch.log(s)\n", []),
    "random state rand": ("import numpy as np\ndef f(rng):\n"
                          "    return np.log(1.0 - rng.rand())\n", []),
    "legacy constructor of a list": ("import torch\ndef f(bound: float = 1 - 1e-3):\n"
                                     "    return torch.log(torch.Tensor([bound]))\n", []),
    "legacy constructor of a size": ("import torch\ndef f(k):\n"
                                     "    return torch.log(torch.Tensor(k))\n", [(3, "NAN001")]),
    "product of positives": ("import torch\ndef f(x):\n"
                             "    return torch.log(torch.exp(x).prod(-1))\n", []),
    "product of unknowns": ("import torch\ndef f(x):\n"
                            "    return torch.log(torch.prod(x, dim=-1))\n", [(3, "NAN001")]),
    "inverse of a cholesky factor": ("import torch\ndef f(S):\n"
                                     "    chol = torch.linalg.cholesky(S)\n"
                                     "    eye = torch.eye(chol.size(-1))\n"
                                     "    inv = torch.linalg.solve_triangular(chol, eye, upper=False)\n"
                                     "    return 1 / inv.square().sum(dim=-1)\n", []),
    "solve against an unknown matrix": ("import torch\ndef f(A, B):\n"
                                        "    inv = torch.linalg.solve_triangular(A, B, upper=True)\n"
                                        "    return 1 / inv.square().sum(dim=-1)\n", [(4, "NAN020")]),
    "matrix inverse rows": ("import numpy as np\ndef f(A):\n"
                            "    inv = np.linalg.inv(A)\n"
                            "    return inv / np.linalg.norm(inv, axis=0)\n", []),
    "unit diagonal set": ("import tensorflow as tf\ndef f(y, n):\n"
                          "    y = tf.linalg.set_diag(y, tf.ones([n]))\n"
                          "    return y / tf.norm(y, axis=-1)[..., tf.newaxis]\n", []),
    "diagonal set to an unknown": ("import tensorflow as tf\ndef f(y, d):\n"
                                   "    y = tf.linalg.set_diag(y, d)\n"
                                   "    return y / tf.norm(y, axis=-1)\n", [(4, "NAN020")]),
    "gauss-hermite weights": ("import numpy as np\ndef f(n):\n"
                              "    grid, weights = np.polynomial.hermite.hermgauss(deg=n)\n"
                              "    return weights / np.linalg.norm(weights, ord=1)\n", []),
    "one minus a sum of squares": ("import torch\ndef f(v, w):\n"
                                   "    return v / (1 - (w ** 2).sum())\n", [(3, "NAN020")]),
    "concatenation of positives": ("import torch\ndef f(a):\n"
                                   "    return torch.log(torch.cat([torch.exp(a), "
                                   "torch.ones(3)]))\n", []),
    "concatenation with an unknown": ("import torch\ndef f(a, b):\n"
                                      "    return torch.log(torch.stack([torch.exp(a), b]))\n",
                                      [(3, "NAN001")]),
    "shape unpacking": ("import torch\ndef f(x):\n    b, n = x.shape\n"
                        "    return torch.log(torch.tensor(n))\n", []),
    "builtin min of a sequence": ("import numpy as np\ndef f(strides):\n"
                                  "    return np.log2(min(strides))\n", []),
    "keras internal namespace": ("from keras.src import backend\ndef f(x):\n"
                                 "    return backend.numpy.log10(x)\n", [(3, "NAN001")]),
    "double where": ("import jax.numpy as jnp\ndef f(x, floor):\n"
                     "    rms = jnp.mean(x ** 2)\n"
                     "    x = jnp.where(rms <= floor, jnp.ones_like(x), x)\n"
                     "    return jnp.where(rms <= floor, floor, jnp.sqrt(jnp.mean(x ** 2)))\n",
                     []),
    "double where on the input itself": ("import torch\ndef f(x):\n"
                                         "    safe = torch.where(x > 0, x, torch.ones_like(x))\n"
                                         "    return torch.where(x > 0, torch.log(safe), 0.0)\n",
                                         []),
    "double where replacing with 0 is no mask": ("import torch\ndef f(x, c):\n"
                                                 "    safe = torch.where(c, torch.zeros_like(x), x)\n"
                                                 "    return torch.where(c, 0.0, torch.log(safe))\n",
                                                 [(4, "NAN001")]),
    "double where on another condition": ("import torch\ndef f(x, c, d):\n"
                                          "    safe = torch.where(c, torch.ones_like(x), x)\n"
                                          "    return torch.where(d, 0.0, torch.log(safe))\n",
                                          [(4, "NAN001")]),
    "where against a setting threshold": ("import jax.numpy as jnp\n"
                                          "def f(x, tol=1e-13):\n"
                                          "    norm = jnp.linalg.norm(x)\n"
                                          "    return jnp.where(norm > tol, x / norm, x)\n",
                                          [(4, "NAN040")]),
    "piecewise formula on an unseen bound": ("import torch\ndef f(x, c):\n"
                                             "    small = -c < x\n"
                                             "    return torch.where(small, (-x.expm1()).log(), "
                                             "(-x.exp()).log1p())\n",
                                             [(4, "NAN040"), (4, "NAN040")]),
    "a where whose test divides is read without recursing into the test": (
        "import torch\nfrom torch.nn.functional import softplus\ndef f(x, tau):\n"
        "    mask = x / tau > -15\n    return torch.where(mask, softplus(x.masked_fill("
        "~mask, -15)).log(), x / tau + tau.log())\n", [(5, "NAN001")]),
    "two inputs compared pick a formula": ("import tensorflow as tf\ndef f(a, b):\n"
                                           "    return tf.where(a >= b, tf.math.log(a), 0.)\n",
                                           [(3, "NAN001")]),
    "masked_fill after log": ("import torch\ndef f(p):\n    l = torch.log(p)\n"
                              "    return l.masked_fill(p <= 0, 0.0)\n", [(3, "NAN040")]),
    "where about something else is not a mask": ("import torch\ndef f(x, step, warmup):\n"
                                                 "    return torch.where(step < warmup, "
                                                 "torch.rsqrt(x), 0.0)\n", [(3, "NAN010")]),
    "where on a finiteness test of the result": ("import torch\ndef f(p):\n"
                                                 "    l = torch.log(p)\n"
                                                 "    return torch.where(torch.isfinite(l), l, 0)\n",
                                                 [(3, "NAN040")]),
    "where condition computed before": ("import torch\ndef f(x):\n    ok = x > 0\n"
                                        "    return torch.where(ok, torch.log(x), 0)\n",
                                        [(4, "NAN040")]),
    "double where through a named condition": ("import torch\ndef f(d):\n    pos = d > 0\n"
                                               "    safe = torch.where(pos, d, torch.ones_like(d))\n"
                                               "    return torch.where(pos, safe.sqrt(), 0.0)\n",
                                               []),
    "where after log through a variable": ("import torch\ndef f(a):\n"
                                           "    valid = (a > 0.01) & (a < 0.99)\n"
                                           "    a = torch.log(a / (1 - a))\n"
                                           "    return torch.where(valid, a, 0.0)\n",
                                           [(4, "NAN040")]),
    "where on the magnitude": ("import torch\ndef f(r):\n    edge = r.abs() >= 1.0\n"
                               "    return torch.where(edge, 0.0, torch.where(edge, 0.0, r).acos())\n",
                               []),
    "gathered probabilities": ("import torch\ndef f(z, i):\n"
                               "    p = torch.softmax(z, -1).gather(1, i).squeeze(-1)\n"
                               "    return torch.log(p)\n", [(4, "NAN003")]),
    "probabilities taken along an axis": ("import jax\nimport jax.numpy as jnp\n"
                                          "def f(z, i):\n"
                                          "    p = jnp.take_along_axis(jax.nn.softmax(z), i, 1)\n"
                                          "    return jnp.log(p)\n", [(5, "NAN003")]),
    "top-k router weights": ("import torch\nimport torch.nn.functional as F\n"
                             "def f(h, w, k):\n"
                             "    probs = F.softmax(h @ w, dim=-1)\n"
                             "    top, experts = torch.topk(probs, k, dim=-1)\n"
                             "    top /= top.sum(dim=-1, keepdim=True)\n"
                             "    v = probs.topk(k).values\n"
                             "    return top, v / v.sum(-1), experts\n", []),
    "top-k of an unknown tensor": ("import torch\ndef f(x, k):\n"
                                   "    v, i = torch.topk(x, k)\n"
                                   "    return v / v.sum(-1)\n", [(4, "NAN020")]),
    "log of top-k probabilities": ("import torch\ndef f(h, k):\n"
                                   "    v, i = torch.topk(h.softmax(-1), k)\n"
                                   "    return torch.log(v)\n", [(4, "NAN003")]),
    "sum of gathered probabilities": ("import torch\ndef f(h, i):\n"
                                      "    p = h.softmax(-1).gather(1, i)\n"
                                      "    return p / p.sum(-1, keepdim=True)\n",
                                      [(4, "NAN020")]),
    "softmax on one branch, a parameter on the other": (
        "import torch\ndef f(scores, sample):\n    if sample:\n"
        "        probs = torch.softmax(scores, -1)\n    else:\n        probs = scores\n"
        "    return probs.log()\n", [(7, "NAN003")]),
    "softmax on one branch, reweighted on the other": (
        "import torch\ndef f(z, w, c):\n    p = torch.softmax(z, 1)\n    if c:\n"
        "        p = p * w\n    return torch.log(p)\n", [(6, "NAN001")]),
    "probability reweighted in a loop": ("import torch\ndef f(z, g):\n"
                                         "    p = torch.softmax(z, 1)\n    for w in g:\n"
                                         "        p = p * w\n    return torch.log(p)\n",
                                         [(6, "NAN001")]),
    "zero denominator constant": ("import torch\ndef f(x):\n"
                                  "    return torch.log(x / torch.zeros(3))\n", [(3, "NAN001")]),
    "where that does not fix the forward value": ("import torch\ndef f(p):\n"
                                                  "    return torch.where(p > 0.5, torch.log1p(-p), 0)\n",
                                                  [(3, "NAN002")]),
    "uniform sample with a positive minval": (
        "import jax\nimport jax.numpy as jnp\ndef f(key, dtype):\n"
        "    u = jax.random.uniform(key, (3,), minval=jnp.finfo(dtype).tiny, maxval=1.)\n"
        "    return jnp.log(u) - jnp.log1p(-u)\n", []),
    "uniform sample that reaches 0": (
        "import jax\nimport jax.numpy as jnp\ndef f(key):\n"
        "    u = jax.random.uniform(key, (3,), minval=0.0, maxval=2.0)\n"
        "    return jnp.log(u) + jnp.log1p(-u)\n", [(5, "NAN001"), (5, "NAN002")]),
    "setting with a number for its default": (
        "import torch\ndef f(x, alpha=0.05, p=0.5, shift=-1.0):\n"
        "    return torch.log(torch.tensor(alpha)) + torch.log1p(-torch.tensor(p)) \\\n"
        "        + torch.log(torch.tensor(-shift))\n", []),
    "parameter with a default of None is not a setting": (
        "import torch\ndef f(x, scale=None):\n    return torch.log(scale)\n", [(3, "NAN001")]),
    "one minus an epsilon is positive": (
        "import torch\ndef f(self):\n"
        "    return torch.log(torch.exp(torch.tensor(1.0 - self.eps)) - 1)\n", []),
    "negation written as a product": (
        "import jax.numpy as jnp\ndef f(probs):\n    return jnp.log1p(-1. * probs)\n",
        [(3, "NAN002")]),
    "product by minus one of a bounded value": (
        "import torch\ndef f(z):\n    return torch.log1p(torch.sigmoid(z) * -1)\n",
        [(3, "NAN002")]),
    "elements of a list of clipped values": (
        "import numpy as np\ndef cos(a, b):\n    return np.clip(np.dot(a, b), -1.0, 1.0)\n"
        "def f(xs, m):\n    sims = [cos(x, m) for x in xs]\n"
        "    return [np.arccos(s) for s in sims]\n", []),
    "loop over the rows of a softmax": (
        "import torch\ndef f(z):\n    total = 0\n    for row in torch.softmax(z, -1):\n"
        "        total = total + torch.log(row).sum()\n    return total\n", [(5, "NAN003")]),
    "tensorflow probability's uniform sampler": (
        "from tensorflow_probability.python.internal import samplers\n"
        "import tensorflow as tf\ndef f(shape, seed):\n"
        "    u = samplers.uniform(shape, seed=seed)\n    return tf.math.log1p(-u)\n", []),
    "tf.random.uniform is in [0, 1)": (
        "import tensorflow as tf\ndef f(shape):\n"
        "    return tf.math.log(tf.random.uniform(shape))\n", [(3, "NAN001")]),
    "count of the row maxima along their axis": (
        "import jax.numpy as jnp\ndef f(q):\n    best = q == q.max(axis=-1, keepdims=True)\n"
        "    return best / best.sum(axis=-1, keepdims=True)\n", []),
    "count of the global maximum along an axis": (
        "import jax.numpy as jnp\ndef f(q):\n    best = q >= q.max()\n"
        "    return best / best.sum(axis=-1, keepdims=True)\n", [(4, "NAN020")]),
    "count of values below the maximum": (
        "import torch\ndef f(q):\n    low = q < q.amax(-1, keepdim=True)\n"
        "    return low / low.sum(-1, keepdim=True)\n", [(4, "NAN020")]),
    "norm of the rows kept for a nonzero sum": (
        "import torch\ndef f(x):\n    kept = x[torch.sum(x, dim=1) != 0]\n"
        "    return kept / torch.norm(kept, dim=1, keepdim=True)\n", []),
    "norm along another axis than the test's": (
        "import torch\ndef f(x):\n    kept = x[torch.sum(x, dim=1) != 0]\n"
        "    return kept / torch.norm(kept, dim=0, keepdim=True)\n", [(4, "NAN020")]),
    "rows kept by a test on another tensor": (
        "import numpy as np\ndef f(x, y):\n    kept = x[y.sum(axis=1) > 0]\n"
        "    return kept / np.linalg.norm(kept, axis=1, keepdims=True)\n", [(4, "NAN020")]),
    "count of the rows kept can be 0": (
        "import torch\ndef f(x):\n    kept = x[x.sum(1) != 0]\n"
        "    return kept.sum() / kept.numel()\n", [(4, "NAN020")]),
    "masked_fill caps the values it keeps": (
        "import torch\ndef f(u):\n    bound = -1\n    low = u.masked_fill(u > bound, bound)\n"
        "    return low.abs().log()\n", []),
    "masked_fill with a test on another tensor": (
        "import torch\ndef f(u, v):\n    low = u.masked_fill(v > -1, -1)\n"
        "    return low.abs().log()\n", [(4, "NAN001")]),
    "where excluding zero": ("import jax.numpy as jnp\ndef f(t):\n"
                             "    return jnp.where(t == 0, 0, jnp.log(t))\n", [(3, "NAN040")]),
    "where with the bound on the left": ("import torch\ndef f(x):\n"
                                         "    return torch.where(0 < x, torch.log(x), 0)\n",
                                         [(3, "NAN040")]),
    "division in a where about its denominator": ("import torch\ndef f(a, m):\n"
                                                  "    u = m.sum(-1)\n"
                                                  "    return torch.where(u > 0, a / u, 1.0)\n",
                                                  [(4, "NAN040")]),
    "acos of tanh": ("import torch\ndef f(x):\n    return torch.acos(torch.tanh(x))\n",
                     [(3, "NAN030")]),
    "acos of clamped": ("import torch\ndef f(c):\n    return torch.acos(c.clamp(-0.999, 0.999))\n",
                        []),
    "acos of half clamp": ("import torch\ndef f(c):\n    return torch.acos(c.clamp(min=-0.999))\n",
                           [(3, "NAN030")]),
    "log1p of a sum minus one of its terms": ("import torch\ndef f(x):\n"
                                              "    e = x.exp()\n"
                                              "    return torch.log1p(e.sum(1, True) - e)\n",
                                              []),
    "sum minus a term that can be negative": ("import torch\ndef f(x):\n"
                                              "    return torch.log1p(x.sum(1, True) - x)\n",
                                              [(3, "NAN002")]),
    "sum minus another tensor": ("import torch\ndef f(x, y):\n"
                                 "    e = x.exp()\n"
                                 "    return torch.log1p(e.sum(1, True) - y.exp())\n",
                                 [(4, "NAN002")]),
    "log1p of exp": ("import torch\ndef f(x):\n    return torch.log1p(torch.exp(x))\n", []),
    "log1p of probability complement": ("import torch\ndef f(z):\n"
                                        "    return torch.log1p(-torch.sigmoid(z))\n",
                                        [(3, "NAN002")]),
    # A compared call is bounded on the branch: as an expression, and in names bound to it.
    "count tested in a conditional expression": (
        "import torch\ndef f(x, m):\n    n = m.sum()\n"
        "    return 0 if m.sum() == 0 else x.sum() / n\n", []),
    "count tested, early return": ("import torch\ndef f(x, m):\n"
                                   "    if torch.sum(m) == 0:\n        return 0\n"
                                   "    return x.sum() / torch.sum(m)\n", []),
    "count tested as a function, divided by as a method": (
        "import torch\ndef f(w):\n    if torch.sum(w) == 0:\n        return 0\n"
        "    return w.float() / w.sum().float()\n", []),
    "count tested as a method, divided by as a function": (
        "import numpy as np\ndef f(w):\n    if w.sum() == 0:\n        return 0\n"
        "    return w / np.sum(w)\n", []),
    "a function of another tensor tested": (
        "import numpy as np\ndef f(w, v):\n    if np.sum(v) == 0:\n        return 0\n"
        "    return w / w.sum()\n", [(5, "NAN020")]),
    "count tested through item(), early return": (
        "import torch\ndef f(x, m):\n    n = m.sum()\n"
        "    if n.item() == 0:\n        return 0\n    return x.sum() / n\n", []),
    "count tested on one branch only": ("import torch\ndef f(x, m):\n"
                                        "    if m.sum() > 0:\n        x = x * 2\n"
                                        "    return x / m.sum()\n", [(5, "NAN020")]),
    "count tested, then its input rebound": (
        "import torch\ndef f(x, m):\n    if m.sum() == 0:\n        return 0\n"
        "    m = m - 1\n    return x / m.sum()\n", [(6, "NAN020")]),
    "count minus one": ("import torch\ndef f(x, m):\n"
                        "    return x.sum() / (m.sum() - 1)\n", [(3, "NAN020")]),
    # The root of a sum of squares is a norm written by hand: 0 for a zero vector.
    "hand-written norm": ("import numpy as np\ndef f(e):\n"
                          "    m = np.sum(e ** 2, axis=1) ** 0.5\n"
                          "    return e / m\n", [(4, "NAN020")]),
    "hand-written norm with an epsilon": ("import numpy as np\ndef f(e):\n"
                                          "    m = np.sqrt(np.sum(e ** 2, axis=1) + 1e-8)\n"
                                          "    return e / m\n", []),
    "count tested by a loop condition": ("import torch\ndef f(x, m):\n"
                                         "    while m.sum() > 0:\n        m = m - 1\n"
                                         "    return x / m.sum()\n", [(5, "NAN020")]),
    # --- minimum, maximum and spread -------------------------------------------------
    "spread of one tensor": ("import torch\ndef f(x):\n    lo, hi = x.min(), x.max()\n"
                             "    return (x - lo) / (hi - lo)\n", [(4, "NAN020")]),
    "spread of two tensors is no reduction of one": (
        "import torch\ndef f(x, y):\n    return x / (y.max() - x.min())\n", []),
    "spread along different axes": ("import torch\ndef f(x):\n"
                                    "    return x / (x.max(0).values - x.min(1).values)\n", []),
    "spread ruled out by a difference test": (
        "import torch\ndef f(x):\n    lo, hi = x.min(), x.max()\n    if hi - lo <= 0:\n"
        "        return x\n    return (x - lo) / (hi - lo)\n", []),
    "spread tested the other way round": (
        "import torch\ndef f(x):\n    lo, hi = x.min(), x.max()\n    if lo < hi:\n"
        "        return (x - lo) / (hi - lo)\n    return x\n", []),
    "spread tested in the wrong branch": (
        "import torch\ndef f(x):\n    lo, hi = x.min(), x.max()\n    if lo < hi:\n"
        "        return x\n    return (x - lo) / (hi - lo)\n", [(6, "NAN020")]),
    "minus its minimum is non-negative": ("import numpy as np\ndef f(x):\n"
                                          "    return np.sqrt(x - x.min()).sum() / 2, "
                                          "x / (x - x.min()).max()\n", [(3, "NAN020")]),
    "a minimum alone is no zero": ("import torch\ndef f(x):\n    return x / x.abs().min()\n",
                                   []),
    "maximum from a values and indices pair": (
        "import torch\ndef f(x):\n    m, _ = torch.max(x.abs(), dim=1)\n    return x / m\n",
        [(4, "NAN020")]),
    "maximum from .values": ("import torch\ndef f(x):\n"
                             "    return x / torch.max(x ** 2, dim=1).values\n", [(3, "NAN020")]),
    # --- branches and nonempty masks --------------------------------------------------
    "cond runs its first function where the test holds": (
        "import jax\ndef f(x, m):\n"
        "    return jax.lax.cond(m.sum() > 0, lambda: x.sum() / m.sum(), lambda: 0.0)\n", []),
    "cond runs its second function where the test fails": (
        "import jax\ndef f(x, m):\n"
        "    return jax.lax.cond(m.sum() > 0, lambda: 0.0, lambda: x.sum() / m.sum())\n",
        [(3, "NAN020")]),
    "a condition number is no branch": ("import torch\ndef f(a, x):\n"
                                        "    return x / torch.linalg.cond(a) / x.sum()\n",
                                        [(3, "NAN020")]),
    "a mask tested with any": ("import torch\ndef f(x, y):\n    m = y > 0\n"
                               "    if m.any():\n        return x.sum() / m.float().sum()\n"
                               "    return x.sum() * 0\n", []),
    "a mask tested with not any": ("import torch\ndef f(x, y):\n    m = torch.isfinite(y)\n"
                                   "    if not torch.any(m):\n        return None\n"
                                   "    return x.sum() / m.sum()\n", []),
    "a mask tested with any, reduced along an axis": (
        "import torch\ndef f(x, y):\n    m = y > 0\n    if m.any():\n"
        "        return x.sum() / m.sum(-1)\n", [(5, "NAN020")]),
    "a parameter named like a mask tested with any": (
        "import keras\ndef f(loss, mask):\n    if keras.ops.any(mask):\n"
        "        return keras.ops.sum(loss) / keras.ops.sum(keras.ops.cast(mask, 'float32'))\n"
        "    return 0.0\n", []),
    "a signed value tested with any": ("import torch\ndef f(x, y):\n    if y.any():\n"
                                       "        return x / y.sum()\n", [(4, "NAN020")]),
    "a mask tested with any, in a keras cond": (
        "import keras\ndef f(loss, m):\n    neg = keras.ops.logical_not(m)\n"
        "    return keras.ops.cond(keras.ops.any(neg),\n"
        "                          lambda: keras.ops.sum(loss) / keras.ops.sum(neg),\n"
        "                          lambda: 0.0)\n", []),
    "maximum of a positive value": ("import torch\ndef f(x):\n    e = torch.exp(x)\n"
                                    "    return e / e.max()\n", []),
    "maximum of a hyperparameter": ("import numpy as np\ndef f(x, config):\n"
                                    "    return x / np.max(config.sizes)\n", []),
    "an element above 0 makes the maximum positive": (
        "import torch\ndef f(x, y):\n    if torch.any(x > 0):\n"
        "        return y / x.max()\n    return y\n", []),
    "an element above -1 does not": ("import torch\ndef f(x, y):\n    if (x > -1).any():\n"
                                     "        return y / x.max()\n    return y\n",
                                     [(4, "NAN020")]),
    "dividing the positive part by the maximum": (
        "import numpy as np\ndef f(h):\n    h[h < 0] /= -np.amin(h)\n"
        "    h[h > 0] /= np.amax(h)\n    return h\n", []),
    "dividing the positive part by a maximum along an axis": (
        "import numpy as np\ndef f(h):\n    h[h > 0] /= np.amax(h, axis=0)\n    return h\n",
        [(3, "NAN020")]),
    "dividing a selection by its mask's count": (
        "import torch\ndef f(x, y):\n    m = y > 0\n    x[m] /= m.float().sum()\n"
        "    return x\n", []),
    "the selection is no fact past its statement": (
        "import numpy as np\ndef f(h):\n    h[h > 0] /= 2.0\n    return 1 / np.amax(h)\n",
        [(4, "NAN020")]),
    # --- ridges: A + eps * I is the matrix form of x + eps ------------------------------
    "norm of a ridged matrix": ("import jax.numpy as jnp\ndef f(a, eps, n):\n"
                                "    damped = a + eps * jnp.eye(n)\n"
                                "    return 1.0 / jnp.linalg.norm(damped)\n", []),
    "norm of a matrix plus the identity": ("import torch\ndef f(a, n):\n"
                                           "    return a / torch.linalg.norm(a + torch.eye(n))\n",
                                           []),
    "identity times a value of unknown sign is no ridge": (
        "import torch\ndef f(a, c, n):\n"
        "    return a / torch.linalg.norm(a + c * torch.eye(n))\n", [(3, "NAN020")]),
    # --- means, powers and settings ---------------------------------------------------
    "a reduction times a positive constant": ("import torch\ndef f(x, w):\n"
                                              "    return x / (2.0 * w.max())\n",
                                              [(3, "NAN020")]),
    "a reduction times a setting": ("import torch\ndef f(x, num_raters):\n"
                                    "    return x / (x.std() * num_raters)\n",
                                    [(3, "NAN020")]),
    "a reduction over a setting": ("import torch\ndef f(x, m, n: int):\n"
                                   "    return x / (m.sum() / n)\n", [(3, "NAN020")]),
    "a reduction times a value of unknown sign is 0 where the reduction is": (
        "import torch\ndef f(x, w, y):\n    return x / (w.sum() * y)\n", [(3, "NAN020")]),
    "a product of two norms is 0 where either is": (
        "import torch\ndef f(x, y):\n    return (x * y).sum() / (x.norm() * y.norm())\n",
        [(3, "NAN020")]),
    "a product of two floored norms is not": (
        "import torch\ndef f(x, y):\n"
        "    return (x * y).sum() / (x.norm().clamp(min=1e-8) * y.norm().clamp(min=1e-8))\n",
        []),
    "the maximum of a value and an array is elementwise, no reduction": (
        "import torch\ndef f(c, t, floor: float):\n"
        "    v = torch.max(t.sum(-1), torch.as_tensor(floor))\n    return c / (v * v)\n", []),
    "the maximum along a dimension is a reduction": (
        "import torch\ndef f(x):\n    return x / torch.max(x.abs(), 1)[0]\n", [(3, "NAN020")]),
    "mean of non-negative values": ("import torch\ndef f(x):\n"
                                    "    return x / (x ** 2).mean(-1, keepdim=True)\n",
                                    [(3, "NAN020")]),
    "mean of signed values is no reduction to 0": ("import torch\ndef f(x, y):\n"
                                                   "    return y / x.mean()\n", []),
    "square of a reduction": ("import torch\ndef f(x, y):\n    n = y.sum()\n"
                              "    return x / n ** 2\n", [(4, "NAN020")]),
    "cube of a count": ("import torch\ndef f(x, m):\n    return x / m.sum() ** 3\n",
                        [(3, "NAN020")]),
    "scaled by a setting keeps positivity": ("import torch\ndef f(z, world_size):\n"
                                             "    q = torch.exp(z) / world_size\n"
                                             "    return torch.log(q)\n", []),
    "scaled by a setting keeps zeros": ("import torch\ndef f(z, tau):\n"
                                        "    q = torch.relu(z) * tau\n"
                                        "    return z / q.sum()\n", [(4, "NAN020")]),
    # --- values built from settings only do not move during training -------------------
    "reduction of a grid built from a setting": (
        "import torch\ndef f(n_heads):\n"
        "    thetas = torch.arange(n_heads) * 0.5\n"
        "    grid = torch.stack([thetas.cos(), thetas.sin()], -1)\n"
        "    return grid / grid.abs().max(-1, keepdim=True)[0]\n", []),
    "elements stored at a range index keep a grid built from settings": (
        "import torch\ndef f(size: int, sigma=1.5):\n"
        "    w = (-(torch.arange(size) ** 2) / sigma).exp()\n"
        "    for m in range(size):\n        w[m] = 0\n"
        "    return w / torch.sum(w)\n", []),
    "elements stored at a data index make the array data": (
        "import torch\ndef f(x, idx):\n    m = torch.zeros_like(x, dtype=torch.bool)\n"
        "    m[idx] = True\n    return (m.sum() * 0.5) ** 0.5\n", [(5, "NAN010")]),
    "counts scattered at a data index are data": (
        "import torch\ndef f(x, idx, n: int):\n"
        "    counts = torch.zeros(n).scatter_add(0, idx, torch.ones_like(x))\n"
        "    return counts / counts.sum()\n", [(4, "NAN020")]),
    "a Python number from a reduction leaves the graph, as .item() does": (
        "import torch\ndef f(x, y):\n    scale = float(y.abs().max())\n"
        "    return x / scale\n", []),
    "a tensor divided by the reduction itself is flagged": (
        "import torch\ndef f(x, y):\n    scale = y.abs().max()\n"
        "    return x / scale\n", [(4, "NAN020")]),
    "a Python number from a reduction is not a setting": (
        "import torch\ndef f(x, y):\n    scale: float = float(y.abs().max())\n"
        "    return torch.log(scale * x)\n", [(4, "NAN001")]),
    "a parameter annotated as a list of Python numbers holds settings": (
        "import numpy as np\ndef f(n: int, ratios: list[float | int] | None = None):\n"
        "    return np.asarray(ratios) / np.sum(ratios)\n", []),
    "a parameter annotated as a list of arrays does not": (
        "import numpy as np\ndef f(ratios: list[np.ndarray]):\n"
        "    return np.asarray(ratios) / np.sum(ratios)\n", [(3, "NAN020")]),
    "an unknown value annotated as Python numbers holds settings": (
        "import numpy as np\ndef f(indices, ratios):\n"
        "    ratios_: tuple[float, ...] = ensure_tuple(ratios)\n"
        "    return np.asarray(ratios_) / np.sum(ratios_)\n", []),
    "elements stored at an enumerate counter keep settings": (
        "import numpy as np\ndef f(indices, ratios: list[float]):\n"
        "    for i, array in enumerate(indices):\n"
        "        if len(array) == 0:\n            ratios[i] = 0\n"
        "    return np.asarray(ratios) / np.sum(ratios)\n", []),
    "the element enumerate pairs with the counter keeps its evidence": (
        "import torch\ndef f(z):\n    for i, p in enumerate(torch.softmax(z, -1)):\n"
        "        y = torch.log(p)\n    return y\n", [(4, "NAN003")]),
    "a sum of reciprocal logs of a range from 2 is above 0": (
        "import numpy as np\ndef f(dcg, n):\n"
        "    ideal = np.sum(1 / np.log2(np.arange(2, n + 2)))\n    return dcg / ideal\n", []),
    "a sum of logs of values that can be below 1 has unknown sign": (
        "import numpy as np\ndef f(dcg, n):\n"
        "    ideal = np.sum(np.log2(np.abs(n) + 0.5))\n    return dcg / ideal\n",
        [(4, "NAN020")]),
    "a sum of log1p of non-negative values can be 0": (
        "import torch\ndef f(x, y):\n"
        "    return x / torch.log1p(torch.relu(y)).sum()\n", [(3, "NAN020")]),
    "a conjunction tested nonempty witnesses each side": (
        "import torch\ndef f(a, b):\n    safe = (a > 0) & (b > 0)\n    if safe.any():\n"
        "        return a / a.abs().sum() + b / b.abs().sum()\n", []),
    "a conjunction tested inline witnesses each side": (
        "import torch\ndef f(a, b):\n    if ((a > 0) & (b > 0)).any():\n"
        "        return a / a.abs().sum()\n", []),
    "a disjunction tested nonempty witnesses neither side": (
        "import torch\ndef f(a, b):\n    safe = (a > 0) | (b > 0)\n    if safe.any():\n"
        "        return a / a.abs().sum()\n", [(5, "NAN020")]),
    "a named conjunction tested nonempty still selects what it compares": (
        "import torch\ndef f(a, b):\n    total = torch.relu(b).sum(1)\n"
        "    safe = (a > 0) & (total > 0)\n    if torch.sum(safe) > 0:\n"
        "        return a[safe] / total[safe]\n", []),
    "a running sum of minus the log of a draw from [0, 1) is above 0": (
        "import jax\nimport jax.numpy as jnp\ndef f(key, n):\n"
        "    z = jnp.cumsum(-jnp.log(jax.random.uniform(key, (n,))))\n"
        "    return z[:-1] / z[-1]\n", [(4, "NAN001")]),
    "a sum of minus the log of a value in (0, 1] can be 0": (
        "import jax\nimport jax.numpy as jnp\ndef f(x, n):\n"
        "    u = jnp.clip(jax.nn.sigmoid(x), 1e-6, 1.0)\n"
        "    z = jnp.cumsum(-jnp.log(u))\n    return z[:-1] / z[-1]\n", [(6, "NAN020")]),
    "minus a sum is 0 where the sum is": (
        "import torch\ndef f(x):\n    return x / -x.sum()\n", [(3, "NAN020")]),
    "a sum of minus the log of a sigmoid can be 0": (
        "import torch\ndef f(p):\n"
        "    z = -torch.log(torch.sigmoid(p) + 1e-12).sum()\n    return p / z\n",
        [(4, "NAN020")]),
    "a running sum is a sum: its last element is 0 for all-zero input": (
        "import numpy as np\ndef f(a, weights):\n    cdf = np.cumsum(weights)\n"
        "    cdf /= cdf[-1]\n    return cdf\n", [(4, "NAN020")]),
    "zip pairs the elements of settings, which stay settings": (
        "import torch\ndef f(kernel_size: int = 3, sigma: float = 0.5):\n"
        "    sizes, sigmas = [kernel_size] * 2, [sigma] * 2\n    kernel = 1\n"
        "    grids = torch.meshgrid([torch.arange(n) for n in sizes])\n"
        "    for size, std, grid in zip(sizes, sigmas, grids):\n"
        "        kernel *= torch.exp(-((grid - size / 2) / std) ** 2) / std\n"
        "    return kernel / torch.sum(kernel)\n", []),
    "zip pairs the elements of data, which keep their evidence": (
        "import torch\ndef f(z, ys):\n    for p, y in zip(torch.softmax(z, -1), ys):\n"
        "        out = torch.log(p) * y\n    return out\n", [(4, "NAN003")]),
    "enumerate of zip pairs a counter with the pairs": (
        "import torch\ndef f(z, ys):\n"
        "    for i, (p, y) in enumerate(zip(torch.softmax(z, -1), ys)):\n"
        "        out = torch.log(p) * y\n    return out\n", [(4, "NAN003")]),
    "a deviation from the mean is 0 for a constant input": (
        "import torch\ndef f(y, p):\n    return (y - p) / (y - torch.mean(y))\n", [(3, "NAN020")]),
    "a deviation from the mean, seen through a reshape": (
        "import torch\ndef f(y, p):\n"
        "    return p / torch.abs(y.view_as(p) - y.mean())\n", [(3, "NAN020")]),
    "a difference from the mean of another tensor is no deviation": (
        "import torch\ndef f(y, p):\n    return p / (y - p.mean())\n", []),
    "the absolute value of a sum is 0 where the sum is": (
        "import torch\ndef f(x, w):\n    s = (x * w).sum(0)\n"
        "    return (s - x.sum(0)) / s.abs()\n", [(4, "NAN020")]),
    "the ReLU of a sum is 0 where the sum is below 0": (
        "import torch\ndef f(x):\n    return x / torch.relu(x.sum())\n", [(3, "NAN020")]),
    "the absolute value of a positive sum is positive": (
        "import torch\ndef f(x):\n    return x / torch.abs(torch.exp(x).sum())\n", []),
    "a library function the table does not know, of settings, is a setting": (
        "import torch\ndef f(n_taps: int):\n"
        "    k = torch.kron(torch.arange(n_taps) + 1.0, torch.hann_window(n_taps))\n"
        "    return k / k.sum()\n", []),
    "a method the table does not know, of an array of settings, is a setting": (
        "import torch\ndef f(n: int):\n    q = torch.zeros(n, n) + 1.0\n"
        "    k = q.fliplr()\n    return k / k.sum()\n", []),
    "a library function that draws random numbers is data": (
        "import torch\ndef f(n: int):\n    w = torch.poisson(torch.ones(n))\n"
        "    return w / w.sum()\n", [(4, "NAN020")]),
    "an array of settings can hold zeros: it is no positive scale": (
        "import torch\ndef f(x, n: int):\n    mask = torch.tril(torch.ones(n, n))\n"
        "    return x / (mask * torch.exp(x)).sum(-1)\n", [(4, "NAN020")]),
    "a library function of data is data": (
        "import torch\ndef f(x):\n    k = torch.kron(x, x)\n"
        "    return k / k.sum()\n", [(4, "NAN020")]),
    "a helper called with settings only returns a setting": (
        "import torch\ndef window(n, sigma):\n"
        "    w = torch.exp(-(torch.arange(n) - n / 2) ** 2 / sigma)\n    w[0] = 0\n"
        "    return w\ndef table(n: int):\n    w = window(n, 2.0)\n"
        "    return w / w.sum()\n", []),
    "the same helper called with data returns data": (
        "import torch\ndef window(n, sigma):\n"
        "    w = torch.exp(-(torch.arange(n) - n / 2) ** 2 / sigma)\n    w[0] = 0\n"
        "    return w\ndef table(x, n: int):\n    w = window(n, x)\n"
        "    return w / w.sum()\n", [(8, "NAN020")]),
    "a method called with settings still reads its object's data": (
        "import torch\nclass Pool:\n    def weights(self, n):\n"
        "        return self.scores[:n]\n    def forward(self):\n"
        "        w = self.weights(3)\n        return w / w.sum()\n", [(7, "NAN020")]),
    "an einsum of tables built from settings is a setting": (
        "import torch\ndef f(n: int):\n    q = torch.ones(n, n) * 0.5\n"
        "    c = torch.einsum('ij,jk,kl->il', q, q, q)\n    return c / torch.norm(c)\n", []),
    "an einsum with one operand of data is data": (
        "import torch\ndef f(x, n: int):\n    q = torch.ones(n, n) * 0.5\n"
        "    c = torch.einsum('ij,jk,kl->il', q, q, x)\n    return c / torch.norm(c)\n",
        [(5, "NAN020")]),
    "a constructor's array argument is data": (
        "import torch\nclass Rotation:\n"
        "    def __init__(self, quats: torch.Tensor, scale=2.0):\n"
        "        self.quats = quats / torch.linalg.norm(quats, dim=-1, keepdim=True)\n", [(4, "NAN020")]),
    "a constructor's other arguments are settings": (
        "import torch\nclass Encoding:\n    def __init__(self, d_model, max_len):\n"
        "        pe = torch.zeros(max_len, d_model)\n"
        "        pe[:, 0::2] = torch.sin(torch.arange(max_len)[:, None] * 0.1)\n"
        "        self.pe = pe / (pe.std() * 10)\n", []),
    # --- witnessed elements ----------------------------------------------------------
    "an element above 0 keeps the sum of squares above 0": (
        "import torch\ndef f(x):\n    if (x > 0).any():\n"
        "        return x / x.pow(2).mean()\n    return x\n", []),
    "an element above 0 keeps the sum of a relu above 0": (
        "import torch\ndef f(x):\n    if (x > 0).any():\n"
        "        return x / torch.relu(x).sum()\n    return x\n", []),
    "an element below 0 leaves the sum of a relu at 0": (
        "import torch\ndef f(x):\n    if (x < 0).any():\n"
        "        return x / torch.relu(x).sum()\n    return x\n", [(4, "NAN020")]),
    "a positive count of a named comparison witnesses what it compares": (
        "import torch\ndef f(x):\n    m = x != 0\n    assert m.sum() > 0\n"
        "    return x / x.abs().sum()\n", []),
    "a positive count along an axis witnesses nothing of the whole": (
        "import torch\ndef f(x, mask):\n    if mask.sum(dim=1) > 0:\n"
        "        return x / mask.sum()\n    return x\n", [(4, "NAN020")]),
    "a witness on one value says nothing of another": (
        "import torch\ndef f(x, y):\n    if (x > 0).any():\n"
        "        return x / y.abs().sum()\n    return x\n", [(4, "NAN020")]),
    "a tested mask keeps what its selection says": (
        "import torch\ndef f(n):\n    ok = n > 0\n    if torch.sum(ok) == 0:\n"
        "        return None\n    return 1.0 / n[ok]\n", []),
    "a count positive in every row witnesses an element in every row": (
        "import torch\ndef f(x):\n    above = x > 0\n    count = above.sum(dim=(-1, -2))\n"
        "    assert (count > 0).all()\n    return x / x.pow(2).mean(dim=(-1, -2))\n", []),
    "a count positive in every row says nothing of the columns": (
        "import torch\ndef f(x):\n    above = x > 0\n    count = above.sum(dim=1)\n"
        "    assert (count > 0).all()\n    return x / x.pow(2).mean(dim=0)\n",
        [(6, "NAN020")]),
    "a count positive somewhere witnesses no row": (
        "import torch\ndef f(x):\n    count = (x != 0).sum(dim=1)\n"
        "    assert (count > 0).any()\n    return x / x.abs().sum(dim=1)\n",
        [(5, "NAN020")]),
    # --- a tested name bounds its reduction ------------------------------------------
    "a tested count bounds the same reduction computed again": (
        "import torch\ndef f(x, mask):\n    count = mask.sum(dim=1)\n"
        "    assert (count > 0).all()\n    return (x * mask).sum(1) / mask.sum(dim=1)\n", []),
    "a count tested by a raise bounds the same reduction": (
        "import torch\ndef f(x, mask):\n    count = mask.sum(dim=1)\n"
        "    if (count == 0).any():\n        raise ValueError('an empty row')\n"
        "    return (x * mask).sum(1) / mask.sum(dim=1)\n", []),
    "a tested count says nothing of another axis": (
        "import torch\ndef f(x, mask):\n    count = mask.sum(dim=1)\n"
        "    assert (count > 0).all()\n    return x / mask.sum(dim=0)\n", [(5, "NAN020")]),
    "a tested count says nothing once its operand is rebound": (
        "import torch\ndef f(x, mask, other):\n    count = mask.sum(dim=1)\n"
        "    assert (count > 0).all()\n    mask = other\n"
        "    return x / mask.sum(dim=1)\n", [(6, "NAN020")]),
    "a fact of one branch does not hold past the join": (
        "import torch\ndef f(x, mask):\n    count = mask.sum(dim=1)\n"
        "    if (count > 0).all():\n        pass\n"
        "    return x / mask.sum(dim=1)\n", [(6, "NAN020")]),
    # --- masks after the op: what the mask keeps --------------------------------------
    "a finiteness test of the op itself masks it after the fact": (
        "import torch\ndef f(x):\n"
        "    return torch.where(torch.isfinite(torch.log(x)), torch.log(x), 0.0)\n",
        [(3, "NAN001"), (3, "NAN040")]),
    "a finiteness test of another value does not fix the forward value": (
        "import torch\ndef f(x, y):\n"
        "    return torch.where(torch.isfinite(y), torch.log(x), 0.0)\n", [(3, "NAN001")]),
    "a test of the result through a variable": (
        "import torch\ndef f(x):\n    y = torch.log(x)\n"
        "    return torch.where(torch.isfinite(y), y, 0.0)\n", [(3, "NAN040")]),
    "a where keeping the quotient where its count is 0": (
        "import torch\ndef f(x, m):\n    mean = (x * m).sum(0) / m.sum(0)\n"
        "    return torch.where(m.sum(0) == 0, mean, x[0])\n", [(3, "NAN020")]),
    "a comparison method in a where": (
        "import torch\ndef f(x):\n    n = torch.norm(x)\n"
        "    return torch.where(n.gt(0), x / n, x)\n", [(4, "NAN040")]),
    "a NumPy quotient indexed by a mask is not masked after the op": (
        "import numpy as np\ndef f(x):\n    p = x / x.sum()\n    return p[p > 0]\n",
        [(3, "NAN020")]),
    "a tensor's where method keeps its receiver where the test holds": (
        "import torch\ndef f(v):\n    n = torch.linalg.norm(v, dim=1, keepdim=True)\n"
        "    return (v / n).where(n > 0, v)\n", [(4, "NAN040")]),
    "a tensor's where method keeps its argument where the test fails": (
        "import torch\ndef f(v, eps):\n    n = torch.linalg.norm(v, dim=1, keepdim=True)\n"
        "    return v * n.where(n == 0, eps / n)\n", [(4, "NAN040")]),
    "a where method keeping the quotient where its denominator is 0": (
        "import torch\ndef f(v, eps):\n    n = torch.linalg.norm(v, dim=1, keepdim=True)\n"
        "    return v * n.where(n > 0, eps / n)\n", [(4, "NAN020")]),
    # --- comparisons spelled as calls -----------------------------------------------------
    "isclose to 0, false, keeps the input away from 0": (
        "import numpy as np\ndef f(x):\n    rms = np.sqrt(np.mean(x ** 2))\n"
        "    rms = np.where(np.isclose(rms, 0), 1e-8, rms)\n    return x / rms\n", []),
    "the count of the entries equal to the row maximum, by eq": (
        "import torch\ndef f(scores, logits):\n    top = scores.max(-1)[0]\n"
        "    ties = scores.eq(top.unsqueeze(-1))\n    return logits / ties.sum(-1)\n", []),
    # --- constants ---------------------------------------------------------------------
    "pi of an array library is a positive constant": (
        "import numpy as np\ndef f(x):\n    return x - np.log(np.sqrt(2 * np.pi))\n", []),
    "the spread of a constant table": (
        "import numpy as np\ndef f():\n    p = np.linspace(51, 99, 40)\n"
        "    return (p - np.min(p)) / (np.max(p) - np.min(p))\n", []),
    "trax's fastmath NumPy is JAX": (
        "from trax.fastmath import numpy as jnp\ndef f(x, mask):\n"
        "    return jnp.sum(x * mask) / jnp.sum(mask)\n", [(3, "NAN020")]),
    "a nested index store makes a table of ones data": (
        "import torch\ndef f(x, graph_of_node, n, g):\n    neg = torch.ones((n, g))\n"
        "    for node, graph in enumerate(graph_of_node):\n        neg[node][graph] = 0.0\n"
        "    return (x * neg).sum() / neg.sum()\n", [(6, "NAN020")]),
    # --- random draws ------------------------------------------------------------------
    "the norm of a Gaussian draw": (
        "import torch\ndef f(n):\n    z = torch.randn(n) * 2.0 + 1.0\n"
        "    return z / z.norm()\n", []),
    "the log of a uniform draw": (
        "import torch\ndef f(n):\n    return -torch.log(torch.rand(n))\n", [(3, "NAN001")]),
    "the count of a Bernoulli keep mask": (
        "import numpy as np\ndef f(x, p):\n    keep = np.random.rand(len(x)) > p\n"
        "    return x[keep].sum() / keep.sum()\n", [(4, "NAN020")]),
    "the row sums of NumPy gamma draws": (
        "import numpy as np\ndef f(n, k):\n    g = np.random.gamma(1.0, 1.0, size=(n, k))\n"
        "    return g / g.sum(1, keepdims=True)\n", []),
    "a draw scaled by data that can be 0": (
        "import torch\ndef f(w):\n    z = torch.randn(w.shape) * w\n"
        "    return z / z.norm()\n", [(4, "NAN020")]),
    # --- shape methods keep values ---------------------------------------------------
    "a repeated reduction": ("import torch\ndef f(a, n):\n"
                             "    return a / a.norm(dim=-1, keepdim=True).repeat(1, n)\n",
                             [(3, "NAN020")]),
    "a tiled reduction": ("import numpy as np\ndef f(a, n):\n"
                          "    return a / np.tile(np.sum(a ** 2, 0), (n, 1))\n", [(3, "NAN020")]),
}


@pytest.mark.parametrize(("source", "expected"), list(CASES.values()), ids=list(CASES))
def test_findings(source, expected):
    if "match " in source and sys.version_info < (3, 10):
        pytest.skip("match statements are Python 3.10+")
    assert found(source) == expected


def test_notebook_scope_spans_cells_in_order():
    import json

    cells = [["import torch\n", "eps = 1e-6"], ["def f(p):\n", "    return torch.log(p + eps)"],
             ["q = torch.sigmoid(torch.rand(3))\n", "%time r = 1\n", "torch.log(q)"]]
    notebook = {"cells": [{"cell_type": "code", "source": c, "metadata": {}, "outputs": []}
                          for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    findings = check_source(json.dumps(notebook), "nb.ipynb")
    assert [(f.cell, f.line, f.code) for f in findings] == [(2, 3, "NAN003")]
    assert "cell 2, line 1" in findings[0].message


def test_precedence_falls_back_when_the_specific_rule_is_ignored():
    source = "import torch\ndef f(z):\n    return torch.log(torch.softmax(z, -1))\n"
    assert found(source) == [(3, "NAN003")]
    assert found(source, ignore=("NAN003",)) == [(3, "NAN001")]


def test_opt_in_rule_only_when_selected():
    source = "import torch\ndef f(z):\n    return torch.log(torch.softmax(z, -1) + 1e-8)\n"
    assert found(source) == []
    assert found(source, extend_select=("NAN103",)) == [(3, "NAN103")]


def test_confidence_high_for_visible_origin_medium_otherwise():
    source = ("import torch\ndef f(x, q):\n    a = torch.log(x.relu())\n"
              "    return torch.log(q)\n")
    findings = check_source(source)
    assert [(f.line, f.confidence) for f in findings] == [(3, "high"), (4, "medium")]
    assert [f.line for f in check_source(source, config=Config(min_confidence="high"))] == [3]


def test_message_names_the_origin_and_the_fix():
    source = ("import tensorflow as tf\ny_conv = tf.nn.softmax(tf.ones([3]))\n"
              "ce = tf.log(y_conv)\n")
    (finding,) = check_source(source)
    assert "`y_conv` is `tf.nn.softmax(...)` from line 2" in finding.message
    assert "tf.nn.softmax_cross_entropy_with_logits" in finding.message
    assert "`tf.clip_by_value(y_conv, 1e-10, 1.0)`" in finding.message


def test_message_without_a_stable_api_starts_with_the_mask():
    source = "import mxnet as mx\ndef f(z):\n    return mx.nd.log(mx.nd.sigmoid(z))\n"
    (finding,) = check_source(source)
    assert finding.code == "NAN003"
    assert "the gradients NaN. Mask: `mx.nd.clip(mx.nd.sigmoid(z), 1e-10, 1.0)`" \
        in finding.message


def test_probability_from_a_helper_names_the_helper_call():
    source = ("import torch\ndef probs(z, given):\n    if given is None:\n"
              "        return torch.sigmoid(z)\n    return given\n"
              "def f(z, p):\n    q = probs(z, p)\n    return torch.log(q)\n")
    (finding,) = check_source(source)
    assert finding.code == "NAN003"
    assert "`q` is `probs(...), which returns torch.sigmoid(...)` from line 7" \
        in finding.message


def test_positions_are_those_of_the_call():
    source = "import torch\ndef f(p):\n    return 2 * torch.log(p)\n"
    (finding,) = check_source(source)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 16, 3, 28)


def test_analysis_of_a_file_does_not_depend_on_files_analysed_before():
    caller = "import torch\ndef f(p):\n    return torch.log(safe(p))\n"
    before = found(caller)
    found("import torch\ndef safe(p):\n    return p + 1e-6\n")
    assert found(caller) == before == [(3, "NAN001")]
