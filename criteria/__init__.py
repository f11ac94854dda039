"""tradeoff's built-in criteria: *what* to measure, from the outsourcing article.

One module per criterion, each an ordinary plugin: cost, expertise, control, lock_in,
morale.  Every criterion reads raw facts about an option and returns one value per
option, computed for all options at once with numpy.
"""
