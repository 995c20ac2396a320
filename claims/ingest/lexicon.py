"""What the plain-text reader reads from the ``ingest`` rule file: its lexicon keys and their kinds.

Every key is a regular expression or a list of them (``not_articles`` are file-name patterns), so
a broken one is reported with its file and line when the rules are loaded, not when a file is read.
"""

from __future__ import annotations

from claims.ruleset.schema import Declared, Kind

_KEYS = {
    "footer_markers": Kind.REGEXES,  # a line from which on everything is dropped (a comment form)
    "furniture_lines": Kind.REGEXES,  # site furniture lines ("Share this article")
    "datelines": Kind.REGEXES,
    "date_line": Kind.REGEX,
    "byline": Kind.REGEX,
    "year_clues": Kind.REGEXES,
    "not_articles": Kind.WORDS,  # file-name patterns
    "generic_host_labels": Kind.WORDS,  # parts of a web address that name no outlet
}
INGEST = Declared(family="ingest", lexicon=_KEYS, optional=frozenset(_KEYS), takes_rules=False)
