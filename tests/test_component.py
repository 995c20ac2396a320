"""The spaCy component: ``nlp.add_pipe("claims")`` in a plain pipeline, doc.spans and doc._.claims, to_disk/from_disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy

import claims.nlp.component  # noqa: F401  registers the "claims" factory
from claims.families import spans
from claims.model import Claim
from claims.nlp.component import claims_of
from claims.nlp.pipeline import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "The mayor's office said the new bridge cost $45 million, twice the estimate. "
    "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years."
)


@pytest.fixture(scope="module")
def plain_nlp():
    """The English pipeline as spaCy ships it, with only the claims component added."""
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claims")
    return nlp


def _summary(doc) -> list[tuple[str, str, str, float]]:
    return [(c.type, c.text, c.rule_id, c.score) for c in doc._.claims]


def test_add_pipe_puts_claims_in_doc_spans_and_records_in_the_extension(plain_nlp):
    doc = plain_nlp(TEXT)
    first, second = TEXT.split(". ")
    spans = doc.spans["claims"]
    assert [(s.label_, s.text) for s in spans] == [("quantity", first + "."), ("quantity", second)]
    assert all(s.id_ for s in spans)  # the rule id rides on the span
    values = {(s.label_, s.text) for s in doc.spans["claim_values"]}
    assert {("money", "$45 million"), ("percent", "3.5 percent"), ("date", "2019")} <= values
    records = doc._.claims
    assert all(isinstance(c, Claim) for c in records)
    bridge = records[0]
    assert doc.text[bridge.start : bridge.end] == first + "."
    assert bridge.quantities[0].value == 45_000_000 and bridge.quantities[0].unit == "USD"
    assert bridge.quantities[0].kind == "money"
    assert bridge.source is not None and bridge.source.cue == "said"
    assert 0.5 <= bridge.score <= 1.0 and bridge.reasons
    assert {(s.start_char, s.end_char, s.label_, s.id_) for s in spans} >= {
        (bridge.start, bridge.end, "quantity", bridge.rule_id)
    }


def test_the_claims_are_set_once_on_the_doc_and_the_sentence_index_is_not_kept(plain_nlp):
    doc = plain_nlp(TEXT)
    assert doc._.claims is doc._.claims  # the records themselves, not rebuilt on each access
    assert claims_of(doc) is doc._.claims
    assert doc._.claims_sentences is None  # built for the doc while it was processed, then dropped
    assert claims_of(spacy.blank("en")("No component ran on this.")) == []
    # no module-level cache of the last doc's sentences (there was one: a list holding the last index)
    assert not [name for name, value in vars(spans).items() if name.isupper() and isinstance(value, list)]


def test_the_component_leaves_the_entities_alone(plain_nlp):
    bare = spacy.load(DEFAULT_MODEL)
    assert [(e.text, e.label_) for e in plain_nlp(TEXT).ents] == [(e.text, e.label_) for e in bare(TEXT).ents]


def test_to_disk_from_disk_round_trips_the_pipeline_and_its_rules(plain_nlp, tmp_path):
    plain_nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "claims" / "scoring.yml").exists()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == plain_nlp.pipe_names
    assert _summary(loaded(TEXT)) == _summary(plain_nlp(TEXT))


def test_a_pipeline_saved_with_its_own_rules_keeps_them_when_the_folder_is_gone(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "claims" / "rules", rules)
    scoring = rules / "scoring.yml"
    text = scoring.read_text(encoding="utf-8")
    bias_line = next(line for line in text.splitlines() if line.strip().startswith("bias:"))
    floor_line = next(line for line in text.splitlines() if line.strip().startswith("floor:"))
    text = text.replace(bias_line, "  bias: -40.0").replace(floor_line, "    floor: 0.0")
    scoring.write_text(text, encoding="utf-8")  # every score near 0, and none dropped for it

    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claims", config={"rules": str(rules)})
    expected = _summary(nlp(TEXT))
    assert expected and max(score for *_, score in expected) < 0.01
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(rules)

    loaded = spacy.load(tmp_path / "pipeline")
    assert _summary(loaded(TEXT)) == expected
