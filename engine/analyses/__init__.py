"""What-if questions on a ranked decision: SMAA-2, weight stability, rank reversal, explanations."""
