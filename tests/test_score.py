"""Check-worthiness: which signals each sentence shows, what they weigh, and how they read in the worklist."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.errors import RuleError
from claims.ruleset import load_rules
from claims.score import FEATURES, Scorer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(load_rules(ROOT / "claims" / "rules").lexicon("scoring"))


def _top(run, text: str):
    """The claim that gives the sentence its score (the highest-scoring one)."""
    claims = run(text)
    assert claims, text
    return max(claims, key=lambda c: c.score)


def _signals(run, text: str) -> set[str]:
    return {name for name, _ in _top(run, text).reasons}


# (sentence, signals that must be present, signals that must be absent)
SIGNALS = [
    (
        "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.",
        {"figure", "number", "percent", "past_event", "superlative", "statistic", "public_affairs"},
        {"question", "hedge", "future"},
    ),
    (
        "Senator Warren voted against the bill in 2017.",
        {"policy_record", "about_someone", "named_entity", "past_event", "dated_event"},
        {"first_person", "figure"},
    ),
    (
        "The mayor's office said the new bridge cost $45 million, twice the estimate.",
        {"money", "named_source", "figure"},
        {"hedge", "opinion"},
    ),
    (
        "He signed the law that expanded health insurance to 20 million people.",
        {"number", "policy_record", "about_someone", "public_affairs"},
        {"several_numbers"},
    ),
    ("Exports rose 4 percent in May and 6 percent in June.", {"several_numbers", "percent"}, set()),
    ("The company has cut 2,000 jobs since March.", {"past_event", "number", "record_words"}, {"future"}),
    ("The drought caused food prices to double across the region.", {"causal", "past_event"}, {"figure", "number"}),
    (
        "Our schools are the best in the world.",
        {"superlative"},
        {"opinion"},
    ),  # "best" is a ranking, not the word "good"
    ("Prices could rise next year, analysts say.", {"hedge"}, {"named_source"}),
    ("I think we should do better.", {"belief", "first_person", "obligation"}, {"figure", "past_event"}),
    (
        "We need to invest in our children.",
        {"obligation"},
        {"first_person"},
    ),  # "we" is often a country, not the speaker
    ("I love this country and its wonderful people.", {"opinion", "belief", "first_person"}, {"policy_record"}),
    ("If we win, we will cut taxes for every family.", {"conditional", "future"}, {"past_event"}),
    ("Let me be clear about that.", {"imperative"}, {"question"}),
    # (a question with no figure in it is no claim and gets no row at all: tests/extract/test_claims.py)
    ("Will you raise taxes on 2 million families?", {"question", "figure"}, {"past_event"}),
    ("Thank you all for coming tonight.", {"courtesy"}, set()),
    # what a sentence is about and how it is anchored
    (
        "Our trade deficit with Mexico has grown every year since the agreement took effect.",
        {
            "economic_indicator",
            "compound_term",
            "named_place",
            "quantifier",
            "record_frame",
            "time_reference",
            "past_event",
        },
        {"modal"},
    ),
    (
        "That is simply not true: the report found that crime fell under the last governor.",
        {"veracity", "evidence", "office_holder", "record_frame", "action"},
        {"second_person"},
    ),
    (
        "The factory is laying off workers while the company is reporting record profits.",
        {"ongoing", "action"},
        {"past_event"},
    ),
    (
        "America was a great nation.",
        set(),
        {"past_event", "named_place"},
    ),  # a past "was" describes; "America" said in general is no place
    # how it is said: counting, possibility, address, talk about the talk, aspirations
    (
        "Let me make one point and then two quick comments on your question.",
        {"small_counts", "debate_talk", "second_person", "imperative"},
        {"several_numbers"},
    ),
    ("The program cost 2 billion dollars.", {"figure"}, {"small_counts"}),
    ("We can build a stronger economy together.", {"modal", "aspiration"}, {"future"}),
    ("Freedom and opportunity are the values that make this country strong.", {"aspiration"}, {"action"}),
]


@pytest.mark.parametrize(("text", "present", "absent"), SIGNALS, ids=[s[0][:40] for s in SIGNALS])
def test_signals_of_a_sentence(run_all, text, present, absent):
    found = _signals(run_all, text)
    assert present <= found, f"missing {present - found}; found {sorted(found)}"
    assert not (absent & found), f"unexpected {absent & found}"


WORTH_CHECKING = [
    "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.",
    "Senator Warren voted against the bill in 2017.",
    "The mayor's office said the new bridge cost $45 million, twice the estimate.",
    "He signed the law that expanded health insurance to 20 million people.",
    "The company has cut 2,000 jobs since March.",
    "Our trade deficit with Mexico has grown every year since the agreement took effect.",
    "That is simply not true: the report found that crime fell under the last governor.",
]
LOW_PRIORITY = [
    "I think we should do better.",
    "We need to invest in our children.",
    "I love this country and its wonderful people.",
    "If we win, we will cut taxes for every family.",
    "Will you raise taxes on 2 million families?",
    "Thank you all for coming tonight.",
    "Let me make one point and then two quick comments on your question.",
    "We can build a stronger economy together, and we would lead the world again.",
    "Freedom and opportunity are the values that make this country strong.",
]


@pytest.mark.parametrize("text", WORTH_CHECKING)
def test_checkable_facts_reach_the_threshold(run_all, scorer, text):
    assert _top(run_all, text).score >= scorer.threshold


@pytest.mark.parametrize("text", LOW_PRIORITY)
def test_opinions_promises_questions_and_courtesy_stay_below_it(run_all, scorer, text):
    assert _top(run_all, text).score < scorer.threshold


def test_every_signal_has_words_for_the_worklist_and_a_known_feature(scorer):
    assert len(scorer.signals) == len({s.id for s in scorer.signals})
    for signal in scorer.signals:
        assert signal.says and signal.weight != 0, signal.id
        assert signal.feature in FEATURES if signal.feature else signal.words, signal.id


def test_score_is_the_logistic_of_bias_plus_weights():
    scorer = Scorer(
        {
            "bias": -1.0,
            "signals": [
                {"id": "figure", "feature": "has_figure", "weight": 2.0},
                {"id": "hedge", "says": "hedged", "words": ["may"], "weight": -1.0},
            ],
        }
    )
    assert scorer.score([]) == 0.2689  # 1 / (1 + e)
    assert scorer.score([("figure", 2.0)]) == 0.7311
    assert scorer.score([("figure", 2.0), ("hedge", -1.0)]) == 0.5


@pytest.mark.parametrize(
    ("parts", "says"),
    [
        ([("figure", 1.5), ("named_source", 0.9), ("comparison", 0.6)], "figure + named source + comparison"),
        ([("comparison", 0.6), ("figure", 1.5), ("hedge", -0.5)], "figure + comparison − hedged"),
        ([("question", -1.3), ("hedge", -0.5)], "− question − hedged"),
        # only the three strongest, whatever their sign: hedged (-0.5) is the weakest of four
        ([("comparison", 0.6), ("figure", 1.5), ("hedge", -0.5), ("question", -1.3)], "figure + comparison − question"),
        ([], ""),
    ],
)
def test_why_column_reads_strongest_first_and_minuses_last(parts, says):
    scorer = Scorer(
        {
            "signals": [
                {"id": "figure", "says": "figure", "feature": "has_figure", "weight": 1.5},
                {"id": "named_source", "says": "named source", "feature": "has_named_source", "weight": 0.9},
                {"id": "comparison", "says": "comparison", "feature": "has_comparison", "weight": 0.6},
                {"id": "hedge", "says": "hedged", "words": ["may"], "weight": -0.5},
                {"id": "question", "says": "question", "feature": "question", "weight": -1.3},
            ]
        }
    )
    assert scorer.says(parts) == says


@pytest.mark.parametrize(
    ("signal", "message"),
    [
        (
            {"id": "x", "feature": "has_figure", "wieght": 1},
            "claims/rules/scoring.yml: unknown key 'wieght' in signal 'x'; allowed: feature, id, says, weight, words",
        ),
        (
            {"id": "x", "feature": "has_magic"},
            "claims/rules/scoring.yml: signal 'x': unknown feature 'has_magic'; known: ",
        ),
        ({"id": "x", "weight": 1}, "claims/rules/scoring.yml: signal 'x' needs a 'feature' or 'words'"),
    ],
)
def test_a_broken_signal_is_reported_with_what_is_allowed(signal, message):
    with pytest.raises(RuleError) as error:
        Scorer({"signals": [signal]})
    assert str(error.value).startswith(message)
