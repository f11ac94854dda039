"""Every native method against a published worked example (source cited with each).

The published figures were taken from the cited papers as quoted by the test suites of
scikit-criteria, pymcdm and pyrepo-mcda (named with each example); tolerances follow the
precision the source prints.
"""

from __future__ import annotations

import numpy as np
import pytest


def rank(engine, method, x, w, directions, **params):
    return engine.rank_matrix(np.array(x, float), w, directions, method=method, **params)


def test_wpm_triantaphyllou_2000(engine):
    """Triantaphyllou (2000), Multi-Criteria Decision Making Methods: A Comparative Study,
    Kluwer; the WPM example as given in Wikipedia "Weighted product model" (oldid
    1015567716) and in scikit-criteria's tests (test_WeightedProductModel_enwiki_1015567716).
    Published pairwise ratios P(A1/A2) = 1.007, P(A1/A3) = 1.067, P(A2/A3) = 1.059."""
    out = rank(engine, "wpm", [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]],
               [0.20, 0.15, 0.40, 0.25], ["max"] * 4)
    s = out.scores
    assert [s[0] / s[1], s[0] / s[2], s[1] / s[2]] == pytest.approx([1.007, 1.067, 1.059], abs=5e-4)
    assert out.ranks.tolist() == [1, 2, 3]


WASPAS_X = [
    [30, 23, 5, .745, .745, 1500, 5000],
    [18, 13, 15, .745, .745, 1300, 6000],
    [15, 12, 10, .5, .5, 950, 7000],
    [25, 20, 13, .745, .745, 1200, 4000],
    [14, 18, 14, .255, .745, 950, 3500],
    [17, 15, 9, .745, .5, 1250, 5250],
    [23, 18, 20, .5, .745, 1100, 3000],
    [16, 8, 14, .255, .5, 1500, 3000],
]


def test_waspas_chakraborty_zavadskas_antucheviciene_2015(engine):
    """Chakraborty, Zavadskas & Antucheviciene (2015), Applications of WASPAS method as a
    multi-criteria decision-making tool, Economic Computation and Economic Cybernetics
    Studies and Research 49(1), 5-22, example 2, lambda = 0.5; as quoted in
    scikit-criteria's tests (test_simple.py).  The paper rounds intermediate values:
    one score differs by 1e-4 in the last digit, hence atol 2e-4.

    (pymcdm's WASPAS test uses the paper's example 1, whose weights sum to 1.0155; we
    normalise weights to sum 1, as docs/scenario-file.md says (`weight` is normalised), so that example cannot match.)"""
    x = [[581818, 54.49, 3, 5500], [595454, 49.73, 3, 4500], [586060, 51.24, 3, 5000],
         [522727, 45.71, 3, 5800], [561818, 52.66, 3, 5200], [543030, 74.46, 4, 5600],
         [522727, 75.42, 4, 5800], [486970, 62.62, 4, 5600], [509394, 65.87, 4, 6400],
         [513333, 70.67, 4, 6000]]
    out = rank(engine, "waspas", x, [.467, .160, .095, .278], ["min", "min", "min", "max"], **{"lambda": 0.5})
    published = [0.8584, 0.8169, 0.8419, 0.9417, 0.8638, 0.8278, 0.8503, 0.8949, 0.9027, 0.8740]
    np.testing.assert_allclose(out.scores, published, atol=2e-4)
    assert out.ranks.tolist() == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


def test_waspas_lambda_one_is_the_weighted_sum_on_max_normalization(engine):
    x, w, d = WASPAS_X, [.1181, .1181, .0445, .1181, .2861, .2861, .0445], ["max"] * 5 + ["min"] * 2
    np.testing.assert_allclose(
        rank(engine, "waspas", x, w, d, **{"lambda": 1.0}).scores,
        rank(engine, "wsm", x, w, d, normalization="max").scores,
        rtol=1e-12,
    )


def test_moora_siregar_et_al_2021(engine):
    """Siregar et al. (2021), Decision support system for selection technique using MOORA
    method, IOP Conf. Ser.: Mater. Sci. Eng. 1088, 012022; as quoted in pymcdm's tests
    (TestMOORA).  Method: Brauers & Zavadskas (2006), Control and Cybernetics 35(2)."""
    x = [[1.5, 3, 5, 3.3], [2, 7, 5, 3.35], [3, 1, 5, 3.07], [2.2, 4, 5, 3.5],
         [2, 5, 3, 3.09], [3.2, 2, 3, 3.48], [2.775, 3, 5, 3.27]]
    out = rank(engine, "moora", x, [0.3, 0.2, 0.1, 0.4], ["min", "max", "max", "max"])
    np.testing.assert_allclose(out.scores, [0.1801, 0.2345, 0.0625, 0.1757, 0.1683, 0.0742, 0.1197], atol=1e-4)
    assert out.ranks.tolist() == [2, 1, 7, 3, 4, 6, 5]


GOSWAMI_X = [[80, 16, 2, 5], [110, 32, 2, 9], [130, 64, 4, 9], [185, 64, 4, 1], [135, 64, 3, 4],
             [140, 32, 3, 5], [185, 64, 6, 7], [110, 16, 3, 3], [120, 16, 4, 3], [340, 128, 6, 5]]
GOSWAMI_W = [0.60338, 0.13639, 0.19567, 0.06456]
GOSWAMI_D = ["min", "max", "max", "max"]


def test_copras_goswami_mitra_2020(engine):
    """Goswami & Mitra (2020), Selecting the best mobile model by applying AHP-COPRAS and
    AHP-ARAS decision making methodology, Int. J. of Data and Network Science 4(1), 27-42;
    as quoted in pyrepo-mcda's tests (Test_COPRAS).  Published utility degrees.

    pymcdm's COPRAS computes Q = S+ + S- (a cost criterion raises the score) and its test
    expects that; we follow the textbook formula, which this example confirms."""
    out = rank(engine, "copras", GOSWAMI_X, GOSWAMI_W, GOSWAMI_D)
    published = [1, 0.85262, 0.91930, 0.68523, 0.80515, 0.72587, 0.83436, 0.79758, 0.79097, 0.79533]
    np.testing.assert_allclose(out.scores, published, atol=1e-5)
    assert out.ranks.tolist() == [1, 3, 2, 10, 5, 9, 4, 6, 8, 7]


def test_copras_a_larger_cost_never_raises_the_score(engine):
    x = np.array(GOSWAMI_X, float)
    before = rank(engine, "copras", x, GOSWAMI_W, GOSWAMI_D).scores[0]
    x[0, 0] *= 2
    assert rank(engine, "copras", x, GOSWAMI_W, GOSWAMI_D).scores[0] < before


def test_aras_goswami_mitra_2020(engine):
    """Goswami & Mitra (2020), as above; pyrepo-mcda's tests (Test_ARAS)."""
    out = rank(engine, "aras", GOSWAMI_X, GOSWAMI_W, GOSWAMI_D)
    published = [0.68915, 0.58525, 0.62793, 0.46666, 0.54924, 0.49801, 0.56959, 0.54950, 0.54505, 0.53549]
    np.testing.assert_allclose(out.scores, published, atol=1e-5)
    assert out.ranks.tolist() == [1, 3, 2, 10, 6, 9, 4, 5, 7, 8]


def test_edas_yazdani_et_al_2020(engine):
    """Yazdani, Torkayesh, Santibanez-Gonzalez & Otaghsara (2020), Evaluation of renewable
    energy resources using integrated Shannon Entropy-EDAS model, Sustainable Operations
    and Computers 1, 35-42; as quoted in pymcdm's tests (TestEDAS)."""
    x = [[3873, 39.55, .27, .87, 150, .07, 12, 2130], [5067, 67.26, .23, .23, 40, .02, 21, 2200],
         [2213, 24.69, .08, .17, 200, .04, 35, 570], [6243, 132, .07, .25, 100, .04, 16, 100],
         [8312, 460.47, .05, .21, 25, .10, 25, 200]]
    w = [.131, .113, .126, .125, .126, .129, .132, .117]
    d = ["min", "min", "min", "max", "max", "min", "max", "max"]
    out = rank(engine, "edas", x, w, d)
    np.testing.assert_allclose(out.scores, [0.841, 0.632, 0.883, 0.457, 0.104], atol=1e-3)
    assert out.ranks.tolist() == [2, 3, 1, 4, 5]


def test_mabac_pamucar_cirovic_2015(engine):
    """Pamucar & Cirovic (2015), The selection of transport and handling resources in
    logistics centers using MABAC, Expert Systems with Applications 42(6), 3016-3028;
    as quoted in scikit-criteria's (border area) and pymcdm's (scores) tests."""
    x = [[22600, 3800, 2, 5, 1.06, 3.00, 3.5, 2.8, 24.5, 6.5],
         [19500, 4200, 3, 2, .95, 3.00, 3.4, 2.2, 24, 7.0],
         [21700, 4000, 1, 3, 1.25, 3.20, 3.3, 2.5, 24.5, 7.3],
         [20600, 3800, 2, 5, 1.05, 3.25, 3.2, 2.0, 22.5, 11.0],
         [22500, 3800, 4, 3, 1.35, 3.20, 3.7, 2.1, 23, 6.3],
         [23250, 4210, 3, 5, 1.45, 3.60, 3.5, 2.8, 23.5, 7.0],
         [20300, 3850, 2, 5, .90, 3.25, 3.0, 2.6, 21.5, 6.0]]
    w = [.146, .144, .119, .121, .115, .101, .088, .068, .050, .048]
    d = ["min", "max", "max", "max", "min", "min", "max", "max", "max", "max"]
    out = rank(engine, "mabac", x, w, d)
    np.testing.assert_allclose(out.scores, [0.0826, 0.2183, -0.0488, 0.0246, -0.0704, 0.0465, 0.0464], atol=1e-4)
    np.testing.assert_allclose(
        out.diagnostics["border"],
        [.2086, .1885, .1720, .1952, .1740, .1625, .1319, .1010, .0789, .0590],
        atol=1e-4,
    )
    assert out.ranks.tolist() == [2, 1, 6, 5, 7, 3, 4]


HYDRO = [[4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
         [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
         [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
         [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
         [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
         [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36]]
HYDRO_D = ["max", "min", "max", "max", "min", "min", "min", "max"]


@pytest.mark.parametrize(
    ("weights", "s", "q", "advantage", "stability", "compromise"),
    [
        ([1] * 8, [.692, .700, .290, .423, .280, .346], [.991, 1, .473, .670, 0, .578], True, True, [4]),
        ([1, 1, 1, 1, 2, 2, 2, 2], [.683, .800, .193, .480, .243, .232], [.684, 1, .147, .554, .041, .191],
         False, True, [2, 4, 5]),
    ],
)
def test_vikor_opricovic_tzeng_2007(engine, weights, s, q, advantage, stability, compromise):
    """Opricovic & Tzeng (2007), Extended VIKOR method in comparison with outranking
    methods, European Journal of Operational Research 178(2), 514-529, hydropower
    example, v = 0.5; as quoted in scikit-criteria's tests (test_VIKOR_opricovic2007extended)."""
    out = rank(engine, "vikor", HYDRO, weights, HYDRO_D, v=0.5)
    np.testing.assert_allclose(out.diagnostics["s"], s, atol=1e-3)
    np.testing.assert_allclose(out.scores, q, atol=1e-3)
    assert out.higher_is_better is False
    assert bool(out.diagnostics["acceptable_advantage"]) is advantage
    assert bool(out.diagnostics["acceptable_stability"]) is stability
    assert np.flatnonzero(out.diagnostics["compromise"]).tolist() == compromise


def test_vikor_opricovic_tzeng_2004(engine):
    """Opricovic & Tzeng (2004), Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS, EJOR 156(2), 445-455; scikit-criteria's tests."""
    out = rank(engine, "vikor", [[1, 3000], [2, 3750], [5, 4500]], [.5, .5], ["min", "max"])
    np.testing.assert_allclose(out.diagnostics["s"], [.5, .375, .5])
    np.testing.assert_allclose(out.diagnostics["r"], [.5, .25, .5])
    np.testing.assert_allclose(out.scores, [1, 0, 1])
    assert np.flatnonzero(out.diagnostics["compromise"]).tolist() == [1]


def test_spotis_dezert_et_al_2020(engine):
    """Dezert, Tchamova, Han & Tacnet (2020), The SPOTIS rank reversal free method for
    multi-criteria decision-making support, Proc. IEEE FUSION 2020, pp. 1-8; as quoted
    in pymcdm's tests (TestSPOTIS) and scikit-criteria's tests (test_spotis.py)."""
    x = [[10.5, -3.1, 1.7], [-4.7, 0, 3.4], [8.1, 0.3, 1.3], [3.2, 7.3, -5.3]]
    out = rank(engine, "spotis", x, [.2, .3, .5], ["max", "min", "max"], bounds=[[-5, 12], [-6, 10], [-8, 5]])
    np.testing.assert_allclose(out.scores, [0.1989, 0.3705, 0.3063, 0.7491], atol=1e-4)
    assert out.ranks.tolist() == [1, 3, 2, 4]
    x2 = [[15000, 4.3, 99, 42, 737], [15290, 5.0, 116, 42, 892], [15350, 5.0, 114, 45, 952], [15490, 5.3, 123, 45, 1120]]
    bounds = [[14000, 16000], [3, 8], [80, 140], [35, 60], [650, 1300]]
    out = rank(engine, "spotis", x2, [.2941, .2353, .2353, .0588, .1765], ["min", "min", "min", "max", "max"], bounds=bounds)
    np.testing.assert_allclose(out.scores, [0.4779, 0.5781, 0.5558, 0.5801], atol=1e-4)


def test_spotis_with_bounds_never_reverses_ranks(engine):
    x = np.array([[10.5, -3.1, 1.7], [-4.7, 0, 3.4], [8.1, 0.3, 1.3], [3.2, 7.3, -5.3]])
    bounds = [[-5, 12], [-6, 10], [-8, 5]]
    full = rank(engine, "spotis", x, [.2, .3, .5], ["max", "min", "max"], bounds=bounds).scores
    for drop in range(4):
        keep = [i for i in range(4) if i != drop]
        part = rank(engine, "spotis", x[keep], [.2, .3, .5], ["max", "min", "max"], bounds=bounds).scores
        np.testing.assert_allclose(part, full[keep])


def test_promethee2_papathanasiou_ploskas_2018(engine):
    """Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid: Methods, Examples
    and Python Implementations, Springer Optimization and Its Applications 136, ch. 3
    (PROMETHEE), linear preference q = 1, p = 2; as quoted in pyrepo-mcda's tests
    (Test_PROMETHEE_II).  Published net flows to 2 decimals."""
    x = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    out = rank(engine, "promethee2", x, [0.4, 0.3, 0.1, 0.2], ["max"] * 4,
               preference=[{"function": "linear", "q": 1, "p": 2}] * 4)
    np.testing.assert_allclose(out.scores, [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06], atol=5e-3)
    assert out.ranks.tolist() == [5, 6, 4, 2, 1, 3]


def test_promethee2_zhao_peng_li_2013(engine):
    """Zhao, Peng & Li (2013), Procedia Computer Science 17, 181-188, usual criterion;
    as quoted in pymcdm's tests."""
    out = rank(engine, "promethee2", [[4, 3, 2], [3, 2, 4], [5, 1, 3]], [.5, .3, .2], ["max"] * 3)
    np.testing.assert_allclose(out.scores, [0.1, -0.3, 0.2], atol=1e-12)


@pytest.mark.parametrize(
    ("preference", "d", "expected"),
    [
        ({"function": "usual"}, [0, 0.5, 3], [0, 1, 1]),
        ({"function": "u-shape", "q": 1}, [0.5, 1, 1.5], [0, 0, 1]),
        ({"function": "v-shape", "p": 2}, [0, 1, 2, 3], [0, 0.5, 1, 1]),
        ({"function": "level", "q": 1, "p": 2}, [1, 1.5, 2, 2.5], [0, 0.5, 0.5, 1]),
        ({"function": "linear", "q": 1, "p": 3}, [1, 2, 3, 4], [0, 0.5, 1, 1]),
        ({"function": "gaussian", "s": 1}, [0, 1, 2], [0, 1 - np.exp(-0.5), 1 - np.exp(-2)]),
    ],
)
def test_promethee2_preference_functions_follow_brans_vincke_1985(engine, preference, d, expected):
    """Brans & Vincke (1985), Management Science 31(6), 647-656: the six generalised
    criteria.  With two alternatives a (difference d above b) and b, one criterion and
    weight 1, phi(a) = P(d) - P(-d) = P(d)."""
    for diff, p in zip(d, expected):
        out = rank(engine, "promethee2", [[diff], [0.0]], [1.0], ["max"], preference=[preference])
        assert out.scores[0] == pytest.approx(p, abs=1e-12)


#: Yazdani, Zaraté, Zavadskas & Turskis (2019), A combined compromise solution (CoCoSo)
#: method for multi-criteria decision-making problems, Management Decision 57(9),
#: 2501-2519, Table I (seven industrial robots), as quoted by the tests of pymcdm,
#: pyrepo-mcda and scikit-criteria.
COCOSO_X = [[60, 0.4, 2540, 500, 990], [6.35, 0.15, 1016, 3000, 1041], [6.8, 0.1, 1727.2, 1500, 1676],
            [10, 0.2, 1000, 2000, 965], [2.5, 0.1, 560, 500, 915], [4.5, 0.08, 1016, 350, 508],
            [3, 0.1, 1778, 1000, 920]]
COCOSO_W = [0.036, 0.192, 0.326, 0.326, 0.12]
COCOSO_D = ["max", "min", "max", "max", "max"]


def test_cocoso_yazdani_et_al_2019(engine):
    """Tables IV-VI: S, P (4 decimals), k_a, k_c (3) and k.  The paper prints k from
    rounded intermediates: 1.3 and 2.52 are 1.2987 and 2.5191 from its own S and P
    (pymcdm's test asserts those), hence atol 1.5e-3 on k."""
    out = rank(engine, "cocoso", COCOSO_X, COCOSO_W, COCOSO_D, **{"lambda": 0.5})
    d = out.diagnostics
    np.testing.assert_allclose(d["s"], [0.43, 0.6082, 0.6363, 0.4471, 0.2403, 0.2683, 0.5031], atol=6e-5)
    np.testing.assert_allclose(d["p"], [3.2914, 4.3907, 4.502, 4.2058, 2.261, 2.5057, 4.1991], atol=6e-5)
    np.testing.assert_allclose(d["k_a"], [0.131, 0.175, 0.18, 0.163, 0.088, 0.097, 0.165], atol=6e-4)
    np.testing.assert_allclose(d["k_c"], [0.724, 0.973, 1, 0.906, 0.487, 0.54, 0.915], atol=6e-4)
    np.testing.assert_allclose(out.scores, [2.041, 2.788, 2.882, 2.416, 1.3, 1.443, 2.52], atol=1.5e-3)
    assert out.ranks.tolist() == [5, 2, 1, 4, 7, 6, 3]


def test_cocoso_is_not_the_bridges_max_normalised_form(engine):
    """x / max and min / x (scikit-criteria's pipeline, `skc.cocoso`) rank A1 and A4 the
    other way round; the paper's min-max gives its published order."""
    out = rank(engine, "cocoso", COCOSO_X, COCOSO_W, COCOSO_D)
    assert out.ranks[[0, 3]].tolist() == [5, 4]
    if "skc.cocoso" in engine.methods:
        bridged = rank(engine, "skc.cocoso", COCOSO_X, COCOSO_W, COCOSO_D)
        assert bridged.ranks.tolist() != out.ranks.tolist()


def test_cocoso_an_option_worst_on_every_criterion_ranks_last_with_finite_scores(engine):
    """Min-max gives it S = P = 0, where k_b's S / min S would divide by 0: it adds 0 there."""
    x = [[1, 9], [3, 4], [2, 6], [0, 10]]  # the last is worst on both (a benefit and a cost)
    out = rank(engine, "cocoso", x, [0.5, 0.5], ["max", "min"])
    assert np.isfinite(out.scores).all()
    assert out.diagnostics["s"][3] == out.diagnostics["p"][3] == 0
    assert out.ranks[3] == 4


def test_codas_keshavarz_ghorabaee_et_al_2016(engine):
    """Keshavarz Ghorabaee, Zavadskas, Turskis & Antucheviciene (2016), A new combinative
    distance-based assessment (CODAS) method for multi-criteria decision-making, Economic
    Computation and Economic Cybernetics Studies and Research 50(3), 25-44, example 1
    (Tables 1, 3 and 4), tau = 0.02; as quoted by pymcdm's and pyrepo-mcda's tests."""
    x = [[60, 2540, 0.4, 500, 990], [6.35, 1016, 0.15, 3000, 1041], [6.8, 1727.2, 0.10, 1500, 1676],
         [10, 1000, 0.2, 2000, 965], [2.5, 560, 0.10, 500, 915], [4.5, 1016, 0.08, 350, 508],
         [3, 1778, 0.1, 1000, 920]]
    out = rank(engine, "codas", x, [0.036, 0.326, 0.192, 0.326, 0.120], ["max", "max", "min", "max", "max"], tau=0.02)
    np.testing.assert_allclose(out.diagnostics["e"], [0.2593, 0.3032, 0.2415, 0.1947, 0.1199, 0.1644, 0.2087], atol=6e-5)
    np.testing.assert_allclose(out.diagnostics["t"], [0.3394, 0.4510, 0.4762, 0.3114, 0.1606, 0.2133, 0.3720], atol=6e-5)
    np.testing.assert_allclose(out.scores, [0.5122, 1.4633, 1.0715, -0.2125, -1.8515, -1.1717, 0.1887], atol=6e-5)
    assert out.ranks.tolist() == [3, 1, 2, 5, 7, 6, 4]


def test_codas_badi_shetwan_abdulshahed_2017(engine):
    """Badi, Shetwan & Abdulshahed (2017), Supplier selection using COmbinative
    Distance-based ASsessment (CODAS) method, Proc. ICMNEE 2017, 395-407; as quoted by
    pymcdm's and pyrepo-mcda's tests (4 decimals)."""
    x = [[45, 3600, 45, 0.9], [25, 3800, 60, 0.8], [23, 3100, 35, 0.9], [14, 3400, 50, 0.7],
         [15, 3300, 40, 0.8], [28, 3000, 30, 0.6]]
    out = rank(engine, "codas", x, [0.2857, 0.3036, 0.2321, 0.1786], ["max", "min", "max", "max"])
    np.testing.assert_allclose(out.scores, [1.3914, 0.3411, -0.2170, -0.5381, -0.7292, -0.2481], atol=6e-5)
    assert out.ranks.tolist() == [1, 2, 3, 5, 6, 4]


def test_marcos_ulutas_et_al_2020(engine):
    """Ulutas, Karabasevic, Popovic, Stanujkic, Nguyen & Karakoy (2020), Development of a
    novel integrated CCSD-ITARA-MARCOS decision-making approach for stackers selection
    in a logistics system, Mathematics 8(10), 1672; as quoted by pymcdm's tests."""
    x = [[660, 1000, 1600, 18, 1200], [800, 1000, 1600, 24, 900], [980, 1000, 2500, 24, 900],
         [920, 1500, 1600, 24, 900], [1380, 1500, 1500, 24, 1150], [1230, 1000, 1600, 24, 1150],
         [680, 1500, 1600, 18, 1100], [960, 2000, 1600, 12, 1150]]
    out = rank(engine, "marcos", x, [0.1061, 0.3476, 0.3330, 0.1185, 0.0949], ["min", "max", "max", "max", "max"])
    np.testing.assert_allclose(out.scores, [0.5649, 0.5543, 0.6410, 0.6174, 0.6016, 0.5453, 0.6282, 0.6543], atol=6e-5)
    assert out.ranks.tolist() == [6, 7, 2, 4, 5, 8, 3, 1]


def test_marcos_stevic_brkovic_2020_intermediate_values(engine):
    """Stevic & Brkovic (2020), A novel integrated FUCOM-MARCOS model for evaluation of
    human resources in a transport company, Logistics 4(1), 4, Tables 4-5 (the weights
    as Table 4 applies them): S of the anti-ideal 0.470, of the ideal 1, and f(K); the
    paper chains rounded values, hence atol 1e-3."""
    x = [[33.9, 0.001, 7, 9, 7], [30.0, 0.001, 9, 7, 7], [31.5, 0.001, 9, 7, 9], [33.0, 0.001, 7, 9, 9],
         [31.9, 0.001, 9, 7, 7], [31.1, 0.050, 7, 7, 9], [34.8, 0.001, 7, 7, 7], [25.8, 0.001, 7, 7, 7],
         [31.7, 0.001, 7, 7, 9], [35.7, 0.001, 7, 7, 7], [34.2, 0.001, 7, 7, 9], [29.6, 0.100, 7, 7, 7],
         [30.2, 0.001, 9, 5, 5], [34.3, 0.001, 7, 7, 9], [31.0, 0.001, 5, 7, 7], [34.5, 0.001, 7, 7, 7],
         [33.9, 0.001, 5, 7, 7], [33.1, 0.001, 9, 9, 9], [32.7, 0.001, 9, 9, 9], [35.0, 0.001, 9, 9, 7],
         [31.8, 0.001, 5, 7, 9], [31.0, 0.001, 9, 7, 7], [32.5, 0.001, 7, 7, 3]]
    out = rank(engine, "marcos", x, [0.434, 0.255, 0.128, 0.096, 0.087], ["min", "min", "max", "max", "max"])
    assert abs(out.diagnostics["s_anti_ideal"] - 0.470) < 1e-3 and abs(out.diagnostics["s_ideal"] - 1.0) < 1e-12
    published = [0.738, 0.781, 0.783, 0.763, 0.762, 0.544, 0.712, 0.809, 0.756, 0.705, 0.734, 0.541,
                 0.744, 0.733, 0.722, 0.714, 0.695, 0.786, 0.790, 0.754, 0.730, 0.771, 0.698]
    np.testing.assert_allclose(out.scores, published, atol=1e-3)
    assert out.ranks.tolist() == [12, 5, 4, 7, 8, 22, 18, 1, 9, 19, 13, 23, 11, 14, 16, 17, 21, 3, 2, 10, 15, 6, 20]


def test_mairca_aksoy_2021(engine):
    """Aksoy (2021), An analysis on Turkey's merger and acquisition activities: MAIRCA
    method, Gumushane University Electronic Journal of the Institute of Social Sciences
    12(1), 1-11; as quoted by pymcdm's tests.  Lower is better."""
    x = [[70, 245, 16.4, 19], [52, 246, 7.3, 22], [53, 295, 10.3, 25], [63, 256, 12, 8], [64, 233, 5.3, 17]]
    out = rank(engine, "mairca", x, [0.04744, 0.02464, 0.51357, 0.41435], ["max"] * 4)
    np.testing.assert_allclose(out.scores, [0.0332, 0.1122, 0.0654, 0.1304, 0.1498], atol=6e-5)
    assert out.ranks.tolist() == [1, 3, 2, 4, 5]


def test_mairca_a_cost_is_the_mirror_of_a_benefit(engine):
    """The example has benefits only: a cost column is its mirror image (max + min - x)."""
    x = np.array([[70, 245, 16.4, 19], [52, 246, 7.3, 22], [53, 295, 10.3, 25], [63, 256, 12, 8], [64, 233, 5.3, 17]], float)
    w = [0.04744, 0.02464, 0.51357, 0.41435]
    mirrored = x.copy()
    mirrored[:, 2] = x[:, 2].max() + x[:, 2].min() - x[:, 2]
    a = rank(engine, "mairca", x, w, ["max"] * 4)
    b = rank(engine, "mairca", mirrored, w, ["max", "max", "min", "max"])
    np.testing.assert_allclose(b.scores, a.scores, rtol=1e-12)


def test_ocra_isik_adali_2016(engine):
    """Isik & Adali (2016), A new integrated decision making approach based on SWARA and
    OCRA methods for the hotel selection problem, International Journal of Advanced
    Operations Management 8(2), 140-151; as quoted by pymcdm's tests (3 decimals)."""
    x = [[7.7, 256, 7.2, 7.3, 7.3], [8.1, 250, 7.9, 7.8, 7.7], [8.7, 352, 8.6, 7.9, 8.0],
         [8.1, 262, 7.0, 8.1, 7.2], [6.5, 271, 6.3, 6.4, 6.1], [6.8, 228, 7.1, 7.2, 6.5]]
    out = rank(engine, "ocra", x, [0.239, 0.225, 0.197, 0.186, 0.153], ["max", "min", "max", "max", "max"])
    np.testing.assert_allclose(out.scores, [0.143, 0.210, 0.164, 0.167, 0, 0.112], atol=6e-4)
    assert out.ranks.tolist() == [4, 1, 3, 2, 6, 5]


#: Wang, Rangaiah & Wang (2021), Preference ranking on the basis of ideal-average
#: distance method for multi-criteria decision-making, Industrial & Engineering
#: Chemistry Research 60(30), 11216-11230: eleven Pareto-optimal solutions, one objective
#: maximised and four minimised; as quoted by pymcdm's and scikit-criteria's tests.
PROBID_X = [[1.679e6, 1.525e-7, 3.747e-5, 0.251, 2.917], [2.213e6, 1.304e-7, 3.250e-5, 0.218, 6.633],
            [2.461e6, 1.445e-7, 3.854e-5, 0.259, 0.553], [2.854e6, 1.540e-7, 3.970e-5, 0.266, 1.597],
            [3.107e6, 1.522e-7, 3.779e-5, 0.254, 2.905], [3.574e6, 1.469e-7, 3.297e-5, 0.221, 6.378],
            [3.932e6, 1.977e-7, 3.129e-5, 0.210, 11.381], [4.383e6, 1.292e-7, 3.142e-5, 0.211, 9.929],
            [4.988e6, 1.690e-7, 3.767e-5, 0.253, 8.459], [5.497e6, 5.703e-7, 3.012e-5, 0.200, 18.918],
            [5.751e6, 4.653e-7, 3.017e-5, 0.201, 17.517]]
PROBID_W = [0.1819, 0.2131, 0.1838, 0.1832, 0.2379]
PROBID_D = ["max", "min", "min", "min", "min"]


def test_probid_wang_rangaiah_wang_2021(engine):
    out = rank(engine, "probid", PROBID_X, PROBID_W, PROBID_D)
    published = [0.8568, 0.7826, 0.9362, 0.9369, 0.9379, 0.8716, 0.5489, 0.7231, 0.7792, 0.3331, 0.3387]
    np.testing.assert_allclose(out.scores, published, atol=6e-5)
    assert out.ranks.tolist() == [5, 6, 3, 2, 1, 4, 9, 8, 7, 11, 10]


def test_sprobid_wang_rangaiah_wang_2021(engine):
    """The same example; two scores differ by 1e-4 between the peers' transcriptions,
    hence atol 1.1e-4.  A2 and A9 swap places against PROBID."""
    out = rank(engine, "sprobid", PROBID_X, PROBID_W, PROBID_D)
    published = [2.4246, 2.0596, 3.2805, 3.3702, 3.4375, 2.6435, 1.2628, 1.8158, 2.0885, 0.3399, 0.4279]
    np.testing.assert_allclose(out.scores, published, atol=1.1e-4)
    assert out.ranks.tolist() == [5, 7, 3, 2, 1, 4, 9, 8, 6, 11, 10]


def test_probid_with_an_even_number_of_options_splits_the_ideals_in_halves(engine):
    """n = 4: S(pos) over ideals 1 and 2, S(neg) over 3 and 4 (the paper's rule for even n)."""
    x = np.array([[1, 2], [2, 1], [3, 3], [4, 2]], float)
    out = rank(engine, "probid", x, [0.5, 0.5], ["max", "max"])
    v = x / np.linalg.norm(x, axis=0) * 0.5
    ideals = np.sort(v, axis=0)[::-1]
    s = np.linalg.norm(v[:, None, :] - ideals[None], axis=-1)
    s_pos, s_neg = s[:, 0] + s[:, 1] / 2, s[:, 2] / 2 + s[:, 3]
    s_avg = np.linalg.norm(v - v.mean(axis=0), axis=-1)
    np.testing.assert_allclose(out.scores, 1 / (1 + (s_pos / s_neg) ** 2) + s_avg, rtol=1e-12)


def test_ram_sotoudeh_anvari_2023(engine):
    """Sotoudeh-Anvari (2023), Root Assessment Method (RAM): a novel multi-criteria
    decision making method and its applications in sustainability challenges, Journal of
    Cleaner Production, 138695: the illustrative example's sum-normalised matrix; as
    quoted by pymcdm's tests.  A2 and A7 differ in the 4th decimal."""
    x = [[0.068, 0.066, 0.150, 0.098, 0.156, 0.114, 0.098], [0.078, 0.076, 0.108, 0.136, 0.082, 0.171, 0.105],
         [0.157, 0.114, 0.128, 0.083, 0.108, 0.113, 0.131], [0.106, 0.139, 0.058, 0.074, 0.132, 0.084, 0.120],
         [0.103, 0.187, 0.125, 0.176, 0.074, 0.064, 0.057], [0.105, 0.083, 0.150, 0.051, 0.134, 0.094, 0.113],
         [0.137, 0.127, 0.056, 0.133, 0.122, 0.119, 0.114], [0.100, 0.082, 0.086, 0.060, 0.062, 0.109, 0.093],
         [0.053, 0.052, 0.043, 0.100, 0.050, 0.078, 0.063], [0.094, 0.074, 0.097, 0.087, 0.080, 0.054, 0.106]]
    out = rank(engine, "ram", x, [0.132, 0.135, 0.138, 0.162, 0.09, 0.223, 0.12], ["max", "min", "min", "max", "max", "max", "max"])
    published = [1.4332, 1.4392, 1.4353, 1.4322, 1.4279, 1.4301, 1.4394, 1.4308, 1.4294, 1.4288]
    np.testing.assert_allclose(out.scores, published, atol=6e-5)
    assert out.ranks.tolist() == [4, 2, 3, 5, 10, 7, 1, 6, 8, 9]


def test_lmaw_pamucar_et_al_2021(engine):
    """Pamucar, Zizovic, Biswas & Bozanic (2021), A new logarithm methodology of additive
    weights (LMAW) for multi-criteria decision-making: application in logistics, Facta
    Universitatis, Series Mechanical Engineering 19(3), 361-380; as quoted by pymcdm's
    tests.  Its weights sum to 0.999 and LMAW weighs by powers: the kernel with them gives
    the published Q to 3 decimals; tradeoff normalises weights to sum 1 (`weight` is
    relative), which moves Q by about 1e-3 and keeps the ranking."""
    import tradeoff.plugins.lmaw as lmaw

    x = np.array([[647.34, 6.24, 49.87, 19.46, 212.58, 6.75], [115.64, 3.24, 16.26, 9.69, 207.59, 3.00],
                  [373.61, 5.00, 26.43, 12.00, 184.62, 3.74], [37.63, 2.48, 2.85, 9.35, 142.50, 3.24],
                  [858.01, 4.74, 62.85, 45.96, 267.95, 4.00], [222.92, 3.00, 19.24, 21.46, 221.38, 3.49]])
    w = np.array([0.215, 0.126, 0.152, 0.09, 0.19, 0.226])
    directions = ["max", "max", "min", "min", "min", "max"]
    published = [4.840, 4.681, 4.799, 4.733, 4.736, 4.704]
    q, _ = lmaw.lmaw(x, w, np.array([d == "max" for d in directions]))
    np.testing.assert_allclose(q, published, atol=6e-4)
    out = rank(engine, "lmaw", x, w, directions)
    np.testing.assert_allclose(out.scores, published, atol=2e-3)
    assert out.ranks.tolist() == [1, 6, 2, 4, 3, 5]


def test_balanced_spotis_shekhovtsov_dezert_salabun_2025(engine):
    """Shekhovtsov, Dezert & Salabun (2025), Enhancing personalized decision-making with
    the balanced SPOTIS algorithm, ICAART 2025, vol. 3, 264-271: alpha = 0.5; as quoted
    by pymcdm's tests.  A2 and A6 differ by 7e-6 (a tie in 4 decimals)."""
    x = [[94.0, 69.9, 2017.0], [297.0, 42.0, 2013.0], [205.0, 68.9, 2015.0], [360.0, 36.9, 2014.0],
         [86.0, 59.9, 2017.0], [79.6, 63.8, 2017.0], [113.0, 56.9, 2015.0], [171.0, 58.0, 2016.0]]
    out = rank(engine, "balanced_spotis", x, [0.33, 0.56, 0.11], ["min", "min", "max"],
               bounds=((70, 360), (35, 70), (2013, 2018)), reference=(110, 45, 2018), alpha=0.5)
    np.testing.assert_allclose(out.scores, [0.5232, 0.4256, 0.6593, 0.4752, 0.3632, 0.4256, 0.3626, 0.4242], atol=6e-5)
    assert out.ranks.tolist() == [7, 4, 8, 6, 2, 5, 1, 3]


def test_spotis_from_an_expected_solution_point_dezert_et_al_2020(engine):
    """Dezert, Tchamova, Han & Tacnet (2020), the car example with an expected solution
    point; as quoted by pymcdm's tests: balanced SPOTIS with alpha = 1.  With alpha = 0 it
    is SPOTIS itself, bit for bit in the scores' order."""
    x = [[15000, 4.3, 99, 42, 737], [15290, 5.0, 116, 42, 892], [15350, 5.0, 114, 45, 952], [15490, 5.3, 123, 45, 1120]]
    w, d = [0.2941, 0.2353, 0.2353, 0.0588, 0.1765], ["min", "min", "min", "max", "max"]
    bounds = ((14000, 16000), (3, 8), (80, 140), (35, 60), (650, 1300))
    out = rank(engine, "balanced_spotis", x, w, d, bounds=bounds, reference=(15300, 4, 115, 50, 900), alpha=1.0)
    np.testing.assert_allclose(out.scores, [0.1841, 0.0734, 0.0842, 0.1920], atol=6e-5)
    plain = rank(engine, "balanced_spotis", x, w, d, bounds=bounds, reference=(15300, 4, 115, 50, 900), alpha=0.0)
    np.testing.assert_allclose(plain.scores, rank(engine, "spotis", x, w, d, bounds=bounds).scores, rtol=1e-15)


@pytest.mark.parametrize("method", ["probid", "sprobid"])
def test_probid_an_option_at_the_negative_ideals_ranks_last(engine, method):
    """S(neg) = 0 (an option that is itself the negative ideals): the worst closeness."""
    assert rank(engine, method, [[3, 5], [1, 2]], [0.5, 0.5], ["max", "max"]).ranks.tolist() == [1, 2]
    out = rank(engine, method, [[3, 5], [2, 3], [1, 2], [1, 2]], [0.5, 0.5], ["max", "max"])
    assert out.ranks.tolist() == [1, 2, 3, 3]
