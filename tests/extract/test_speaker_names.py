"""Speakers named by a surname the tagger misreads or misspelt, and statements that go on.

Every text was written for this file; each expected speaker was worked out by hand.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from claims.families.attribution import Attribution
from claims.families.speakers import unit_speaker
from claims.families.units import Unit
from claims.model import Claim, Source


def _said_by(claims: list[Claim], words: str) -> tuple[str | None, str | None]:
    (claim,) = [c for c in claims if words in c.text]
    return (claim.source.name, claim.source.kind) if claim.source else (None, None)


# a quotation the writer did not close before the words that say who spoke
UNCLOSED = (
    'Euro outlook\n\nThe Institute for Fiscal Studies published its survey. "With a stronger euro, rates '
    "in the euro area are likely to stay at 2%, the institute said in its report. Prices rose 3% in 2004."
)
PLAYER = "World number one Lindsay Davenport has criticised Wimbledon over prize money.\n\n"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # the surname alone, which the tagger reads as a place
        (PLAYER + '"Women play only three sets," said Davenport.', "three sets", ("Lindsay Davenport", "person")),
        # the surname mistyped by the article: one letter dropped
        (PLAYER + '"Women play only three sets," said Daveport.', "three sets", ("Lindsay Davenport", "person")),
        # a name that is no slip of any person's surname stays what it was
        (PLAYER + '"Women play only three sets," said Wimbledon.', "three sets", ("Wimbledon", "organization")),
    ],
)
def test_a_surname_or_a_slip_of_one_is_the_person_the_article_named(run_all, text, words, speaker):
    assert _said_by(run_all(text), words) == speaker


def test_a_slip_the_tagger_reads_as_a_person_is_the_person_named(run_all):
    text = 'Tennis player Beth Harlow won on Monday.\n\n"We will play 12 matches this year," said Harlew.'
    assert _said_by(run_all(text), "12 matches") == ("Beth Harlow", "person")


def test_two_people_with_near_surnames_leave_a_slip_unresolved(run_all):
    text = (
        'Tennis players Anna Harlow and Beth Harlaw met on Monday.\n\n"We will play 12 matches this year," said Harlew.'
    )
    name, _ = _said_by(run_all(text), "12 matches")
    assert name == "Harlew"  # Harlow and Harlaw are both one letter away: no guess


def test_the_statement_that_goes_on_is_its_issuers(run_all):
    text = (
        "The club rejected the claim on Tuesday.\n\n"
        'A spokesperson for the Lawn Tennis Club denied the chairman made the remark, insisting: "He did '
        'not say it." The statement added: "It was said by someone else in a radio interview in 2004."'
    )
    name, kind = _said_by(run_all(text), "radio interview")
    assert "Lawn Tennis Club" in name and kind in ("person", "organization")
    # a statement issued by someone named earlier stays theirs ("X issued a statement"; "the statement said")
    text = (
        "The ministry said in a statement on Monday that exports rose 4% in May.\n\n"
        'The statement said: "Imports fell 2% in the same month."'
    )
    name, _ = _said_by(run_all(text), "Imports fell")
    assert "ministry" in name


OPENING = "Budget row\n\n{who} said the plan would cost 4,000 jobs. But the chancellor said the plan would save £2bn."


@pytest.mark.parametrize(
    ("who", "speaker"),
    [
        # the article opens on a person and gives nobody the title: "the chancellor" is that person
        ("Gordon Brown", "Gordon Brown"),
        # the person it opens on holds another role: "the chancellor" is somebody else, not named
        ("Union leader Ann Jones", "chancellor"),
        ("Ann Jones, the union leader,", "chancellor"),
    ],
)
def test_a_title_nobody_is_given_is_the_person_the_article_opens_on(run_all, who, speaker):
    name, kind = _said_by(run_all(OPENING.format(who=who)), "save £2bn")
    assert (name, kind) == (speaker, "person")


def test_a_title_the_article_gives_someone_is_theirs(run_all):
    text = OPENING.format(who="Ann Jones") + " Chancellor Tom Reid met her on Monday."
    assert _said_by(run_all(text), "save £2bn") == ("Tom Reid", "person")  # named later in the article
    text = "Budget row\n\nAnn Jones said the plan would cost 4,000 jobs. Chancellor Tom Reid disagreed. "
    text += "Later the chancellor said the plan would save £2bn."
    assert _said_by(run_all(text), "save £2bn") == ("Tom Reid", "person")


WARNING = "Web warning\n\nA new address system could open a back door for scammers, a trade body has warned. "


@pytest.mark.parametrize(
    ("then", "speaker"),
    [
        # the organisation brought in as "a trade body" is named in the next sentence
        ("The UK Internet Forum (UKIF) said 2,000 fake sites were set up in 2004.", "UK Internet Forum (UKIF)"),
        # named nowhere near: it stays unnamed, not the organisation the article names most
        ("Fake sites rose by 20% in 2004. The Internet Engineering Task Force said it would act.", "trade body"),
    ],
)
def test_an_organisation_brought_in_unnamed_is_the_one_named_next(run_all, then, speaker):
    name, _ = _said_by(run_all(WARNING + then), "back door")
    assert name == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a person whose surname is a city's name: the tagger marks the city, the name is a person's
        (
            "Valeska Paris, an Australian woman, has claimed that the church held her for twelve years.",
            ("Valeska Paris", "person"),
        ),
        ("New York said it would spend $2m on roads in 2005.", ("New York", "government")),  # the place itself
        ("South Africa said it spent $2m on roads in 2005.", ("South Africa", "government")),
        # statistics and papers are documents, in the plural too
        ("Figures published today show 45,756 migrants crossed the Channel last year.", ("Figures", "document")),
        ("Official estimates show 300 people died in 2004.", ("Official estimates", "document")),
        ("Results show the camp kept 40 of the 70 seats in 2016.", ("Results", "document")),
        # a news agency is a publication, though "agency" alone is a word of government
        ('Yonhap news agency said: "The North fired 36 shells."', ("Yonhap news agency", "publication")),
    ],
)
def test_the_kind_of_a_source(run_all, text, speaker):
    (claim,) = run_all(text)
    assert (claim.source.name, claim.source.kind) == speaker


def test_a_person_named_beside_a_noun_is_the_speaker_and_she_is_that_person(run_all):
    text = (
        "Jackson trial\n\nMichael Jackson denies the charges. His mother Katherine Jackson told Fox News on "
        'Sunday that her son was innocent. "I believe that for one reason," she said.'
    )
    claims = run_all(text)
    assert _said_by(claims, "her son was innocent") == ("Katherine Jackson", "person")
    assert _said_by(claims, "for one reason") == ("Katherine Jackson", "person")


def test_the_nationals_in_the_plural_are_no_one_person(run_all):
    """ "the Italian said" is the Italian the passage is about; "the Italians confirmed" is a team."""
    head = "Rugby\n\nItaly coach John Kirwan has challenged his side. "
    name, _ = _said_by(run_all(head + '"We lost 28-17 on Sunday," the Italian said.'), "28-17")
    assert name == "John Kirwan"
    name, _ = _said_by(run_all(head + "Despite losing 28-17, the Italians said they had improved."), "28-17")
    assert name != "John Kirwan"


def test_a_motion_is_a_document(run_all):
    text = 'Trial\n\nDefence lawyers argued against the bid. "The release serves no purpose," the motion said.'
    assert _said_by(run_all(text), "serves no purpose") == ("motion", "document")


FIRM = "Web bug\n\nThe Finnish security firm F-Secure found the bug on Monday. "


@pytest.mark.parametrize(
    ("then", "speaker"),
    [
        # "the security firm" is the one named before, by its name
        ("The security firm said 1m websites run the program.", ("F-Secure", "organization")),
        # "security firms" in the plural are not that one firm
        ("Security firms estimate that 1m websites run the program.", ("Security firms", "unnamed")),
    ],
)
def test_a_generic_mention_is_the_earlier_one_in_the_same_number(run_all, then, speaker):
    assert _said_by(run_all(FIRM + then), "1m websites") == speaker


def test_he_is_never_a_firm(run_all):
    text = 'Transfer talk\n\nArsenal said on Monday that talks had ended. "I will stay for 2 more years," he added.'
    assert _said_by(run_all(text), "2 more years") == ("he", "person")  # nobody named to be "he"


def test_a_speaker_the_parser_lost_is_the_name_right_before_the_cue(run_all):
    """The parse hangs "Helmut Panke" on "Bosch" and "Mr Brown" on "with": the cue has no subject."""
    text = (
        "Cars\n\nWhen asked if BMW would seek compensation from Bosch, the carmaker's chief executive "
        'Helmut Panke said: "we will first solve the problem before talking about who will pay in 2005".'
    )
    assert _said_by(run_all(text), "who will pay") == ("Helmut Panke", "person")


def test_he_after_he_said_is_the_one_he_stood_for(run_all):
    """The last speaker was "He" (resolved to Mr Molyneux): "he" goes on with him, not with the
    person named in between."""
    text = (
        "Games honour\n\nMr Molyneux said the honour was a surprise. He said few had expected it in 1990. "
        'Fans of Sid Meier agreed with him. "Britain is one of the 3 founding nations," he said.'
    )
    name, _ = _said_by(run_all(text), "founding nations")
    assert name == "Mr Molyneux"


LOANS = (
    "Aid row\n\nThe World Bank said the new loans were safe. The World Bank has 189 members. "
    "The World Bank will meet in May. "
)


@pytest.mark.parametrize(
    ("then", "speaker"),
    [
        # "the organisation" right after another organisation was the subject: that one, not the one
        # the article names most
        (
            'Greenpeace, the campaign group, agrees. "Cutting the loans would harm 40 million people," '
            "the organisation said.",
            "Greenpeace",
        ),
        # the subject written as an acronym the tagger does not know, the organisation's name beside it
        (
            'WDNR, the World Domain Name Registries, agrees. "Cutting the loans would harm 40 million people," '
            "the organisation said.",
            "World Domain Name Registries (WDNR)",
        ),
        # no organisation the subject just before: the one the article is about
        ('Critics disagree. "Cutting the loans would harm 40 million people," the organisation said.', "World Bank"),
    ],
)
def test_the_organisation_is_the_one_just_named_as_subject(run_all, then, speaker):
    name, kind = _said_by(run_all(LOANS + then), "40 million people")
    assert (name, kind) == (speaker, "organization")


COURT = "Singer Tom Reed had paint on his hands the night the gallery burned, a court has heard. "


@pytest.mark.parametrize(
    ("then", "speaker"),
    [
        # what "a court has heard" is what a witness told it: the witness named in the next sentences
        (
            "Forensic expert Mary Hale told a London court the paint was the same as the studio's.",
            ("Mary Hale", "person"),
        ),
        ("Ms Hale testified at the trial that the paint was the same.", ("Hale", "person")),
        # nobody is named telling the court: the court
        ("Mr Reed denies arson. The jury will retire on Monday.", ("court", "government")),
    ],
)
def test_what_a_court_heard_is_the_witness_who_told_it(run_all, then, speaker):
    assert _said_by(run_all(COURT + then), "paint on his hands") == speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # "the president" the article introduced with the person's name beside the title
        (
            "Georgia amnesty\n\nThe country's new president, Mikhail Saakashvili, has said that anyone will pay "
            'only 1% tax.\n\n"There are people who have money but are afraid to show it," the president told a '
            "government session.",
            "people who have money",
            ("Mikhail Saakashvili", "person"),
        ),
        # "some", "others": nobody named before, not the organisation that spoke last
        (
            "Budget\n\nCongress said the budget was too big. Some said it would cost $2bn.",
            "cost $2bn",
            ("Some", "unnamed"),
        ),
    ],
)
def test_a_title_and_an_indefinite_pronoun(run_all, text, words, speaker):
    assert _said_by(run_all(text), words) == speaker


GROCER = (
    "Grocer files for bankruptcy\n\nUS supermarket group Winn-Dixie has filed for bankruptcy protection. "
    "Winn-Dixie, once among the most profitable of US grocers, said Chapter 11 protection would help it. "
    "It said its 920 stores would remain open.\n\n"
    "The Jacksonville, Florida-based firm has debts of $1.87bn. In its petition it said it owed Kraft Foods $15m."
)


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        # a hyphenated name is one word: a firm's, not a person's first name and surname
        ("Chapter 11 protection", ("Winn-Dixie", "organization")),
        # "it": the firm that spoke, not a place that qualifies a noun ("US grocers")
        ("920 stores", ("Winn-Dixie", "organization")),
        # "it" after "It said": the firm the first "It" stood for, not "Florida-based"
        ("Kraft Foods", ("Winn-Dixie", "organization")),
    ],
)
def test_it_is_the_firm_that_spoke(run_all, words, speaker):
    assert _said_by(run_all(GROCER), words) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # what the article has only from others, hedged: its own voice
        ('Party row\n\nThe report reportedly said: "We will win 40 seats in 2005."', (None, None)),
        ("Party row\n\nThe candidate allegedly told members that 40 seats would be won in 2005.", (None, None)),
        # said without the hedge: the document's
        ('Party row\n\nThe report said: "We will win 40 seats in 2005."', ("report", "document")),
    ],
)
def test_a_report_the_article_hedges_is_its_own_statement(run_all, text, speaker):
    assert _said_by(run_all(text), "40 seats") == speaker


def test_of_two_subjects_the_parser_gives_a_speech_verb_the_speaker_is_the_one_next_to_it(nlp):
    # "Sales will rise 20%, Tory co-chairman Liam Fox said.", parsed as the tagger sometimes does in
    # longer sentences: "co" and "Fox" both subjects of "said" (the parse is written out by hand here)
    doc = Doc(
        nlp.vocab,
        words=["Sales", "will", "rise", "20", "%", ",", "Tory", "co", "-", "chairman", "Liam", "Fox", "said", "."],
        spaces=[True, True, True, False, False, True, True, False, False, True, True, True, False, False],
        heads=[2, 2, 12, 4, 2, 12, 7, 12, 12, 11, 11, 12, 12, 12],
        deps=[
            "nsubj",
            "aux",
            "ccomp",
            "nummod",
            "dobj",
            "punct",
            "compound",
            "nsubj",
            "nsubj",
            "compound",
            "compound",
            "nsubj",
            "ROOT",
            "punct",
        ],
        pos=[
            "NOUN",
            "AUX",
            "VERB",
            "NUM",
            "NOUN",
            "PUNCT",
            "PROPN",
            "NOUN",
            "NOUN",
            "NOUN",
            "PROPN",
            "PROPN",
            "VERB",
            "PUNCT",
        ],
        tags=["NNS", "MD", "VB", "CD", "NN", ",", "NNP", "NN", "NN", "NN", "NNP", "NNP", "VBD", "."],
        lemmas=["sale", "will", "rise", "20", "%", ",", "Tory", "co", "-", "chairman", "Liam", "Fox", "say", "."],
        ents=["O"] * 6 + ["B-NORP", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"],
        sent_starts=[True] + [False] * 13,
    )
    (statement,) = nlp.get_pipe("claims").extractor.findings(doc)["attribution"]
    assert statement.source is not None and statement.source.name == "Liam Fox"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # "the Chester chairman": the person the article gives the title
        (
            "Rush row\n\nChairman Steve Vaughan claims he cannot afford to sack Ian Rush. "
            'But the Chester chairman added: "They turned down the offer of 50,000 pounds."',
            "50,000 pounds",
            ("Steve Vaughan", "person"),
        ),
        # "the company" right after a firm spoke: that firm, not "Half-Life 2", the name the tagger takes
        # for an organisation most
        (
            "Piracy ban\n\nAbout 20,000 people have been banned from playing the Half-Life 2 game. "
            "Game maker Valve shut down the accounts. In its statement Valve also said that rumours that it "
            'distributed fake Half-Life 2 keys were untrue. The company said: "The hack came from 40 players."',
            "40 players",
            ("Valve", "organization"),
        ),
        # "he": the subject just before, though the tagger takes "Melzer" for an organisation there
        (
            "Upset in San Jose\n\nSecond seed Andre Agassi lost to Jurgen Melzer in the quarter-finals. "
            "Tommy Haas beat Max Mirnyi 6-2 in the other match. Melzer has now beaten Agassi in two of their "
            'three meetings.\n\n"I had a good game plan and I won 12 points in a row," he said.',
            "12 points",
            ("Jurgen Melzer", "person"),
        ),
        # the person a sentence is about is its main subject (Agassi says), not the one it reports (Melzer)
        (
            "Upset in San Jose\n\nSecond seed Andre Agassi lost to Jurgen Melzer in the quarter-finals. "
            "And Agassi said Melzer was an example of several players willing to attack. "
            '"A lot more guys hit 20 winners a match now," said the American.',
            "20 winners",
            ("Andre Agassi", "person"),
        ),
        # "the party": the one its paragraph opens on, with the words of its name the tagger left out
        (
            "Council tax plans\n\nThe Audit Commission found the system was flawed. The Audit Commission said "
            "it must change.\n\nThe Liberal Democrats would replace the council tax with a local income tax. "
            "The rate would be set locally. Councils would collect it. The party says it would aim for a £5,000 "
            "tax-free allowance.",
            "£5,000",
            ("Liberal Democrats", "organization"),
        ),
        # "he" is no one named inside someone's words (Gordon Brown, the subject of the leaflet's words)
        (
            "Trust row\n\nLib Dem leader Charles Kennedy has said voters distrust the prime minister.\n\n"
            "Mr Kennedy said he had seen leaders come and go. Voters were unhappy with the war. Polls fell in "
            'May. The party printed a leaflet: "Gordon Brown cannot win here." But he said Mr Blair had lost '
            "the trust of 60% of voters.",
            "60% of voters",
            ("Charles Kennedy", "person"),
        ),
        # "she" is no one the article calls "Mr" (Liam Fox)
        (
            "Campaign\n\nParty chair Anna Reid opened the campaign on Monday. Co-chairman Liam Fox said the "
            'leader would be accessible. On the campaign, Mr Fox said: "We have 12 days left."\n\n'
            "During an interview on ITV1 she said the party would win 40 seats.",
            "40 seats",
            ("Anna Reid", "person"),
        ),
        # "it" is no country named inside the quotation before it, but the organisation named before
        (
            "Growth outlook\n\nThe OECD published its outlook on Monday. "
            '"Growth of 2% is a challenge for the United States and for Europe," it noted.',
            "Growth of 2%",
            ("OECD", "organization"),
        ),
        # "it": the report that spoke, named by the body that wrote it (a think-tank the tagger takes for
        # a person), not the place in the sentence before
        (
            "Online habits\n\nA quarter of broadband users in Britain run their own sites, according to a "
            "report by think-tank Demos. It said that 40% of them post photographs every week.",
            "40% of them",
            ("Demos", "organization"),
        ),
        # a description of the firm the last sentence was about ("Europe's biggest drugmaker")
        (
            "Drug firm results\n\nGlaxoSmithKline saw its profits fall 9% to £6.2bn last year. "
            "Europe's biggest drugmaker says sales will rise by 5% in 2005.",
            "rise by 5%",
            ("GlaxoSmithKline", "organization"),
        ),
        # a quotation the writer left unclosed before its speaker ends at the comma: the organisation
        # said it, and the next sentence is the article's own again
        (
            UNCLOSED,
            "stay at 2%",
            ("Institute for Fiscal Studies", "organization"),
        ),
        (
            UNCLOSED,
            "Prices rose 3%",
            (None, None),
        ),
        # a description with a nationality ("the Swedish firm"): the firm the article is on
        (
            "Volvo jobs\n\nVolvo is to cut 3,000 jobs. The Swedish firm said it is to relocate about 10 of its 27 plants.",
            "27 plants",
            ("Volvo", "organization"),
        ),
        # "its developers": the organisation that "its" stands for
        (
            "Opera browser\n\nSoftware firm Opera will release its browser next month. Users can create 10 style "
            "sheets, its developers say.",
            "10 style",
            ("Opera", "organization"),
        ),
        # "Mr Bell's speech called for": Mr Bell, in his speech
        (
            "Schools warning\n\nChief inspector David Bell said 30 schools must improve. Mr Bell's speech called "
            "for 2,000 more teachers of citizenship.",
            "2,000 more",
            ("David Bell", "person"),
        ),
        # "the judges" are no one person (not the writer the article opens on)
        (
            'Levy tipped\n\nAndrea Levy has been named on the shortlist of 6 for the prize. "Her 2004 novel is '
            'a joy," wrote the judges.',
            "2004 novel",
            ("judges", "person"),
        ),
        # "the Conservative leader" whom the article never titles so: the person it opens on
        (
            "Heading the wrong way, says Howard\n\nTony Blair has failed to cut crime by 10%, Michael Howard has "
            'said.\n\n"Britain is heading in the wrong direction, with 2m more crimes," the Conservative leader said.',
            "2m more crimes",
            ("Michael Howard", "person"),
        ),
        # "he said" after a long quotation: the person who spoke last, not one named in what he says
        (
            'Howard speech\n\nTory leader Michael Howard said Tony Blair had failed. "We will cut taxes by £4bn. '
            '"We can win. "We need to change. "We are ready." This is the record Mr Blair will have to defend in '
            "2005, he said.",
            "defend in 2005",
            ("Michael Howard", "person"),
        ),
        # after "said", the person at the end of a title the parser hung on another word
        (
            'Gold sale\n\n"The US is not convinced that selling 10% of the gold is the way," said Treasury Under '
            "Secretary John Taylor.",
            "10% of the gold",
            ("John Taylor", "person"),
        ),
        (
            'Sevens\n\n"We lost 3-0 to a great side," said England sevens coach Mike Friday.',
            "3-0",
            ("Mike Friday", "person"),
        ),
        # "the lock" nobody is titled: the player the last sentence is about, not the one the article opens on
        (
            "France warning\n\nWales prop Adam Jones says his side will win 3 scrums.\n\nCaptain Fabien Pelous "
            "has acknowledged his side needs more flair. The lock believes the Welsh forwards are 10kg too light.",
            "10kg",
            ("Fabien Pelous", "person"),
        ),
        # "a spokesman" right after an organisation spoke: its spokesman
        (
            "Gurkhas\n\nBritain has offered to send 120 Gurkhas to Indonesia, Downing Street said.\n\nHowever a "
            "spokesman pointed out that there were 3 logistical difficulties.",
            "3 logistical",
            ("Downing Street spokesman", "person"),
        ),
        # "the 64-year-old": the person the story is about
        (
            "Spector trial\n\nMusic producer Phil Spector has been charged with the murder of actress Lana "
            "Clarkson in 2003.\n\nThe 64-year-old has denied the killing, saying her death was accidental.",
            "64-year-old",
            ("Phil Spector", "person"),
        ),
        # a thing that "means" something, or "pushed" a figure up, states nothing: the article's voice
        (
            "Final\n\nHearts beat Celtic 2-1 on Sunday. The win for Hearts means they will play in the final "
            "on 4 June.",
            "4 June",
            (None, None),
        ),
        (
            "US spending\n\nThe increase in sales during December pushed total spending for the month to $349.4bn.",
            "$349.4bn",
            (None, None),
        ),
        # "It means ..." after a statement: a thing that means, no one's statement
        (
            'Cup tie\n\n"The referee has confirmed it," said an FA statement. It means United\'s 2-1 win will stand.',
            "2-1 win",
            (None, None),
        ),
        # a verb inside a capitalised title is no cue ("Do They Know It's Christmas?" is not said by "They")
        (
            "Band Aid\n\nSinger Bob Geldof was in London. Do They Know It's Christmas? is expected to sell "
            "300,000 copies in 2004.",
            "300,000 copies",
            (None, None),
        ),
        # a quotation of two sentences before "said Vieira" is all his, though the parser reports only
        # its last sentence: its first is no continuation of the statement in the paragraph before
        (
            'Tunnel row\n\n"The referee dealt with it," said an FA statement. It means the 4-2 win will '
            'stand.\n\n"I did not threaten 2 players. They are big enough to handle themselves," said Vieira.',
            "2 players",
            ("Vieira", "person"),
        ),
        # a firm named beside its description is that firm, not the one the article is about
        (
            "Browser flaws\n\nMicrosoft said IE6 is 10 years old. The Internet security firm Secunia.com, has "
            "said that IE6 has 277 flaws.",
            "277 flaws",
            ("Secunia.com", "organization"),
        ),
        # "the Black Sabbath singer" whom the article never titles so: the person just talked about, when the
        # article gives that person no other title
        (
            'Osbourne quits TV\n\nOzzy Osbourne said on Monday that his family will not make 4 more series. "I did not '
            'like having 3 cameras around," the Black Sabbath singer told reporters.',
            "3 cameras",
            ("Ozzy Osbourne", "person"),
        ),
        # "the minister" after "Justice Minister Cathy Jamieson": a person
        (
            "Jail plans\n\nJustice Minister Cathy Jamieson has decided to drop the plans. The minister said: "
            '"It costs £35,000 a year to provide each prison place."',
            "£35,000",
            ("Cathy Jamieson", "person"),
        ),
        # a magazine the tagger takes for a person is a publication, by its name
        (
            "Exchange bid\n\nThe LSE rejected the bid. German magazine Der Spiegel said 2 of the talks were "
            "about the board.",
            "2 of the talks",
            ("Der Spiegel", "publication"),
        ),
        # "a spokesman for the supporters club": the club named before
        (
            "Glazer bid\n\nBut the Man Utd supporters club urged the club to reject the new deal. A spokesman "
            'for the supporters club said: "I cannot see any difference other than £200m less debt."',
            "£200m",
            ("Man Utd supporters club spokesman", "person"),
        ),
        # "the Lib Dem spokesman" is not the chancellor the sentence before is about
        (
            "Budget\n\nChancellor Gordon Brown earmarked £1bn for council tax. But the Lib Dem spokesman "
            "questioned whether 2 schools would lose money.",
            "2 schools",
            ("Lib Dem spokesman", "person"),
        ),
        # "Mr Brown's aides" are not Mr Brown (his speech would be)
        (
            "Brown trip\n\nGordon Brown is in Kenya. Mr Brown's aides say he wants to find out about 3 policies.",
            "3 policies",
            ("Mr Brown's aides", "person"),
        ),
        # "X, according to Y, has Z": the whole clause is what Y says
        (
            "Diversity\n\nWomen hold 20% of IT jobs in the UK. IBM, according to Mr Donofrio, has 30%.",
            "has 30%",
            ("Mr Donofrio", "person"),
        ),
        # a quotation that runs on into the next paragraph is the speaker's who closes it, not a
        # continuation of a statement two paragraphs up; "he" is the person named last outside
        # anyone's reported words
        (
            "Mouse\n\nKaren Walsh of the foundation said it was 1 good idea.\n\nThe adapter is the brainchild of "
            'IBM researcher Jim Levine. "I knew there must be a way to help 2 million people.\n\n"The number of '
            'elderly users will increase," he said.',
            "2 million",
            ("Jim Levine", "person"),
        ),
        # "its makers": the firm "its" stands for, never a lower-case "3km/h" the tagger took for one
        (
            "Robot\n\nHonda has made its Asimo robot run. At 3km/h, it is a jog. Its makers claim that it is 4 "
            "times as fast as Qrio.",
            "4 times",
            ("Honda", "organization"),
        ),
        # "it said" is no document the article names only as "its estimate"
        (
            "Banks\n\nThe Sri Lanka Banks Association said 30,000 loans were lost. According to its estimate, "
            "13.6% of loans were written off. State-owned lenders may lose 20%, it said.",
            "lose 20%",
            ("Sri Lanka Banks Association", "organization"),
        ),
        # a hyphenated surname keeps its full name (only "Tory-Labour" alone is no name)
        (
            "UKIP row\n\nEx-chat show host Robert Kilroy-Silk has quit UKIP. Mr Kilroy-Silk said 12 MEPs were lazy.",
            "12 MEPs",
            ("Robert Kilroy-Silk", "person"),
        ),
        # "the chief executive of a leading car maker" is not the car maker named before
        (
            'Car makers\n\nGM is the world\'s largest car maker. "The US dollar will be 10% stronger," the chief '
            "executive of a leading European car maker told BBC News.",
            "10% stronger",
            ("chief executive", "person"),
        ),
        # a spokeswoman who says whom she speaks for is not the organisation that spoke before
        (
            "Calls\n\nLabour said it obeyed the rules. A Conservative spokeswoman said the party made 2 calls.",
            "2 calls",
            ("Conservative spokeswoman", "person"),
        ),
        # "the Ealing North MP": the MP the article named ("Labour MP Stephen Pound")
        (
            'MP\n\nLabour MP Stephen Pound has told of his shock. "I was 18," said the Ealing North MP.',
            "I was 18",
            ("Stephen Pound", "person"),
        ),
        # "they" after "Millan and two friends set out ... -": the group the sentence opens on
        (
            '"It is hard to hear 2 songs," says Manuel Millan, a native of San Diego, California. Millan and two '
            "friends set out to change that - they wanted to reach 3 countries.",
            "3 countries",
            ("Millan", "government"),
        ),
        # "the Libyan central bank" names one body: no description of the firm the article is on
        (
            "Libya funds\n\nLibya has withdrawn $1bn in assets from the US, the Libyan central bank has said. The "
            "original size of the funds was $400m, the central bank told Reuters.",
            "$1bn",
            ("Libyan central bank", "unnamed"),
        ),
        # a person titled "Q magazine reviews editor" is no publication
        (
            'Band\n\nThe Bravery played in London in 2004. Q magazine reviews editor Ted Kessler said they were 5 "pretty-boy clothes horses".',
            '5 "pretty-boy',
            ("Ted Kessler", "person"),
        ),
        # "captain Desailly says" with the name hung on the verb: Desailly, not the club before the title
        (
            'Desailly\n\nFormer Chelsea captain Desailly says the 2005 side is stronger. "Mentally they are 10 '
            'times stronger," the 36-year-old said.',
            "2005 side",
            ("Desailly", "person"),
        ),
        # "he" is no party the tagger takes for a person ("Labour has offered ...")
        (
            "Tax plans\n\nLib Dem leader Charles Kennedy has told voters he will raise taxes on incomes over "
            "£100,000. Labour and the Tories attacked the plans. The Tories claim they can cut taxes. Labour has "
            "offered £22bn of savings. But, unlike the old Tory-Labour debate, he believes voters will accept a "
            "1% rise.",
            "1% rise",
            ("Charles Kennedy", "person"),
        ),
    ],
)
def test_who_a_role_or_a_pronoun_stands_for(run_all, text, words, speaker):
    assert _said_by(run_all(text), words) == speaker


def test_a_quotation_is_reported_by_the_cue_after_it_when_the_parser_roots_the_sentence_in_the_quotation(nlp):
    """'"We won 3 games in a row this season," Mr Knapman told BBC Radio.' parsed as two trees, the
    quotation's verb the root of the sentence: the cue after it still reports the whole sentence (a
    hand-written parse)."""
    sentence = '" We won 3 games in a row this season , " Mr Knapman told BBC Radio .'
    parse = (
        "punct nsubj ROOT nummod dobj prep det pobj det npadvmod punct punct compound nsubj ROOT compound dobj punct"
    )
    words = sentence.split()
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[flag == "1" for flag in "011111111001111100"],  # (no space after the opening mark, ...)
        heads=[2, 2, 2, 4, 2, 2, 7, 5, 9, 2, 2, 2, 13, 14, 14, 16, 14, 14],
        deps=parse.split(),
    )
    unit = Unit(0, len(doc), 0, len(doc))
    told = Attribution(
        "attribution.speech_clause",
        (14, 15),
        (12, 14),
        (0, 12),
        source=Source("Mr Knapman", 38, 48, "Mr Knapman", "person"),
    )
    assert unit_speaker(doc, unit, [told]) is told
