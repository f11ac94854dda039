"""The yardsticks: each native method's maths written in its fastest plain numpy form,
and the peer libraries' calls of the same method, for the bench scripts.

Every baseline takes ``(x, w, benefit)``: a matrix ``(..., n, m)`` of values > 0, weights
``(m,)`` that sum to 1, a boolean mask of the benefit criteria; it returns the scores
``(..., n)`` tradeoff's method gives with its default parameters (the scripts print the
largest difference).  They skip what random data never has (an all-equal column, a
zero) and check nothing: a floor for tradeoff's checked call, not a replacement.

Where a method's score is an affine map of the values (wsm and spotis under min-max
bounds, moora; a sum of logs for wpm), the baseline is the fused form ``x @ a + c``:
one pass for the column statistics, one matrix-vector product.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Baseline = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def _mv(x: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``x @ a`` over stacks: (..., n, m) by (..., m) -> (..., n) (BLAS for one matrix)."""
    if x.ndim == 2 and a.ndim == 1:
        return x @ a
    return np.matmul(x, a[..., None])[..., 0]


def _ends(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's min and max.  numpy reduces a tall (n, m) matrix over its rows one
    short row at a time; seen as (n / k, k * m) it runs over k * m values, then k rows
    remain (several times faster for m = 8: the fastest plain form)."""
    n, m = x.shape[-2:]
    k = max(1, 4096 // m)
    if x.ndim == 2 and n >= 16 * k and x.flags.c_contiguous:
        body, rest = x[: n - n % k].reshape(-1, k * m), x[n - n % k :]
        lo, hi = body.min(axis=0).reshape(k, m).min(axis=0), body.max(axis=0).reshape(k, m).max(axis=0)
        return (np.minimum(lo, rest.min(axis=0)), np.maximum(hi, rest.max(axis=0))) if len(rest) else (lo, hi)
    return x.min(axis=-2), x.max(axis=-2)


def wsm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Min-max normalised weighted sum, fused: sum_j a_j x_j + c."""
    lo, hi = _ends(x)
    a = np.where(b, w, -w) / (hi - lo)
    c = -(a * np.where(b, lo, hi)).sum(-1)
    return _mv(x, a) + c[..., None]


def topsis(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Vector-normalised TOPSIS closeness, written out plainly."""
    r = x / np.sqrt((x * x).sum(axis=-2, keepdims=True))
    r = np.where(b, r, 1.0 - r)
    v = r * w
    d_plus = np.sqrt(((v - v.max(axis=-2, keepdims=True)) ** 2).sum(axis=-1))
    d_minus = np.sqrt(((v - v.min(axis=-2, keepdims=True)) ** 2).sum(axis=-1))
    return d_minus / (d_plus + d_minus)


def wpm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Max-normalised weighted product, fused in logs: exp(sum_j ±w_j log x_j + c)."""
    lo, hi = _ends(x)
    c = (w * np.where(b, -np.log(hi), np.log(lo))).sum(-1)
    return np.exp(_mv(np.log(x), np.where(b, w, -w)) + c[..., None])


def waspas(x: np.ndarray, w: np.ndarray, b: np.ndarray, lam: float = 0.5) -> np.ndarray:
    """Max-normalised: lam x weighted sum + (1 - lam) x weighted product."""
    lo, hi = _ends(x)
    r = np.where(b, x / hi[..., None, :], lo[..., None, :] / x)
    return lam * _mv(r, w) + (1 - lam) * np.exp(_mv(np.log(r), w))


def moora(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Ratio system, fused: x @ (±w / ||x_j||)."""
    norm = np.sqrt(np.einsum("...nm,...nm->...m", x, x))
    return _mv(x, np.where(b, w, -w) / norm)


def copras(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sum-normalised S+ and S- as two matrix-vector products, then Q / max Q."""
    a = w / x.sum(axis=-2)
    s_plus, s_minus = _mv(x, np.where(b, a, 0.0)), _mv(x, np.where(b, 0.0, a))
    q = s_plus + s_minus.sum(-1, keepdims=True) / (s_minus * (1.0 / s_minus).sum(-1, keepdims=True))
    return q / q.max(axis=-1, keepdims=True)


def aras(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Costs inverted, the optimal row added to the column sums, utility / optimal's."""
    t = np.where(b, x, 1.0 / x)
    best = t.max(axis=-2)
    a = w / (t.sum(axis=-2) + best)
    return _mv(t, a) / (best * a).sum(-1, keepdims=True)


def edas(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distances from the average as one signed matrix e: PDA = max(e, 0), NDA = PDA - e."""
    average = x.mean(axis=-2, keepdims=True)
    e = np.where(b, x - average, average - x) / average
    sp = _mv(np.maximum(e, 0.0), w)
    sn = sp - _mv(e, w)
    return (sp / sp.max(-1, keepdims=True) + 1.0 - sn / sn.max(-1, keepdims=True)) / 2


def mabac(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Min-max normalised, v = w (n + 1), minus the border approximation area (the
    columns' geometric means)."""
    lo, hi = _ends(x)
    span = (hi - lo)[..., None, :]
    v = w * (np.where(b, x - lo[..., None, :], hi[..., None, :] - x) / span + 1.0)
    border = np.exp(np.log(v).mean(axis=-2, keepdims=True))
    return (v - border).sum(-1)


def vikor(x: np.ndarray, w: np.ndarray, b: np.ndarray, v: float = 0.5) -> np.ndarray:
    """Q of the weighted regrets d = w (f* - f) / (f* - f-): S their sum, R their max."""
    lo, hi = _ends(x)
    best = np.where(b, hi, lo)
    d = (best[..., None, :] - x) * (w / (best - np.where(b, lo, hi)))[..., None, :]
    s, r = d.sum(-1), d.max(-1)

    def spread(y: np.ndarray) -> np.ndarray:
        low, high = y.min(-1, keepdims=True), y.max(-1, keepdims=True)
        return (y - low) / (high - low)

    return v * spread(s) + (1 - v) * spread(r)


def spotis(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance to the ideal point under the data's bounds, fused: affine in x."""
    lo, hi = _ends(x)
    a = np.where(b, -w, w) / (hi - lo)
    c = -(a * np.where(b, hi, lo)).sum(-1)
    return _mv(x, a) + c[..., None]


def promethee2(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Net flows under the usual preference function: each row's count of rows worse
    minus rows better per criterion, from the sorted column (n log n), or for small
    matrices from all pairs at once."""
    n = x.shape[-2]
    sign = np.where(b, 1.0, -1.0)
    if n <= 64:
        d = x[..., :, None, :] - x[..., None, :, :]
        net = ((d > 0).sum(-2) - (d < 0).sum(-2)) * sign
        return _mv(net.astype(float), w) / (n - 1)
    flows = np.empty(x.shape[:-1])
    flows[:] = 0.0
    for j in range(x.shape[-1]):
        column = x[:, j]
        ordered = np.sort(column)
        less = np.searchsorted(ordered, column, "left")
        greater = n - np.searchsorted(ordered, column, "right")
        flows += w[j] * sign[j] * (less - greater)
    return flows / (n - 1)


def _minmax(x: np.ndarray, b: np.ndarray) -> np.ndarray:
    lo, hi = _ends(x)
    lo, hi = lo[..., None, :], hi[..., None, :]
    return np.where(b, x - lo, hi - x) / (hi - lo)


def _ratios(x: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x / max for a benefit, min / x for a cost, and the columns' min and max."""
    lo, hi = _ends(x)
    return np.where(b, x / hi[..., None, :], lo[..., None, :] / x), lo, hi


def cocoso(x: np.ndarray, w: np.ndarray, b: np.ndarray, lam: float = 0.5) -> np.ndarray:
    """Min-max, S by a matrix-vector product, P a sum of powers, k from k_a, k_b, k_c."""
    r = _minmax(x, b)
    s, p = _mv(r, w), (r ** w[..., None, :]).sum(-1)
    k_a = (s + p) / (s + p).sum(-1, keepdims=True)
    k_b = s / s.min(-1, keepdims=True) + p / p.min(-1, keepdims=True)
    k_c = (lam * s + (1 - lam) * p) / (lam * s.max(-1, keepdims=True) + (1 - lam) * p.max(-1, keepdims=True))
    return np.cbrt(k_a * k_b * k_c) + (k_a + k_b + k_c) / 3


def codas(x: np.ndarray, w: np.ndarray, b: np.ndarray, tau: float = 0.02) -> np.ndarray:
    """Every pair at once (n^2 values a matrix)."""
    r = _ratios(x, b)[0] * w[..., None, :]
    g = r - r.min(-2, keepdims=True)
    e, t = np.sqrt((g * g).sum(-1)), g.sum(-1)
    de, dt = e[..., :, None] - e[..., None, :], t[..., :, None] - t[..., None, :]
    return (de + np.where(np.abs(de) >= tau, dt, 0.0)).sum(-1)


def marcos(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    n, lo, hi = _ratios(x, b)
    s = _mv(n, w)
    k_plus, k_minus = s / w.sum(-1, keepdims=True), s / ((lo / hi) * w).sum(-1, keepdims=True)
    f_minus, f_plus = k_plus / (k_plus + k_minus), k_minus / (k_plus + k_minus)
    return (k_plus + k_minus) / (1 + (1 - f_plus) / f_plus + (1 - f_minus) / f_minus)


def mairca(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The gaps' sum is w / n times (1 - r) summed: one matrix-vector product."""
    return _mv(1.0 - _minmax(x, b), w / x.shape[-2])


def ocra(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    lo, hi = _ends(x)
    lo, hi = lo[..., None, :], hi[..., None, :]
    rated = np.where(b, x - lo, hi - x) / lo
    inputs, outputs = _mv(rated, np.where(b, 0.0, w)), _mv(rated, np.where(b, w, 0.0))
    inputs, outputs = inputs - inputs.min(-1, keepdims=True), outputs - outputs.min(-1, keepdims=True)
    total = inputs + outputs
    return total - total.min(-1, keepdims=True)


def _ideal_distances(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PROBID's weighted vector-normalised values and every option's distance to every
    ideal of the spectrum (n^2 values a matrix)."""
    v = x / np.sqrt((x * x).sum(-2, keepdims=True)) * w[..., None, :]
    ordered = np.sort(v, axis=-2)
    ideals = np.where(b, ordered[..., ::-1, :], ordered)
    return v, np.sqrt(((v[..., :, None, :] - ideals[..., None, :, :]) ** 2).sum(-1))


def probid(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    v, d = _ideal_distances(x, w, b)
    n = x.shape[-2]
    k = np.arange(1, n + 1)
    high, low = ((n + 1) // 2, (n + 1) // 2) if n % 2 else (n // 2, n // 2 + 1)
    s_pos, s_neg = d @ np.where(k <= high, 1.0 / k, 0.0), d @ np.where(k >= low, 1.0 / (n - k + 1), 0.0)
    s_avg = np.sqrt(((v - v.mean(-2, keepdims=True)) ** 2).sum(-1))
    return 1.0 / (1.0 + (s_pos / s_neg) ** 2) + s_avg


def sprobid(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    _, d = _ideal_distances(x, w, b)
    n = x.shape[-2]
    q, k = max(1, n // 4), np.arange(1, n + 1)
    return (d @ np.where(k >= n + 1 - q, 1.0 / (n - k + 1), 0.0)) / (d @ np.where(k <= q, 1.0 / k, 0.0))


def ram(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    share = w / x.sum(-2)
    return (2.0 + _mv(x, np.where(b, share, 0.0))) ** (1.0 / (2.0 + _mv(x, np.where(b, 0.0, share))))


def lmaw(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    lo, hi = _ends(x)
    log_eta = np.log1p(np.where(b, x / hi[..., None, :], lo[..., None, :] / x))
    phi = log_eta / log_eta.sum(-2, keepdims=True)
    powered = phi ** w[..., None, :]
    return (2.0 * powered / ((2.0 - phi) ** w[..., None, :] + powered)).sum(-1)


BASELINES: dict[str, Baseline] = {
    "wsm": wsm, "topsis": topsis, "wpm": wpm, "waspas": waspas, "moora": moora, "copras": copras,
    "aras": aras, "edas": edas, "mabac": mabac, "vikor": vikor, "spotis": spotis, "promethee2": promethee2,
    "cocoso": cocoso, "codas": codas, "marcos": marcos, "mairca": mairca, "ocra": ocra, "probid": probid,
    "sprobid": sprobid, "ram": ram, "lmaw": lmaw,
}


# -- the peers ----------------------------------------------------------------------------


def pymcdm_methods() -> dict[str, Baseline]:
    """pymcdm's call of each method, with tradeoff's default normalization (types as
    1 and -1); empty without pymcdm."""
    try:
        from pymcdm import methods as pm
        from pymcdm import normalizations as pn
    except ImportError:
        return {}
    made = {
        "wsm": pm.WSM(pn.minmax_normalization), "topsis": pm.TOPSIS(pn.vector_normalization),
        "wpm": pm.WPM(pn.linear_normalization), "waspas": pm.WASPAS(pn.linear_normalization),
        "moora": pm.MOORA(), "copras": pm.COPRAS(), "aras": pm.ARAS(), "edas": pm.EDAS(),
        "mabac": pm.MABAC(pn.minmax_normalization), "vikor": pm.VIKOR(), "promethee2": pm.PROMETHEE_II("usual"),
        "cocoso": pm.COCOSO(), "codas": pm.CODAS(), "marcos": pm.MARCOS(), "mairca": pm.MAIRCA(), "ocra": pm.OCRA(),
        "probid": pm.PROBID(), "sprobid": pm.SPROBID(), "ram": pm.RAM(), "lmaw": pm.LMAW(),
    }
    out: dict[str, Baseline] = {
        name: (lambda x, w, b, method=method: method(x, w, np.where(b, 1, -1), validation=False))
        for name, method in made.items()
    }

    def spotis(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        bounds = np.stack([x.min(0), x.max(0)], axis=1)
        return pm.SPOTIS(bounds)(x, w, np.where(b, 1, -1), validation=False)

    out["spotis"] = spotis
    return out


def pyrepo_methods() -> dict[str, Baseline]:
    """pyrepo-mcda's call of each method it has, with tradeoff's default normalization."""
    try:
        from pyrepo_mcda import normalizations as rn
        from pyrepo_mcda.mcda_methods import (
            ARAS,
            CODAS,
            COCOSO,
            COPRAS,
            MARCOS,
            EDAS,
            MABAC,
            PROMETHEE_II,
            SAW,
            SPOTIS,
            TOPSIS,
            VIKOR,
            WASPAS,
        )
    except ImportError:
        return {}
    made = {
        "wsm": SAW(rn.minmax_normalization), "topsis": TOPSIS(rn.vector_normalization), "waspas": WASPAS(rn.linear_normalization),
        "copras": COPRAS(), "aras": ARAS(), "edas": EDAS(), "mabac": MABAC(rn.minmax_normalization), "vikor": VIKOR(),
        "cocoso": COCOSO(rn.minmax_normalization), "codas": CODAS(rn.linear_normalization), "marcos": MARCOS(),
    }
    out: dict[str, Baseline] = {
        name: (lambda x, w, b, method=method: method(x, w, np.where(b, 1, -1))) for name, method in made.items()
    }

    def spotis(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return SPOTIS()(x, w, np.where(b, 1, -1), np.stack([x.min(0), x.max(0)]))

    def promethee(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        usual = PROMETHEE_II()._usual_function
        return PROMETHEE_II()(x, w, np.where(b, 1, -1), preference_functions=[usual] * x.shape[1])

    out["spotis"] = spotis
    out["promethee2"] = promethee
    return out


def skcriteria_methods() -> dict[str, Baseline]:
    """scikit-criteria's pipeline of each method it has, given tradeoff's default
    normalization where its method takes one (a cost negated before min-max scaling,
    inverted before max scaling); its decision matrix is made in every call, as a user
    of it makes one.  Empty without scikit-criteria."""
    try:
        import skcriteria
        from skcriteria.agg import aras, copras, edas, mabac, moora, simple, spotis, topsis, vikor, waspas
        from skcriteria.pipelines import mkpipe
        from skcriteria.preprocessing.invert_objectives import InvertMinimize, NegateMinimize
        from skcriteria.preprocessing.scalers import MaxAbsScaler, MinMaxScaler, SumScaler, VectorScaler
    except ImportError:
        return {}

    def of(pipe: object, read: Callable[[object], np.ndarray], **evaluate: object) -> Baseline:
        def run(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
            dm = skcriteria.mkdm(x, [max if up else min for up in b], weights=w)
            return np.asarray(read(pipe.evaluate(dm, **evaluate) if evaluate else pipe.evaluate(dm)), dtype=float)

        return run

    def score(result: object) -> np.ndarray:
        return result.e_.score  # type: ignore[attr-defined]

    out = {
        "wsm": of(mkpipe(NegateMinimize(), MinMaxScaler(target="matrix"), simple.WeightedSumModel()), score),
        "topsis": of(mkpipe(VectorScaler(target="matrix"), topsis.TOPSIS()), lambda r: r.e_.similarity),
        "wpm": of(mkpipe(InvertMinimize(), MaxAbsScaler(target="matrix"), simple.WeightedProductModel()), lambda r: 10.0 ** r.e_.score),
        "waspas": of(mkpipe(InvertMinimize(), MaxAbsScaler(target="matrix"), waspas.WASPAS()), score),
        "moora": of(mkpipe(VectorScaler(target="matrix"), moora.RatioMOORA()), score),
        # COPRAS's significances relative to the best's (tradeoff's utility degree).
        "copras": of(mkpipe(SumScaler(target="matrix"), copras.COPRAS()), lambda r: r.e_.significances / r.e_.significances.max()),
        # ARAS's utility degrees; scikit-criteria leaves the ideal row out of the sums
        # (tradeoff's follows the literature): its scores differ by a few percent.
        "aras": of(mkpipe(InvertMinimize(), SumScaler(target="matrix"), aras.ARAS()), lambda r: r.e_.utility),
        "edas": of(edas.EDAS(), score),
        "mabac": of(mkpipe(NegateMinimize(), MinMaxScaler(target="matrix"), mabac.MABAC()), score),
        "vikor": of(vikor.VIKOR(), lambda r: r.e_.q_k),
    }

    def spotis_(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        dm = skcriteria.mkdm(x, [max if up else min for up in b], weights=w)
        return np.asarray(spotis.SPOTIS().evaluate(dm, bounds=np.stack([x.min(0), x.max(0)], axis=1)).e_.score, dtype=float)

    out["spotis"] = spotis_
    return out
