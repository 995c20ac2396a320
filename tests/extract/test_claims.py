"""Claims: sentence(s) → worklist rows (count, category, values, speaker, claim as checked).

Every text here was written for this table and every expectation worked out by hand from the
guidelines in ``../shared/eval/worklist/GUIDELINES.md``: one row per checkable sentence, or per
clause where a sentence joins statements about different things; the figures and dates inside are
the row's values; the speaker is the quoted person or the article's own voice.
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


@pytest.mark.parametrize(
    ("text", "sentence", "speaker"),
    [
        # a surname with a title is the full name the article gives
        (
            "Union leader Jonathan Baume spoke on Tuesday. Mr Baume said the reforms had cost 4,000 jobs.",
            "Mr Baume said the reforms had cost 4,000 jobs.",
            "Jonathan Baume",
        ),
        # "the firm" is the organisation the article is about
        (
            "Continental shares fell. Continental cut 500 flights. The firm said it would save $48m a year.",
            "The firm said it would save $48m a year.",
            "Continental",
        ),
        # a role stands for the person the article gave it
        (
            "Chancellor Gordon Brown spoke in London. The chancellor said growth would reach 3% in 2005.",
            "The chancellor said growth would reach 3% in 2005.",
            "Gordon Brown",
        ),
        # an organisation keeps the acronym the article writes after it
        (
            "The UK Internet Forum (UKIF) met in May. It said 40% of users had been targeted.",
            "It said 40% of users had been targeted.",
            "UK Internet Forum (UKIF)",
        ),
        # a report in a clause that qualifies a word is not the sentence's speaker
        (
            "Shares in the airline fell 7% after the firm warned it could run out of cash.",
            "Shares in the airline fell 7% after the firm warned it could run out of cash.",
            None,
        ),
        # taking a stance on a thing is something the article reports
        (
            "Lindsay Davenport has criticised Wimbledon over prize money for women.",
            "Lindsay Davenport has criticised Wimbledon over prize money for women.",
            None,
        ),
        # announcing a figure is the subject's statement
        (
            "Oil giant BP has announced a 26% rise in annual profits to $16.2bn.",
            "Oil giant BP has announced a 26% rise in annual profits to $16.2bn.",
            "BP",
        ),
        # a spokesman or officials speak for the organisation named with them
        (
            "A spokesman for Sony said the console had sold 2 million units.",
            "A spokesman for Sony said the console had sold 2 million units.",
            "Sony",
        ),
        (
            "Officials at the Department of Health said waiting lists had fallen by 10%.",
            "Officials at the Department of Health said waiting lists had fallen by 10%.",
            "Department of Health",
        ),
        # a role with the person's name beside it is that person
        (
            "Its chief executive, Ana Ruiz, said profits would rise 5% next year.",
            "Its chief executive, Ana Ruiz, said profits would rise 5% next year.",
            "Ana Ruiz",
        ),
        # figures or a report from a named body are that body's
        (
            "Figures from the Office for National Statistics showed inflation rose to 3% in May.",
            "Figures from the Office for National Statistics showed inflation rose to 3% in May.",
            "Office for National Statistics",
        ),
        # "its chief executive" speaks for the organisation that spoke last
        (
            "Sony said sales rose. Its chief executive said the firm would hire 500 people.",
            "Its chief executive said the firm would hire 500 people.",
            "Sony chief executive",
        ),
        # "it" after an organisation spoke is that organisation, not a place it named
        (
            'Sony said: "We sold 2 million units in Japan." It added that sales in Europe doubled in 2004.',
            "It added that sales in Europe doubled in 2004.",
            "Sony",
        ),
        # "he" with no one quoted just before: the person the last sentences are about
        (
            "Gordon Brown has attacked a union leader. He said the reforms would save 84,000 jobs.",
            "He said the reforms would save 84,000 jobs.",
            "Gordon Brown",
        ),
        # "the American" after another player was named as an object: the one the sentence is about
        (
            "Lindsay Davenport won in Dubai. Reacting to a comment by Tim Phillips, the American said prize money fell 5%.",
            "Reacting to a comment by Tim Phillips, the American said prize money fell 5%.",
            "Lindsay Davenport",
        ),
        # a report that names nobody is the article's own hedged statement
        (
            "It is understood that the firm will cut 300 jobs.",
            "It is understood that the firm will cut 300 jobs.",
            None,
        ),
        (
            "Mr Houston is alleged to have said that prisons should be closed by 2010.",
            "Mr Houston is alleged to have said that prisons should be closed by 2010.",
            None,
        ),
        # "he" after a plural source is not that source
        (
            'Roger Federer won again. According to the other players, he is in a class of his own. "I have beaten all of them," he told reporters.',
            '"I have beaten all of them," he told reporters.',
            "Roger Federer",
        ),
    ],
)
def test_speakers(run_all, text, sentence, speaker):
    (claim,) = [c for c in run_all(text) if c.text == sentence]
    assert _speaker(claim) == speaker


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


@pytest.mark.parametrize(
    ("text", "checked"),
    [
        # the source named at the end goes first
        (
            "Exports rose 5% in 2020 to $3bn, according to the ministry.",
            "According to the ministry, exports rose 5% in 2020 to $3bn.",
        ),
        (
            "Failure to make cutbacks may push the airline to sell 20 planes, the ministry said.",
            "The ministry said failure to make cutbacks may push the airline to sell 20 planes.",
        ),
        # a quotation keeps its marks, and where it was said
        (
            '"We cannot pay for road repairs," the mayor said in a letter to the council.',
            'The mayor said in a letter to the council: "We cannot pay for road repairs."',
        ),
    ],
)
def test_claim_as_checked_puts_the_speaker_first(run_all, text, checked):
    (claim,) = run_all(text)
    assert claim.checked == checked


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
