"""spaCy's DependencyMatcher, with the root of each matched token found from the doc's head offsets.

Before it tries its patterns, the DependencyMatcher groups the tokens its node patterns match by
the root of their tree (``_get_keys_to_position_maps``): for every such token (about one per token
of a news article with the shipped rules) it makes the token and each of its ancestors as Token
objects to take the last. The same root is the end of the chain of head offsets, which
``Doc.to_array`` gives at once; this subclass reads it there, by the same steps and with the same
guard against a chain longer than the doc. Everything else is spaCy's. It overrides a private
method: when spaCy's class has no such method, or a match spans more than one token (which
spaCy warns about), spaCy's own method runs.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher as _SpacyDependencyMatcher
from spacy.tokens import Doc

_OVERRIDES = hasattr(_SpacyDependencyMatcher, "_get_keys_to_position_maps")


class DependencyMatcher(_SpacyDependencyMatcher):
    """spaCy's DependencyMatcher, finding the tree root of each node match from the head offsets."""

    def _get_keys_to_position_maps(self, doc: Doc) -> Any:
        matches = self._matcher(doc)
        if not _OVERRIDES or any(start + 1 != end for _, start, end in matches):
            return super()._get_keys_to_position_maps(doc)  # type: ignore[misc]
        heads = doc.to_array(HEAD).astype("int64").tolist() if len(doc) else []
        length = len(doc)
        keys_to_position_maps: defaultdict[int, defaultdict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for match_id, start, _ in matches:
            root, steps = start, 0
            while heads[root] != 0 and steps < length:  # Token.ancestors: up the heads, at most len(doc) steps
                root += heads[root]
                steps += 1
            keys_to_position_maps[root][match_id].append(start)
        return keys_to_position_maps
