"""What-if questions on a ranked decision: SMAA-2, weight stability, rank reversal, explanations."""

#: SMAA-2's defaults, the same for the library and every command: weight samples, the
#: random seed, and how weights are drawn.
SAMPLES, SEED, WEIGHTS = 10_000, 0, "uniform"
