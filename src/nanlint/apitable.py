"""Which function of which array framework does what, as plain data.

The engine knows a small set of *kinds* (a logarithm, a clip, a softmax, a sum, ...) and how
each one transforms the abstract value of its input. This module only says which names of
which framework are which kind. Adding a framework, or a function to one, is adding rows.

A name is looked up as ``namespace.function``: ``torch.nn.functional.softmax`` is the
function ``softmax`` in the namespace ``torch.nn.functional``, which belongs to PyTorch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional

# Kinds whose argument has a restricted domain: the engine records a *site* for each.
LOG = "log"
LOG1P = "log1p"
SQRT = "sqrt"
RSQRT = "rsqrt"
ACOS = "acos"
ASIN = "asin"
ATANH = "atanh"
POW = "pow"
DIVIDE = "divide"

# Plain arithmetic spelled as a call: torch.add(x, eps), x.mul_(y).
ADD = "add"
SUBTRACT = "subtract"
MULTIPLY = "multiply"

# Masks and guards.
SAFE_DIVIDE = "divide_no_nan"
CLIP = "clip"
CLIP_MIN = "clip_min"
CLIP_MAX = "clip_max"
MAXIMUM = "maximum"
MINIMUM = "minimum"
WHERE = "where"
NAN_TO_NUM = "nan_to_num"

# Producers of values in known ranges.
SOFTMAX = "softmax"
SIGMOID = "sigmoid"
EXP = "exp"
EXPM1 = "expm1"
SOFTPLUS = "softplus"
ABS = "abs"
SQUARE = "square"
RELU = "relu"
TANH = "tanh"
BOUNDED_UNIT = "bounded_unit"  # cos, sin: [-1, 1]
COSINE_SIMILARITY = "cosine_similarity"
NORMALIZE = "normalize"  # a unit-norm vector (with the library's own epsilon)
LOG_PROBABILITY = "log_probability"  # log_softmax, log_sigmoid: (-inf, 0]
STABLE = "stable"  # xlogy, logsumexp, *_cross_entropy_with_logits: never form log(0)

CHOLESKY = "cholesky"  # a Cholesky factor: its diagonal is positive, so it is invertible
INVERSE = "inverse"  # inv(A): an invertible matrix, with no zero row or column
SOLVE = "solve"  # solve(A, B) = A^-1 B: invertible when A and B are (B an identity: A^-1)
IDENTITY = "identity"  # eye(n)
QUADRATURE = "quadrature"  # hermgauss(n): (points, weights), the weights positive
SET_DIAGONAL = "set_diagonal"  # set_diag(x, d): a nonzero d leaves no row or column zero
QUANTIFIER = "quantifier"  # all(), any(): a condition, about what it tests
PREDICATE = "predicate"  # logical_not(m), isfinite(x): elementwise booleans
BRANCH = "cond"  # cond(pred, true_fn, false_fn): each function runs where pred is so
DIAGONAL = "diagonal"

# Reductions.
SUM = "sum"
NORM = "norm"
STD = "std"
VAR = "var"
COUNT_NONZERO = "count_nonzero"
MAX = "max"
MIN = "min"  # only a reduction here: x - x.min() is never negative
MEAN = "mean"
NUMEL = "numel"
DOT = "dot"
PRODUCT = "product"  # prod, cumprod: positive factors make a positive product
SCATTER_ADD = "scatter_add"  # x.scatter_add_(dim, index, src): x plus group sums of src
SCATTER = "scatter"  # x.scatter_(dim, index, src): src written into x at index along dim
UNIQUE = "unique"  # np.unique(y, return_counts=True): the counts, last, are at least 1

# Values that do not move during training, and shape-only operations.
CONSTRUCT = "construct"  # torch.tensor(3.0), tf.constant(...): a new tensor from Python data
# torch.Tensor([1.0]) is built from data like torch.tensor, torch.Tensor(n) an uninitialised n
LEGACY_CONSTRUCT = "legacy construct"
CONVERT = "convert"  # np.asarray(x), tf.convert_to_tensor(x): the same values, another type
FULL = "full"  # torch.full(shape, value), x.new_full(shape, value): a constant fill
ARANGE = "arange"  # arange(stop) starts at 0; arange(start, stop) at start
UNIFORM = "uniform"  # x.uniform_(a, b): values in [a, b]
RANDOM = "random"  # torch.rand, np.random.random, jax.random.uniform: values in [0, 1)
# randn, normal, exponential, an initialiser (kaiming_uniform_): a continuous distribution
DRAW = "draw"
# The draws that libraries' functions and random generators' methods (rng.normal(...),
# x.normal_(0, 0.02)) both spell so
_DRAW_NAMES = ("randn", "normal", "standard_normal", "exponential", "standard_exponential",
               "laplace", "lognormal")
MASKED_FILL = "masked_fill"  # x.masked_fill(mask, v): a mask applied to a result
ONES = "ones"
ZEROS = "zeros"
TOPK = "topk"  # (values, indices) of the k largest: the values include the maximum
PICK = "pick"  # gather, take: some of the elements, with their range
PASSTHROUGH = "passthrough"  # reshape, detach, cast: same values, other shape or dtype
FINFO = "finfo"  # np.finfo(dtype): its .eps / .tiny are epsilons
EPSILON = "epsilon"  # K.epsilon(), keras.config.epsilon()

GUARDED = frozenset({LOG, LOG1P, SQRT, RSQRT, ACOS, ASIN, ATANH})

# Argument roles of each kind in positional order; the first role is the operated value.
SIGNATURES: Mapping[str, tuple[str, ...]] = {
    CLIP: ("x", "lo", "hi"),
    CLIP_MIN: ("x", "lo"),
    CLIP_MAX: ("x", "hi"),
    MAXIMUM: ("x", "y"),
    MINIMUM: ("x", "y"),
    WHERE: ("cond", "x", "y"),
    DIVIDE: ("x", "y"),
    SAFE_DIVIDE: ("x", "y"),
    POW: ("x", "exponent"),
    ADD: ("x", "y"),
    SUBTRACT: ("x", "y"),
    MULTIPLY: ("x", "y"),
    DOT: ("x", "y"),
    COSINE_SIMILARITY: ("x", "y"),
    LOG: ("x",),
    FULL: ("shape", "x"),
    ARANGE: ("lo", "hi"),
    UNIFORM: ("x", "lo", "hi"),
    MASKED_FILL: ("x", "cond", "y"),
    SOLVE: ("x", "y"),
    SCATTER_ADD: ("x", "dim", "index", "y"),
    SCATTER: ("x", "dim", "index", "y"),
    SET_DIAGONAL: ("x", "y"),
}

# Keyword names that mean each role, across the frameworks' spellings.
ROLE_KEYWORDS: Mapping[str, frozenset[str]] = {
    "x": frozenset({"input", "x", "a", "t", "tensor", "features", "logits", "x1", "arr", "data",
                    "A", "matrix"}),
    "lo": frozenset({"min", "a_min", "clip_value_min", "min_value", "lower", "start", "low",
                     "from"}),
    "hi": frozenset({"max", "a_max", "clip_value_max", "max_value", "upper", "end", "stop",
                     "high", "to"}),
    "y": frozenset({"other", "y", "b", "x2", "value", "B", "rhs", "diagonal", "src", "source"}),
    "cond": frozenset({"condition", "cond", "mask"}),
    "exponent": frozenset({"exponent", "exp", "p"}),
}

# The array-API vocabulary the libraries share: every framework below understands these
# names in each of its namespaces (unless it excludes them).
COMMON: Mapping[str, str] = {
    "log": LOG, "log2": LOG, "log10": LOG,
    "log1p": LOG1P,
    "sqrt": SQRT, "rsqrt": RSQRT,
    "arccos": ACOS, "acos": ACOS, "arcsin": ASIN, "asin": ASIN,
    "arctanh": ATANH, "atanh": ATANH,
    "pow": POW, "power": POW,
    "divide": DIVIDE, "true_divide": DIVIDE, "div": DIVIDE,
    "add": ADD, "subtract": SUBTRACT, "sub": SUBTRACT, "multiply": MULTIPLY, "mul": MULTIPLY,
    "clip": CLIP, "maximum": MAXIMUM, "fmax": MAXIMUM, "minimum": MINIMUM, "fmin": MINIMUM,
    "where": WHERE, "nan_to_num": NAN_TO_NUM,
    "softmax": SOFTMAX, "sigmoid": SIGMOID,
    "exp": EXP, "expm1": EXPM1, "softplus": SOFTPLUS, "arange": ARANGE,
    "abs": ABS, "absolute": ABS, "square": SQUARE, "relu": RELU, "relu6": RELU,
    "tanh": TANH, "cos": BOUNDED_UNIT, "sin": BOUNDED_UNIT,
    "log_softmax": LOG_PROBABILITY,
    "logsumexp": STABLE, "xlogy": STABLE,
    "sum": SUM, "nansum": SUM, "std": STD, "var": VAR, "count_nonzero": COUNT_NONZERO,
    "max": MAX, "amax": MAX, "min": MIN, "amin": MIN, "mean": MEAN, "nanmean": MEAN, "norm": NORM,
    "dot": DOT, "vdot": DOT, "inner": DOT, "matmul": DOT, "all": QUANTIFIER,
    "any": QUANTIFIER, "reduce_all": QUANTIFIER, "reduce_any": QUANTIFIER,
    "logical_not": PREDICATE, "logical_and": PREDICATE, "logical_or": PREDICATE,
    "logical_xor": PREDICATE, "isfinite": PREDICATE, "isnan": PREDICATE, "isinf": PREDICATE,
    "isclose": PREDICATE,
    "cholesky": CHOLESKY, "inv": INVERSE, "inverse": INVERSE, "cholesky_inverse": INVERSE,
    "solve": SOLVE, "solve_triangular": SOLVE, "triangular_solve": SOLVE,
    "eye": IDENTITY, "identity": IDENTITY, "set_diag": SET_DIAGONAL,
    "matrix_set_diag": SET_DIAGONAL, "diagonal": DIAGONAL, "diag": DIAGONAL, "diag_part": DIAGONAL,
    "ones_like": ONES, "ones": ONES, "zeros_like": ZEROS, "zeros": ZEROS,
    "asarray": CONVERT, "array": CONVERT, "float32": CONSTRUCT, "float64": CONSTRUCT,
    "float16": CONSTRUCT, "int32": CONSTRUCT, "int64": CONSTRUCT,
    "rand": RANDOM, "rand_like": RANDOM, "random": RANDOM, "random_sample": RANDOM,
    **dict.fromkeys((*_DRAW_NAMES, "randn_like", "truncated_normal", "multivariate_normal",
                     "logistic", "standard_cauchy", "standard_t", "chisquare"), DRAW),
    # torch.nn.init's initialisers fill their tensor in place
    **dict.fromkeys(("normal_", "uniform_", "trunc_normal_", "kaiming_uniform_",
                     "kaiming_normal_", "xavier_uniform_", "xavier_normal_", "orthogonal_"),
                    DRAW),
    "reshape": PASSTHROUGH, "squeeze": PASSTHROUGH, "expand_dims": PASSTHROUGH,
    "transpose": PASSTHROUGH, "flatten": PASSTHROUGH, "ravel": PASSTHROUGH,
    "tile": PASSTHROUGH, "repeat": PASSTHROUGH, "repeat_interleave": PASSTHROUGH,
    "broadcast_to": PASSTHROUGH, "meshgrid": PASSTHROUGH,
    # A joined sequence has the values of its parts (a list display's joined range).
    "concatenate": PASSTHROUGH, "concat": PASSTHROUGH, "cat": PASSTHROUGH,
    "stack": PASSTHROUGH, "hstack": PASSTHROUGH, "vstack": PASSTHROUGH,
    "prod": PRODUCT, "cumprod": PRODUCT, "reduce_prod": PRODUCT,
    # running sums: each element, the last one the whole sum, is 0 for all-zero input
    "cumsum": SUM, "cumulative_sum": SUM,
    "ceil": PASSTHROUGH,  # ceil(x) >= x keeps a lower bound of 0 or above (floor does not)
    "real": PASSTHROUGH,  # the real part of a real result (a trace summed as complex)
    "gather": PICK, "take": PICK, "take_along_axis": PICK, "index_select": PICK,
    "masked_select": PICK,
    "topk": TOPK, "top_k": TOPK,
    "finfo": FINFO, "unique": UNIQUE,
}


TENSORFLOW_FUNCTIONS: Mapping[str, str] = {
    "clip_by_value": CLIP, "divide_no_nan": SAFE_DIVIDE, "div_no_nan": SAFE_DIVIDE,
    "truediv": DIVIDE, "realdiv": DIVIDE,
    "log_sigmoid": LOG_PROBABILITY,
    "reduce_sum": SUM, "reduce_std": STD, "reduce_variance": VAR,
    "reduce_max": MAX, "reduce_min": MIN, "reduce_mean": MEAN, "reduce_logsumexp": STABLE,
    "l2_normalize": NORMALIZE, "reduce_euclidean_norm": NORM,
    "softmax_cross_entropy_with_logits": STABLE,
    "softmax_cross_entropy_with_logits_v2": STABLE,
    "sparse_softmax_cross_entropy_with_logits": STABLE,
    "sigmoid_cross_entropy_with_logits": STABLE,
    "weighted_cross_entropy_with_logits": STABLE,
    "constant": CONSTRUCT, "convert_to_tensor": CONVERT,
    "stop_gradient": PASSTHROUGH, "identity": PASSTHROUGH, "cast": PASSTHROUGH,
    "tensordot": DOT, "size": NUMEL, "uniform": RANDOM,
    "segment_sum": SUM, "unsorted_segment_sum": SUM, "cond": BRANCH,
}

# TensorFlow Probability's substrates run TensorFlow's API on NumPy or JAX through shims.
_TFP = "tensorflow_probability"
_TFP_BACKEND = f"{_TFP}.python.internal.backend"


def _tfp_namespaces(backend: str) -> tuple[str, ...]:
    base = f"{_TFP_BACKEND}.{backend}"
    return tuple(f"{base}{suffix}" for suffix in (
        "", ".compat.v2", ".compat.v2.math", ".compat.v2.nn", ".compat.v2.linalg",
        ".compat.v1", ".compat.v1.math", ".numpy_math", ".nn", ".linalg"))


@dataclass(frozen=True)
class Framework:
    """One array library: where its functions live and how its fixes are spelled."""

    name: str
    differentiable: bool  # gradients flow: sqrt(0) and where-after-log are bugs here
    namespaces: tuple[str, ...]
    functions: Mapping[str, str] = field(default_factory=dict)  # on top of COMMON
    # The stable replacements, as qualified names (equivalent spellings, preferred first).
    log_softmax: tuple[str, ...] = ()
    log_sigmoid: tuple[str, ...] = ()
    softmax_loss: Optional[str] = None  # named in messages: the loss that takes logits
    sigmoid_loss: Optional[str] = None
    # Namespaces where log_softmax sits beside softmax: `F.softmax` becomes `F.log_softmax`.
    log_softmax_namespaces: tuple[str, ...] = ()
    # Mask spellings: `{ns}` is the file's own name for one of `mask_namespaces`.
    mask_namespaces: tuple[str, ...] = ()
    clip_template: str = "{ns}.clip({x}, {lo}, {hi})"
    floor_template: str = "{ns}.maximum({x}, {lo})"
    # The framework's own epsilon, used instead of a literal when the file can spell it.
    epsilon_helpers: tuple[str, ...] = ()
    finfo: Optional[str] = None  # finfo(dtype).tiny: an epsilon that float16 does not flush

    def kind_of(self, name: str) -> Optional[str]:
        return self.functions.get(name) or COMMON.get(name)


FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        name="torch",
        finfo="torch.finfo",
        differentiable=True,
        namespaces=("torch", "torch.special", "torch.nn.functional", "torch.linalg",
                    "torch.Tensor", "torch.nn.init"),
        functions={
            "clamp": CLIP, "clamp_min": CLIP_MIN, "clamp_max": CLIP_MAX,
            "expit": SIGMOID, "logsigmoid": LOG_PROBABILITY, "log_sigmoid": LOG_PROBABILITY,
            "cosine_similarity": COSINE_SIMILARITY, "normalize": NORMALIZE,
            "vector_norm": NORM, "matrix_norm": NORM,
            "cross_entropy": STABLE, "binary_cross_entropy_with_logits": STABLE,
            "tensor": CONSTRUCT, "as_tensor": CONVERT, "scalar_tensor": CONSTRUCT,
            "Tensor": LEGACY_CONSTRUCT, "FloatTensor": LEGACY_CONSTRUCT,
            "DoubleTensor": LEGACY_CONSTRUCT,
            "full": FULL, "full_like": FULL,
            "unsqueeze": PASSTHROUGH, "detach": PASSTHROUGH, "view_as_real": PASSTHROUGH,
            "numel": NUMEL, "bmm": DOT, "mm": DOT, "einsum": DOT, "cond": BRANCH,
        },
        log_softmax=("torch.log_softmax", "torch.nn.functional.log_softmax"),
        log_sigmoid=("torch.nn.functional.logsigmoid",),
        log_softmax_namespaces=("torch", "torch.nn.functional", "torch.special"),
        softmax_loss="torch.nn.functional.cross_entropy",
        sigmoid_loss="torch.nn.functional.binary_cross_entropy_with_logits",
        mask_namespaces=("torch",),
        clip_template="{ns}.clamp({x}, {lo}, {hi})",
        floor_template="{ns}.clamp({x}, min={lo})",
    ),
    Framework(
        name="tensorflow",
        finfo="tensorflow.experimental.numpy.finfo",
        differentiable=True,
        namespaces=("tensorflow", "tensorflow.math", "tensorflow.nn", "tensorflow.linalg",
                    "tensorflow.compat.v1", "tensorflow.compat.v1.math",
                    "tensorflow.compat.v1.nn", "tensorflow.compat.v2",
                    "tensorflow.compat.v2.math", "tensorflow.compat.v2.nn",
                    "tensorflow.experimental.numpy", "tensorflow.random",
                    "tensorflow.compat.v1.random", f"{_TFP}.python.internal.samplers"),
        functions=TENSORFLOW_FUNCTIONS,
        log_softmax=("tensorflow.nn.log_softmax", "tensorflow.compat.v1.nn.log_softmax"),
        log_sigmoid=("tensorflow.math.log_sigmoid", "tensorflow.compat.v1.math.log_sigmoid"),
        log_softmax_namespaces=("tensorflow.nn", "tensorflow.math", "tensorflow.compat.v1.nn",
                                "tensorflow.compat.v1.math", "tensorflow.compat.v2.nn"),
        softmax_loss="tensorflow.nn.softmax_cross_entropy_with_logits",
        sigmoid_loss="tensorflow.nn.sigmoid_cross_entropy_with_logits",
        mask_namespaces=("tensorflow", "tensorflow.compat.v1", "tensorflow.compat.v2"),
        clip_template="{ns}.clip_by_value({x}, {lo}, {hi})",
    ),
    Framework(
        name="keras",
        differentiable=True,
        namespaces=("keras.ops", "keras.ops.numpy", "keras.ops.nn", "keras.ops.math",
                    "keras.backend", "keras.backend.numpy", "keras.activations",
                    "keras.config", "keras.src.ops", "keras.src.ops.numpy", "keras.src.ops.nn",
                    "keras.src.ops.math", "keras.src.backend", "keras.src.backend.numpy",
                    "keras.src.backend.math", "keras.src.backend.nn",
                    "keras.src.activations", "tensorflow.keras.backend",
                    "tensorflow.keras.activations", "tensorflow.python.keras.backend",
                    # each backend's implementation of keras.ops, as keras itself imports it
                    *(f"keras.src.backend.{backend}.{module}"
                      for backend in ("jax", "numpy", "openvino", "tensorflow", "torch")
                      for module in ("numpy", "nn", "math"))),
        functions={
            "epsilon": EPSILON, "log_sigmoid": LOG_PROBABILITY, "l2_normalize": NORMALIZE,
            "normalize": NORMALIZE, "constant": CONSTRUCT, "convert_to_tensor": CONVERT,
            "binary_crossentropy": STABLE, "categorical_crossentropy": STABLE,
            "stop_gradient": PASSTHROUGH, "cast": PASSTHROUGH, "cond": BRANCH,
        },
        log_softmax=("keras.ops.log_softmax",),
        log_sigmoid=("keras.ops.log_sigmoid",),
        log_softmax_namespaces=("keras.ops", "keras.ops.nn", "keras.activations"),
        mask_namespaces=("keras.ops", "keras.backend", "tensorflow.keras.backend",
                         "keras.src.ops", "keras.src.backend",
                         "tensorflow.python.keras.backend"),
        epsilon_helpers=("keras.config.epsilon", "keras.backend.epsilon",
                         "tensorflow.keras.backend.epsilon"),
    ),
    Framework(
        name="numpy",
        finfo="numpy.finfo",
        differentiable=False,
        namespaces=("numpy", "numpy.linalg", "numpy.ma", "numpy.random", "scipy.linalg",
                    "numpy.polynomial.hermite", "numpy.polynomial.hermite_e",
                    "numpy.polynomial.laguerre", "numpy.polynomial.legendre"),
        functions={"hermgauss": QUADRATURE, "hermegauss": QUADRATURE, "laggauss": QUADRATURE,
                   "leggauss": QUADRATURE,
                   # numpy.random's other continuous laws (names that scipy.special and
                   # jax.scipy.special use for functions, so not in the common table)
                   **dict.fromkeys(("gamma", "standard_gamma", "beta", "dirichlet",
                                    "weibull", "pareto", "rayleigh", "wald", "vonmises"),
                                   DRAW)},
        mask_namespaces=("numpy",),
    ),
    Framework(
        name="jax",
        finfo="jax.numpy.finfo",
        differentiable=True,
        namespaces=("jax.numpy", "jax.nn", "jax.scipy.special", "jax.lax",
                    "jax.numpy.linalg", "jax.random", "jax.ops",
                    # pytree arithmetic of the optimisation libraries
                    "optax.tree", "optax.tree_utils", "jaxopt.tree_util", "jaxopt._src.tree_util",
                    # trax's backend-neutral NumPy, JAX by default
                    "trax.fastmath.numpy", "trax.fastmath"),
        functions={
            "log_sigmoid": LOG_PROBABILITY, "expit": SIGMOID, "standardize": NORMALIZE,
            "uniform": RANDOM, "tree_l2_norm": NORM, "tree_norm": NORM, "tree_inf_norm": NORM,
            "tree_sum": SUM,
            "einsum": DOT, "stop_gradient": PASSTHROUGH, "size": NUMEL, "segment_sum": SUM,
            "cond": BRANCH,
        },
        log_softmax=("jax.nn.log_softmax",),
        log_sigmoid=("jax.nn.log_sigmoid",),
        log_softmax_namespaces=("jax.nn",),
        mask_namespaces=("jax.numpy",),
    ),
    *(Framework(
        name=f"tfp-{backend}",
        differentiable=differentiable,
        # TFP's own samplers module: `samplers.uniform(shape, seed=...)` is in [0, 1).
        namespaces=(*_tfp_namespaces(backend), f"{_TFP}.substrates.{backend}.internal.samplers"),
        functions=TENSORFLOW_FUNCTIONS,
        mask_namespaces=_tfp_namespaces(backend)[1:2],
        clip_template="{ns}.clip_by_value({x}, {lo}, {hi})",
    ) for backend, differentiable in (("numpy", False), ("jax", True))),
    Framework(
        name="cupy",
        finfo="cupy.finfo",
        differentiable=False,
        namespaces=("cupy", "cupy.linalg"),
        mask_namespaces=("cupy",),
    ),
    Framework(
        name="mxnet",
        differentiable=True,
        namespaces=("mxnet.nd", "mxnet.ndarray", "mxnet.np", "mxnet.npx", "mxnet.sym",
                    "mxnet.symbol"),
        functions={"log_softmax": LOG_PROBABILITY, "norm": NORM, "L2Normalization": NORMALIZE},
        log_softmax=("mxnet.nd.log_softmax",),
        log_softmax_namespaces=("mxnet.nd", "mxnet.ndarray", "mxnet.npx"),
        mask_namespaces=("mxnet.nd", "mxnet.ndarray", "mxnet.np"),
    ),
    Framework(
        # PennyLane's own dispatch over NumPy, autograd, JAX, torch and TensorFlow
        # (`from pennylane import math`, `qml.math.norm`), and its autograd NumPy
        name="pennylane",
        differentiable=True,
        namespaces=("pennylane.math", "pennylane.numpy"),
        functions={"cast": PASSTHROUGH, "cast_like": PASSTHROUGH},
        mask_namespaces=("pennylane.math",),
    ),
    Framework(
        # autograd's NumPy, which differentiates what it computes (lifelines' `anp`)
        name="autograd",
        differentiable=True,
        namespaces=("autograd.numpy", "autograd.numpy.linalg", "autograd.scipy.special"),
        mask_namespaces=("autograd.numpy",),
    ),
    Framework(
        # TensorLy's backend dispatch (`import tensorly as tl`, `tl.norm`, `tensorly.backend`)
        name="tensorly",
        differentiable=True,
        namespaces=("tensorly", "tensorly.backend"),
        mask_namespaces=("tensorly",),
        floor_template="{ns}.clip({x}, {lo})",
    ),
    Framework(
        name="paddle",
        finfo="paddle.finfo",
        differentiable=True,
        namespaces=("paddle", "paddle.nn.functional", "paddle.linalg", "paddle.tensor"),
        functions={
            "log_sigmoid": LOG_PROBABILITY, "cosine_similarity": COSINE_SIMILARITY,
            "normalize": NORMALIZE, "to_tensor": CONVERT, "numel": NUMEL,
            "unsqueeze": PASSTHROUGH, "cross_entropy": STABLE,
            "binary_cross_entropy_with_logits": STABLE,
        },
        log_softmax=("paddle.nn.functional.log_softmax",),
        log_sigmoid=("paddle.nn.functional.log_sigmoid",),
        log_softmax_namespaces=("paddle.nn.functional",),
        mask_namespaces=("paddle",),
        clip_template="{ns}.clip({x}, min={lo}, max={hi})",
        floor_template="{ns}.clip({x}, min={lo})",
    ),
)

NAMESPACES: Mapping[str, Framework] = {
    ns: fw for fw in FRAMEWORKS for ns in fw.namespaces
}
BY_NAME: Mapping[str, Framework] = {fw.name: fw for fw in FRAMEWORKS}

# Tensor methods: name -> (kind, most positional arguments the tensor form takes).
# `p.log()` is a tensor method; `logger.log(level, msg)` has too many positionals to be one.
METHODS: Mapping[str, tuple[str, int]] = {
    "log": (LOG, 0), "log2": (LOG, 0), "log10": (LOG, 0), "log1p": (LOG1P, 0),
    "sqrt": (SQRT, 0), "rsqrt": (RSQRT, 0),
    "acos": (ACOS, 0), "arccos": (ACOS, 0), "asin": (ASIN, 0), "arcsin": (ASIN, 0),
    "atanh": (ATANH, 0), "arctanh": (ATANH, 0),
    "pow": (POW, 1), "add": (ADD, 1), "sub": (SUBTRACT, 1), "mul": (MULTIPLY, 1),
    "div": (DIVIDE, 1), "divide": (DIVIDE, 1), "true_divide": (DIVIDE, 1),
    "clamp": (CLIP, 2), "clip": (CLIP, 2), "clamp_min": (CLIP_MIN, 1),
    "clamp_max": (CLIP_MAX, 1), "maximum": (MAXIMUM, 1), "minimum": (MINIMUM, 1),
    "nan_to_num": (NAN_TO_NUM, 0),
    "softmax": (SOFTMAX, 1), "sigmoid": (SIGMOID, 0), "exp": (EXP, 0), "expm1": (EXPM1, 0),
    "abs": (ABS, 0), "new_tensor": (CONSTRUCT, 1), "new_full": (FULL, 2),
    "new_ones": (ONES, 8), "new_zeros": (ZEROS, 8), "uniform": (UNIFORM, 3),
    "rand": (RANDOM, 8),  # rng.rand(): NumPy's RandomState, like np.random.rand
    # rng.standard_normal(n), x.normal_(0, 0.02): a Generator's draws, a tensor's fill
    **dict.fromkeys((*_DRAW_NAMES, "log_normal", "gamma", "standard_gamma", "dirichlet"),
                    (DRAW, 8)),
    "masked_fill": (MASKED_FILL, 2), "where": (WHERE, 2), "all": (QUANTIFIER, 1),
    "any": (QUANTIFIER, 1),
    "cholesky": (CHOLESKY, 0), "inverse": (INVERSE, 0), "cholesky_inverse": (INVERSE, 1),
    "diagonal": (DIAGONAL, 3),
    "diag": (DIAGONAL, 1),
    "square": (SQUARE, 0), "relu": (RELU, 0), "tanh": (TANH, 0), "cos": (BOUNDED_UNIT, 0),
    "sin": (BOUNDED_UNIT, 0), "log_softmax": (LOG_PROBABILITY, 1),
    "sum": (SUM, 2), "nansum": (SUM, 2), "norm": (NORM, 2), "std": (STD, 2), "var": (VAR, 2),
    "count_nonzero": (COUNT_NONZERO, 1), "max": (MAX, 1), "amax": (MAX, 1),
    "min": (MIN, 1), "amin": (MIN, 1),
    "logical_not": (PREDICATE, 0), "logical_and": (PREDICATE, 1), "logical_or": (PREDICATE, 1),
    "logical_xor": (PREDICATE, 1), "isfinite": (PREDICATE, 0), "isnan": (PREDICATE, 0),
    "isinf": (PREDICATE, 0),
    "scatter_add": (SCATTER_ADD, 3), "index_add": (SCATTER_ADD, 3), "scatter": (SCATTER, 3),
    "mean": (MEAN, 2), "prod": (PRODUCT, 2), "cumprod": (PRODUCT, 2), "numel": (NUMEL, 0),
    "cumsum": (SUM, 2),
    "dot": (DOT, 1), "matmul": (DOT, 1),
    "reshape": (PASSTHROUGH, 8), "view": (PASSTHROUGH, 8), "view_as": (PASSTHROUGH, 1),
    "reshape_as": (PASSTHROUGH, 1), "expand": (PASSTHROUGH, 8),
    "expand_as": (PASSTHROUGH, 1), "squeeze": (PASSTHROUGH, 1), "gather": (PICK, 2),
    "masked_select": (PICK, 1),
    "index_select": (PICK, 2), "take_along_dim": (PICK, 2), "topk": (TOPK, 4),
    "unsqueeze": (PASSTHROUGH, 1), "detach": (PASSTHROUGH, 0), "clone": (PASSTHROUGH, 0),
    "contiguous": (PASSTHROUGH, 0), "type_as": (PASSTHROUGH, 1), "long": (PASSTHROUGH, 0),
    "int": (PASSTHROUGH, 0), "float": (PASSTHROUGH, 0), "double": (PASSTHROUGH, 0),
    "half": (PASSTHROUGH, 0), "bfloat16": (PASSTHROUGH, 0), "to": (PASSTHROUGH, 2),
    "type": (PASSTHROUGH, 1), "cpu": (PASSTHROUGH, 0), "cuda": (PASSTHROUGH, 1),
    "numpy": (PASSTHROUGH, 0), "astype": (PASSTHROUGH, 1), "flatten": (PASSTHROUGH, 2),
    "transpose": (PASSTHROUGH, 2), "permute": (PASSTHROUGH, 8), "t": (PASSTHROUGH, 0),
    "copy": (PASSTHROUGH, 0), "repeat": (PASSTHROUGH, 8), "tile": (PASSTHROUGH, 1),
    "repeat_interleave": (PASSTHROUGH, 2), "broadcast_to": (PASSTHROUGH, 1),
}

# Names that mean a probability when nothing else is known of the value.
PROBABILITY_NAMES = frozenset({"prob", "probs", "p", "y_pred", "y_hat", "pred", "output",
                               "probas", "probabilities", "yhat"})

# Names of the Python numbers that size or tune a model (`n_particles`, `action_dim`,
# `learning_rate`): when nothing else is known of such a value, it is a setting.
SETTING_NAMES = frozenset({"dim", "lr", "learning_rate"})
SETTING_PREFIXES = ("n_", "num_")
SETTING_SUFFIXES = ("_dim", "_size")


def is_setting_name(name: str) -> bool:
    name = name.lstrip("_")
    return name in SETTING_NAMES or name.startswith(SETTING_PREFIXES) or \
        name.endswith(SETTING_SUFFIXES)


# Objects whose attributes are hyperparameters, not values that move during training.
CONFIGURATION_NAMES = frozenset({"config", "cfg", "conf", "args", "hparams", "hyperparams",
                                 "hp", "opt", "opts", "options", "settings", "flags", "FLAGS"})

# Functions and methods that draw random numbers (or leave memory uninitialised): their
# results differ at every call even from settings, unlike the library's other functions.
RANDOM_NAME_PARTS = ("rand", "random", "normal", "uniform", "bernoulli", "multinomial",
                     "poisson", "exponential", "geometric", "cauchy", "gamma", "beta",
                     "dirichlet", "categorical", "gumbel", "sample", "shuffle", "permutation",
                     "choice", "dropout", "noise", "empty", "seed", "key", "split", "fold_in")


def _name_has(name: str, parts: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in parts)


def draws_random(qualified: str) -> bool:
    """Whether a function's (qualified or bare) name says it draws random numbers."""
    return _name_has(qualified, RANDOM_NAME_PARTS)


# Methods of any object that return their argument as an array of some library:
# `problem.make_tensor(w)`, `backend.asarray(x)`.
CONVERSION_METHODS = frozenset({"make_tensor", "as_tensor", "to_tensor", "asarray", "as_array",
                                "to_array"})


# Parts of a parameter's name that say it holds data, even as a list of Python numbers
# (`data_array: Sequence[float]`, unlike `ratios: list[float]`).
DATA_NAME_PARTS = ("data", "sample", "observ", "signal", "series", "values")


def names_data(name: str) -> bool:
    return _name_has(name, DATA_NAME_PARTS)


# Parts of a method's name that say it reads more than its arguments (a file, the network).
READ_NAME_PARTS = ("load", "read", "open", "fetch", "download", "request", "recv", "input",
                   "stream", "batch", "next")


def reads_data(name: str) -> bool:
    """Whether a method's name says its result comes from outside the program."""
    return _name_has(name, READ_NAME_PARTS)


# Attributes of finfo(...) that are positive epsilons.
FINFO_EPSILONS = frozenset({"eps", "tiny", "smallest_normal", "resolution"})

# How messages name a module the file does not import, and how a fix imports it.
CONVENTIONAL_NAMES: Mapping[str, str] = {
    "numpy": "np", "tensorflow": "tf", "torch.nn.functional": "F", "keras.backend": "K",
    "jax.numpy": "jnp", "keras.ops": "ops", "mxnet.nd": "nd",
}

# Names a file may use without importing them (notebook fragments, snippets): only used
# when the name is bound nowhere in the file and no unknown star import could bind it.
CONVENTIONAL_ALIASES: Mapping[str, str] = {
    "np": "numpy", "tf": "tensorflow", "torch": "torch", "F": "torch.nn.functional",
    "K": "keras.backend", "jnp": "jax.numpy",
}


def lookup(qualified: str) -> Optional[tuple[Framework, str]]:
    """The framework and kind of a fully qualified function name, if it is in the table."""
    namespace, _, name = qualified.rpartition(".")
    framework = NAMESPACES.get(namespace)
    if framework is None:
        return None
    kind = framework.kind_of(name)
    return (framework, kind) if kind else None


def lookup_namespace(qualified: str) -> Optional[tuple[Framework, str]]:
    """The framework a bound module (or a function in one) belongs to, if any."""
    framework = NAMESPACES.get(qualified) or NAMESPACES.get(qualified.rpartition(".")[0])
    return (framework, qualified) if framework else None


def is_framework_module(qualified: str) -> bool:
    """Whether a module path is (inside) one of the table's frameworks."""
    root = qualified.split(".", 1)[0]
    return any(ns.split(".", 1)[0] == root for ns in NAMESPACES)
