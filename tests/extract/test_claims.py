"""Claims: sentence(s) → worklist rows (count, category, values, speaker, claim as checked).

Every text here was written for this table and every expectation worked out by hand from the
guidelines in ``../shared/eval/worklist/GUIDELINES.md``: one row per checkable sentence, or per
clause where a sentence joins statements about different things; the figures and dates inside are
the row's values; the speaker is the quoted person or the article's own voice. Who speaks in a
sentence read with the ones before it, and the claim as checked with its speaker first, are tables
of examples in claims/rules/attribution.yml (``expect: {claim, speaker}``, ``{claims, checked}``).
"""

from __future__ import annotations

import pytest

from claims.model import Claim


def _speaker(claim: Claim) -> str | None:
    return claim.source.name if claim.source is not None else None


def test_a_three_sentence_quotation_is_three_rows_all_by_the_quoted_speaker(run_all):
    text = (
        "Mayor warns on budget\n\n"
        'City finances are under strain, officials say. "We will have to close two libraries," '
        'Mayor Ana Ruiz said on Monday. "The council has cut our grant by 12%. '
        'We cannot pay for road repairs this year."'
    )
    claims = run_all(text)
    assert [(c.text, _speaker(c)) for c in claims] == [
        ("City finances are under strain, officials say.", "officials"),
        ('"We will have to close two libraries," Mayor Ana Ruiz said on Monday.', "Ana Ruiz"),
        ("The council has cut our grant by 12%.", "Ana Ruiz"),
        ("We cannot pay for road repairs this year.", "Ana Ruiz"),
    ]
    # the quotation's later sentences say who said them when checked on their own
    assert claims[2].checked == 'Ana Ruiz said: "The council has cut our grant by 12%."'
    assert claims[1].checked == 'Ana Ruiz said on Monday: "We will have to close two libraries."'


def test_a_quotation_whose_paragraphs_each_open_again_is_a_row_per_sentence(run_all):
    """News copy opens each paragraph of a quotation with a quote mark and closes only the last; run
    together on one line, a quote mark with a space before it and none after opens a new sentence."""
    text = (
        "Budget row\n\n"
        'Mr Brown said: "You cannot rely on his judgement on this. "Mr Blair and I are making the same '
        'decisions on 12 reforms. We will go on with the reforms." He also said Mr Baume was never there.'
    )
    assert [(c.text, _speaker(c)) for c in run_all(text)] == [
        ('Mr Brown said: "You cannot rely on his judgement on this.', "Mr Brown"),
        ("Mr Blair and I are making the same decisions on 12 reforms.", "Mr Brown"),
        ("We will go on with the reforms.", "Mr Brown"),
        ("He also said Mr Baume was never there.", "Mr Brown"),
    ]


def test_currency_conversions_in_brackets_are_one_value_of_one_row(run_all):
    (claim,) = run_all("The airline has debts of about 14bn euros ($19bn; £10bn), its filing shows.")
    assert [(q.value, q.unit, q.restates) for q in claim.quantities] == [
        (14_000_000_000, "EUR", False),
        (19_000_000_000, "USD", True),
        (10_000_000_000, "GBP", True),
    ]
    assert claim.value_text() == "~ 14,000,000,000 EUR (= 19,000,000,000 USD = 10,000,000,000 GBP)"
    assert claim.type == "quantity"


def test_a_sentence_joining_statements_about_different_things_is_two_rows(run_all):
    claims = run_all("Sales at the brewer rose 5% to £2bn last year, and the city council cut 300 jobs in the spring.")
    assert [c.text for c in claims] == [
        "Sales at the brewer rose 5% to £2bn last year",
        "the city council cut 300 jobs in the spring.",
    ]
    assert [[q.value for q in c.quantities] for c in claims] == [[5, 2_000_000_000], [300]]
    assert [d.text for d in claims[0].dates] == ["last year"] and claims[1].dates == []
    assert all(c.sentence_start == claims[0].start for c in claims)


def test_a_sentence_with_three_values_about_one_thing_is_one_row(run_all):
    (claim,) = run_all("The economy expanded by 9.5% during 2004, its fastest pace in a decade.")
    assert [q.value for q in claim.quantities] == [9.5]
    assert [d.value for d in claim.dates] == ["2004"]


def test_the_headline_that_repeats_the_lede_gets_no_row(run_all):
    text = "Airline may run out of cash\n\nThe airline warned on Monday that it may run out of cash by March."
    claims = run_all(text)
    assert [c.text for c in claims] == ["The airline warned on Monday that it may run out of cash by March."]


def test_a_speakers_stance_and_what_he_says_with_it_are_his(run_all):
    text = "However, Lord Browne rejected calls for a windfall tax, saying that the company paid more tax every year."
    (claim,) = run_all(text)
    assert _speaker(claim) == "Lord Browne"


def test_claim_as_checked_names_the_subject_and_dates_the_date(run_all):
    text = (
        "Continental Airlines warned on cash\n\n"
        "Continental Airlines filed its results with regulators. "
        "The company now has debts of nearly $984m which it must pay off this year."
    )
    claims = run_all(text, published="2005-01-17")
    assert claims[-1].checked == (
        "Continental Airlines now has debts of nearly $984m which it must pay off this year (2005)."
    )


def test_a_line_that_introduces_a_quotation_is_no_row_and_the_quotation_is_the_speakers(run_all):
    text = (
        "Shares slide\n\nMike Smith, head of the Retail Group, said:\n\n"
        '"Sales fell 5% in December. Stores will close in 2006."\n\n'
        'Jane Doe said it was a shock. "Nobody expected a fall of 5%."'
    )
    assert [(c.text, _speaker(c)) for c in run_all(text)] == [
        ("Sales fell 5% in December.", "Mike Smith"),
        ("Stores will close in 2006.", "Mike Smith"),
        ("Jane Doe said it was a shock.", "Jane Doe"),
        ('"Nobody expected a fall of 5%."', "Jane Doe"),
    ]


def test_questions_exclamations_and_feelings_are_no_rows(run_all):
    text = (
        "Gallery visits rise\n\n"
        "The gallery had 5 million visitors in 2004, up 10% on 2003. "
        'Its director, Ann Reid, said she was "delighted". '
        "How right she is. "
        "Can it last? "
        "Did visits not double to 5 million in 2004? "
        "The gallery was surprised by the crowds and will open late on Fridays. "
        "Staff were thrilled. "
        "Ms Reid said she was pleased that sales of tickets rose 8%. "
        "How the figures were counted is unclear. "
        "What a visitor pays for a ticket is set by the board."
    )
    assert [c.text for c in run_all(text)] == [
        "The gallery had 5 million visitors in 2004, up 10% on 2003.",
        # a question with a figure in it may carry a claim
        "Did visits not double to 5 million in 2004?",
        # a feeling with what it is about, or joined to an event, stays a claim
        "The gallery was surprised by the crowds and will open late on Fridays.",
        "Ms Reid said she was pleased that sales of tickets rose 8%.",
        # "how" opening a clause that is the subject: no exclamation
        "How the figures were counted is unclear.",
        "What a visitor pays for a ticket is set by the board.",
    ]


def test_a_closing_quote_with_a_space_before_it_still_closes_the_quotation(run_all):
    text = (
        "Rates news\n\nJane Roe, chief economist at Acme Bank, said rates would stay at 4.75% this year.\n\n"
        '"The economic landscape has changed a lot over the last two months, " she said. '
        '"Growth appears stronger and the bank may raise rates."'
    )
    rows = [(c.text, _speaker(c)) for c in run_all(text)]
    assert rows[1:] == [
        ('"The economic landscape has changed a lot over the last two months, " she said.', "Jane Roe"),
        ('"Growth appears stronger and the bank may raise rates."', "Jane Roe"),
    ]


def test_a_word_the_parser_cuts_off_a_sentence_stays_with_it(run_all):
    # (the parser makes "Lib" a sentence of its own after the headline)
    text = "Kennedy on trust\n\nLib Dem leader Charles Kennedy said voters no longer trust the prime minister."
    assert [(c.text, _speaker(c)) for c in run_all(text)] == [
        ("Lib Dem leader Charles Kennedy said voters no longer trust the prime minister.", "Charles Kennedy")
    ]


def test_quoted_paragraphs_with_no_cue_go_on_with_the_last_speaker_whatever_they_quote(run_all):
    text = (
        "Kennedy on trust\n\nLib Dem leader Charles Kennedy said voters no longer trust the prime minister.\n\n"
        '"1983 was when I was first elected as an MP, and I have seen leaders come and go," he said.\n\n'
        '"We do not hear the argument any longer: Lib Dems, good people, but only if they could win.\n\n'
        '"You do not hear that because the evidence shows that it is not a wasted vote."'
    )
    assert [_speaker(c) for c in run_all(text)] == ["Charles Kennedy"] * 4


def _checked(claims: list[Claim], words: str) -> str:
    (claim,) = [c for c in claims if words in c.text]
    return claim.checked


def test_claim_as_checked_names_a_subject_only_where_the_name_is_sure(run_all):
    text = (
        "Amnesty plan\n\nThe country's new president, Anna Berg, has said that anyone will pay only 1% in tax. "
        "She made her comments at a meeting of 40 ministers. Business groups welcomed the bank's move in May. "
        "The show was sold to Fox. It was met with protests by 12 charities. "
        "In September, the inquiry found that the company had misled the public."
    )
    claims = run_all(text)
    # named beside the title already: not named twice
    assert _checked(claims, "1% in tax").startswith("The country's new president, Anna Berg, has said")
    # "she": the person the sentence before is about
    assert _checked(claims, "40 ministers") == "Anna Berg made her comments at a meeting of 40 ministers."
    # a plural generic noun, an "it" that speaks of a thing, a name no better than the words: as written
    assert _checked(claims, "welcomed").startswith("Business groups welcomed")
    assert _checked(claims, "protests").startswith("It was met with protests")
    assert _checked(claims, "misled").startswith("In September, the inquiry found")


MARKETS = (
    "Markets\n\nThe market, former minister Michael Heseltine once said, has no morality. "
    "A series of recent shocks, the Colorado centre has argued, have shown that 90% of firms survive."
)
SQUAD = (
    "Squad news\n\nThe first was Denis Hickie's brilliant tackle in the corner. He stopped 3 tries. "
    "Coach Andy Robinson has an injury worry over centre Olly Barkley. He was due to have 2 scans on Monday."
)


@pytest.mark.parametrize(
    ("text", "words", "checked"),
    [
        # a speaker set inside the statement is taken out of it and put first
        (MARKETS, "morality", "Michael Heseltine said the market has no morality."),
        (
            MARKETS,
            "90% of firms",
            "The Colorado centre argued a series of recent shocks have shown that 90% of firms survive.",
        ),
        # "he": one person in the sentence before, named without the possessive the tagger took in
        (SQUAD, "3 tries", "Denis Hickie stopped 3 tries."),
        # two people named: "he" stays as written
        (SQUAD, "2 scans", "He was due to have 2 scans on Monday."),
        # "the company" stays as written while the article has named the firm only once
        (
            "Profits rise\n\nDeutsche Telekom bought more kit this year. The company remained upbeat after sales "
            "rose 9% in 2005.",
            "9%",
            "The company remained upbeat after sales rose 9% in 2005.",
        ),
    ],
)
def test_claim_as_checked_by_case(run_all, text, words, checked):
    assert _checked(run_all(text), words) == checked
