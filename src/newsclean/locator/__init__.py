"""The fitted body locator: which lines of a page are the article.

Each non-blank line gets a row of features (:mod:`~newsclean.locator.features`); a forest of
oblivious trees fitted on labelled pages scores it, a second forest rescores it with its
neighbours' scores, and a sequence decode (:mod:`~newsclean.locator.decode`) turns the
scores into the body: one article, possibly interrupted by boxes.
"""
