"""The evaluation: facts to values, weights, methods and their kernels' helpers, ranks, the result."""
