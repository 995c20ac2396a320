"""Quantities: the figure a rule found, widened with its bound, unit, rate and change.

``claims/rules/quantities.yml`` finds the figure; its lexicon says which words around the figure are
bounds ("more than"), rates ("annually"), currencies, scales, units and change words. The value
itself comes from the pure normalisers in ``claims.normalize.numbers``. Two figures joined as a
range ("from $370,000 to $5.5 million", "1 to 1.5 degrees", "between 5% and 6%") become one.

The modules, in the order a figure passes through them:

- ``find``: from the rule matches of a doc to its quantities.
- ``build``: one quantity from one match, its figure widened to the whole phrase.
- ``figure``: the value, currency, unit and bound written in the figure's own tokens.
- ``negatives``: numbers that are not quantities (phone numbers, times, years, names).
- ``units``: units, currencies and the nouns a figure counts.
- ``qualifiers``: the bound, change and rate written around a figure.
- ``ranges``: two figures written as one range.
"""

from claims.families.quantities.build import FoundQuantity
from claims.families.quantities.find import find_quantities

__all__ = ["FoundQuantity", "find_quantities"]
