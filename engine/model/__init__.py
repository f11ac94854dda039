"""The decision's vocabulary: the frozen domain objects, and the errors every step raises."""
