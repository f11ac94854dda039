"""The data-driven weights of plugins/weights_dispersion.py against published examples
(each cited; the figures as the test suites of pymcdm and pyrepo-mcda quote them) and,
where no example is published, the peers' own numbers (said so with the case)."""

from __future__ import annotations

import numpy as np
import pytest

import tradeoff

ENGINE = tradeoff.Engine(entry_points=False)


def weights(scheme, matrix, directions):
    x = np.array(matrix, dtype=float)
    ids = [f"c{j}" for j in range(x.shape[1])]
    return np.array(ENGINE.weightings[scheme].derive({}, ids, x, np.array([d == "max" for d in directions])).weights)


#: Xu (2004), A note on the subjective and objective integrated approach to determine
#: attribute weights, EJOR 156(2), 530-532: the data Shuai et al. (2012) weigh.
XU = [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]]
#: Zavadskas & Podvezko (2016), Integrated determination of objective criteria weights
#: in MCDM, IJITDM 15(2), 267-283.
ZP = [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]]
ZP_D = ["min", "max", "min", "max"]

CASES = {
    # Jahan & Edwards (2013), Materials & Design 49, 1000-1008 (2 decimals printed; the
    # exact figures, which every peer gives, to 4).
    "std-jahan": ("std", [[0, 0, 0], [0.39, 0.3, 0.77], [0.17, 0.36, 0.8], [0.35, 0.29, 0.93],
                          [0.3, 0.4, 0.94], [0.84, 0.71, 1], [1, 1, 0.99]], ["max"] * 3, [0.35, 0.31, 0.34], 6e-3),
    # Salabun, Watrobski & Shekhovtsov (2020), Symmetry 12(9), 1549.
    "std-salabun": ("std", [[0.619, 0.449, 0.447], [0.862, 0.466, 0.006], [0.458, 0.698, 0.771],
                            [0.777, 0.631, 0.491], [0.567, 0.992, 0.968]], ["max"] * 3, [0.217, 0.294, 0.488], 6e-4),
    # Shuai, Zongzhun, Yongji & Lei (2012), A new angular method to determine the
    # objective weights, CCDC 2012, 3889-3892, on Xu's data: angle and CV weights.
    "angle-shuai": ("angle", XU, ["max"] * 4, [0.4150, 0.3612, 0.2227, 0.0012], 6e-5),
    "cv-shuai": ("cv", XU, ["max"] * 4, [0.4258, 0.3610, 0.2121, 0.0011], 6e-5),
    # Keshavarz-Ghorabaee, Amiri, Zavadskas, Turskis & Antucheviciene (2021), Symmetry
    # 13(4), 525, the illustrative example.
    "merec": ("merec", [[450, 8000, 54, 145], [10, 9100, 2, 160], [100, 8200, 31, 153], [220, 9300, 1, 162],
                        [5, 8400, 23, 158]], ["max", "max", "min", "min"], [0.5752, 0.0141, 0.4016, 0.0091], 6e-5),
    # Zavadskas & Podvezko (2016): CILOS and IDOCRIW.
    "cilos": ("cilos", ZP, ZP_D, [0.3343, 0.2199, 0.1957, 0.2501], 6e-5),
    "idocriw": ("idocriw", ZP, ZP_D, [0.1658, 0.1885, 0.3545, 0.2911], 6e-5),
    # No published example for variance: pymcdm's and pyrepo-mcda's own figure (the two
    # agree), from pymcdm's test.
    "variance-peers": ("variance", [[100, 4, 500], [110, 5, 550], [120, 6, 600], [121, 8, 400]], ["max"] * 3,
                       [0.3761, 0.312, 0.312], 6e-5),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_published_weights(case):
    scheme, matrix, directions, published, atol = CASES[case]
    np.testing.assert_allclose(weights(scheme, matrix, directions), published, atol=atol)


def test_gini_baczkiewicz_et_al_2021():
    """Baczkiewicz, Watrobski, Kizielewicz & Salabun (2021), Towards reliable results: a
    comparative analysis of selected MCDA techniques in the camera selection problem,
    LNBIP (Springer), 143-165; as quoted by pyrepo-mcda's tests."""
    x = [[29.4, 83, 47, 114, 12, 30, 120, 240, 170, 90, 1717.75], [30, 38.1, 124.7, 117, 16, 60, 60, 60, 93, 70, 2389],
         [29.28, 59.27, 41.13, 58, 16, 30, 60, 120, 170, 78, 239.99], [33.6, 71, 55, 159, 23.6, 60, 240, 240, 132, 140, 2099],
         [21, 59, 41, 66, 16, 24, 60, 120, 170, 70, 439], [35, 65, 42, 134, 12, 60, 240, 240, 145, 60, 1087],
         [47, 79, 54, 158, 19, 60, 120, 120, 360, 72, 2499], [28.3, 62.3, 44.9, 116, 12, 30, 60, 60, 130, 90, 999.99],
         [36.9, 28.6, 121.6, 130, 12, 60, 120, 120, 80, 80, 1099], [32, 59, 41, 60, 16, 30, 120, 120, 170, 60, 302.96],
         [28.4, 66.3, 48.6, 126, 12, 60, 240, 240, 132, 135, 1629], [29.8, 46, 113, 47, 18, 50, 50, 50, 360, 72, 2099],
         [20.2, 64, 80, 70, 8, 24, 60, 120, 166, 480, 699.99], [33, 60, 44, 59, 12, 30, 60, 120, 170, 90, 388],
         [29, 59, 41, 55, 16, 30, 60, 120, 170, 120, 299], [29, 59, 41, 182, 12, 30, 30, 60, 94, 140, 249],
         [29.8, 59.2, 41, 65, 16, 30, 60, 120, 160, 90, 219.99], [28.8, 62.5, 41, 70, 12, 60, 120, 120, 170, 138, 1399.99],
         [24, 40, 59, 60, 12, 10, 30, 30, 140, 78, 269.99], [30, 60, 45, 201, 16, 30, 30, 30, 170, 90, 199.99]]
    published = [0.0362, 0.0437, 0.0848, 0.0984, 0.0480, 0.0842, 0.1379, 0.1125, 0.0745, 0.1107, 0.1690]
    np.testing.assert_allclose(weights("gini", x, ["max"] * 11), published, atol=6e-5)


def test_lopcow_ecer_pamucar_2022():
    """Ecer & Pamucar (2022), A novel LOPCOW-DOBI multi-criteria sustainability
    performance assessment methodology, Omega 112, 102690: nine banks, ten benefit and
    seven cost criteria; as quoted by pymcdm's tests."""
    x = [[21.8, 14.1, 10.7, 1.6, 1.8, 770, 12750, 18, 5100, 1.5, 9.1, 1.054, 4.196, 29.407, 7.03, 15.08, 9.705],
         [16.4, 8.5, 13.9, 1.2, 1.3, 524, 12087, 5.7, 2941, 2.208, 15.2, 1.123, 3.86, 5.228, 14.724, 32.103, 19.0],
         [14.5, 7.0, 2.3, 0.2, 0.2, 238, 3265, 1.9, 320, 2.32, 16.202, 1.008, 3.095, 5.549, 17.34, 65.129, 32.056],
         [18.2, 10.3, 11.4, 1.2, 1.1, 835, 16037, 21.3, 4332, 0.875, 9.484, 0.856, 2.191, 23.75, 13.1, 58.157, 27.46],
         [18.5, 8.1, 11.1, 1.0, 1.1, 504, 9464, 1.4, 1743, 2.95, 0.7, 0.479, 2.44, 8.77, 13.48, 33.45, 17.68],
         [18.7, 11.4, 10.8, 1.3, 1.5, 1227, 24053, 20.0, 6521, 0.733, 1.6, 0.857, 2.377, 4.985, 11.743, 26.732, 24.485],
         [18.5, 12.6, 10.8, 1.4, 1.8, 912, 18800, 18.2, 5300, 1.29, 8.27, 0.558, 0.635, 5.22, 13.829, 31.914, 7.515],
         [16.4, 6.7, 12.6, 0.9, 0.9, 951, 16767, 22.0, 3917, 2.46, 3.9, 0.724, 0.568, 4.491, 14.357, 28.869, 7.313],
         [15.2, 6.3, 6.9, 0.5, 0.5, 1013, 20170, 10.97, 4060, 1.67, 1.7, 0.704, 2.96, 3.24, 10.029, 60.981, 23.541]]
    published = [0.0495, 0.0366, 0.0846, 0.0706, 0.0637, 0.0661, 0.0699, 0.0504, 0.0690, 0.0492, 0.0556,
                 0.0487, 0.0482, 0.0763, 0.0551, 0.0532, 0.0534]
    np.testing.assert_allclose(weights("lopcow", x, ["max"] * 10 + ["min"] * 7), published, atol=6e-5)


@pytest.mark.parametrize(
    ("scheme", "bound"), [("entropy", ">="), ("cv", ">="), ("gini", ">="), ("angle", ">="), ("merec", ">"), ("cilos", ">")]
)
def test_a_value_the_formula_cannot_take_is_named(scheme, bound):
    x = [[1.0, 2.0], [3.0, -1.0 if bound == ">=" else 0.0]]
    with pytest.raises(tradeoff.ScenarioError, match=rf"^scheme: expected values {bound} 0 on every criterion for {scheme} weights, got .* on criterion 'c1'$"):
        weights(scheme, x, ["max", "max"])


@pytest.mark.parametrize("scheme", ["std", "variance", "cv", "gini", "angle", "merec", "cilos", "idocriw", "lopcow"])
def test_weights_are_equal_where_no_criterion_spreads_and_zero_for_an_all_equal_one(scheme):
    assert weights(scheme, [[2.0, 5.0], [2.0, 5.0], [2.0, 5.0]], ["max", "min"]).tolist() == [0.5, 0.5]
    w = weights(scheme, [[2.0, 5.0, 1.0], [2.0, 7.0, 3.0], [2.0, 6.0, 4.0]], ["max", "min", "max"])
    assert w[0] == 0.0 and abs(w.sum() - 1.0) < 1e-12 and (w >= 0).all()


#: Diakoulaki, Mavrotas & Papayannakis (1995), Determining objective weights in multiple
#: criteria problems: the CRITIC method, Computers & Operations Research 22(7), 763-770.
DIAKOULAKI = [[61, 1.08, 4.33], [20.7, 0.26, 4.34], [16.3, 1.98, 2.53], [9.0, 3.29, 1.65],
              [5.4, 2.77, 2.33], [4.0, 4.12, 1.21], [-6.1, 3.52, 2.10], [-34.6, 3.31, 0.98]]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        # The paper's (min-max, Pearson), and scikit-criteria's figures for its other
        # settings on the same data (its tests), a second library's.
        ({}, [0.20222554, 0.48090173, 0.31687273]),
        ({"correlation": "spearman"}, [0.21454645, 0.4898563, 0.29559726]),
        ({"scale": False}, [0.86874234, 0.08341434, 0.04784331]),
        ({"scale": False, "correlation": "spearman"}, [0.87672195, 0.08082369, 0.04245436]),
    ],
)
def test_critic_with_each_scale_and_correlation(settings, expected):
    x = np.array(DIAKOULAKI)
    got = ENGINE.weightings["critic"].derive(settings, ["a", "b", "c"], x, np.ones(3, bool)).weights
    np.testing.assert_allclose(got, expected, atol=1e-8)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"correlation": "kendall"}, r'^correlation: expected "pearson" or "spearman", got "kendall"$'),
        ({"correlation": "spearmann"}, r'^correlation: expected "pearson" or "spearman" \(did you mean "spearman"\?\), got "spearmann"$'),
        ({"scale": "no"}, r"^scale: expected true or false, got 'no'$"),
    ],
)
def test_critic_settings_are_checked(settings, message):
    with pytest.raises(tradeoff.ScenarioError, match=message):
        ENGINE.weightings["critic"].derive(settings, ["a", "b", "c"], np.array(DIAKOULAKI), np.ones(3, bool))


def test_critic_in_chunks_takes_only_the_papers_form():
    with pytest.raises(tradeoff.ScenarioError, match=r"^correlation: expected critic with scale = true"):
        ENGINE.weightings["critic"].passes({"correlation": "spearman"})
    assert ENGINE.weightings["critic"].passes({}) is not None


@pytest.mark.parametrize("scheme", ["std", "cv", "gini", "angle"])
def test_weights_do_not_depend_on_the_unit(scheme):
    x = np.array([[1.0, 5.0], [2.0, 9.0], [4.0, 6.0]])
    np.testing.assert_allclose(weights(scheme, x * 1e-17, ["max"] * 2), weights(scheme, x, ["max"] * 2), rtol=1e-12)


def test_lopcow_of_two_options_weighs_the_criteria_that_vary_alike():
    assert weights("lopcow", [[1.0, 5.0, 2.0], [2.0, 5.0, 7.0]], ["max"] * 3).tolist() == [0.5, 0.0, 0.5]
