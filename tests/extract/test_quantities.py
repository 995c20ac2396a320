"""Quantities (claims/rules/quantities.yml): one sentence per case, with the figures a checker should get.

Every expected value was worked out by hand from the sentence. A figure is
``(value, unit, qualifier)``, plus the rate when the sentence gives one.
"""

from __future__ import annotations

import pytest

from claims.model import Claim


def _figures(claims: list[Claim]) -> list[tuple]:
    found = []
    for claim in claims:
        for q in claim.quantities:
            if q.vague:
                continue
            figure = (q.value, q.unit, q.qualifier) + ((q.rate,) if q.rate else ())
            found.append(figure)
    return sorted(found, key=repr)


FIGURES = [
    # money: symbols, codes, scales written out, glued or abbreviated
    ("The government earned more than $500 million annually.", [(500_000_000, "USD", ">", "year")]),
    ("The firm was sold for US$1.13bn in March.", [(1_130_000_000, "USD", "=")]),
    ("The club paid £3.5m for the striker.", [(3_500_000, "GBP", "=")]),
    ("Tickets cost 40 euros each.", [(40, "EUR", "=")]),
    ("The yacht was quoted at USD10m.", [(10_000_000, "USD", "=")]),
    ("Passengers paid HK $216,925 for the flights.", [(216_925, "HKD", "=")]),
    ("The takeover was worth PS8.1bn.", [(8_100_000_000, "GBP", "=")]),
    ("The fine could be $3 billion to $5 billion.", [([3e9, 5e9], "USD", "=")]),
    ("Homes sell for from $370,000 to $5.5 million.", [([370_000, 5_500_000], "USD", "=")]),
    ("Claims range from $200 to $4 million.", [([200, 4_000_000], "USD", "=")]),
    ("Apple had projected US $89 to $93 billion.", [([89e9, 93e9], "USD", "=")]),
    ("The shares were offered at $62 per share.", [(62, "USD per share", "=")]),
    ("The shares were priced between $62 and $68 per share.", [([62, 68], "USD per share", "=")]),
    (
        "Customers with more than 7.5 million Danish crowns (US$1.1 million) will pay.",
        [(1_100_000, "USD", ">"), (7_500_000, "DKK", ">")],
    ),
    ("The stock closed down 68p at 1,112p.", [(68, "GBX", "down"), (1112, "GBX", "=")]),
    ("Trade figures fell to $-50.8bn in April.", [(-50_800_000_000, "USD", "=")]),  # the level it fell to
    # percentages and points; changes
    ("Shares in the miner rose 76% after the report.", [(76, "percent", "up")]),
    ("Unemployment fell by 2 percentage points.", [(2, "percentage_point", "down")]),
    ("Margins improved by 60 basis points.", [(60, "basis_point", "up")]),
    ("Britain can borrow at 1.38pc for fifty years.", [(1.38, "percent", "="), (50, "year", "=")]),
    ("Fees rose 10-20% after the change.", [([10, 20], "percent", "up")]),
    ("Prices are expected to increase between 5% and 6%.", [([5, 6], "percent", "up")]),  # the size of the rise
    ("Sales were up 2.8% and costs were down 1.9%.", [(1.9, "percent", "down"), (2.8, "percent", "up")]),
    ("The S&P 500 rose 0.3% in early trade.", [(0.3, "percent", "up")]),
    ("On Wall Street: Dow +0.2% Nasdaq +0.8%.", [(0.2, "percent", "up"), (0.8, "percent", "up")]),
    # counts and number words
    ("At least 36 shells hit the town.", [(36, "shell", ">=")]),
    ("Half a million people left the city.", [(500_000, "person", "=")]),
    ("A dozen officers were at the scene.", [(12, "officer", "=")]),
    ("Nearly two-thirds of voters backed the plan.", [(pytest.approx(2 / 3), None, "<")]),
    ("Forty-one percent of voters backed the plan.", [(41, "percent", "=")]),
    ("Twenty-five employees were laid off in March.", [(25, "employee", "=")]),
    ("One-third of the budget went to schools.", [(pytest.approx(1 / 3), None, "=")]),
    ("About 3/4 of voters agreed.", [(0.75, None, "~")]),
    ("Between 10 and 20 people were hurt in the crash.", [([10, 20], "person", "=")]),
    ("It took three or four years to build.", [([3, 4], "year", "=")]),
    ("The new plant will produce 1 to 2 thousand tonnes a day.", [([1000, 2000], "tonne", "=", "day")]),
    ("Hundreds of miles of road were closed.", [([100, 1000], "mile", "=")]),
    ("Tens of thousands of students study there.", [([10_000, 100_000], "student", "=")]),
    ("Lampard won four FA Cup finals with Chelsea.", [(4, "fa cup final", "=")]),
    ("There are four different bosses to battle.", [(4, "different boss", "=")]),
    ("Five other players were injured.", [(5, "player", "=")]),
    ("He signed for two more years.", [(2, "year", "=")]),
    ("An estimated 5,000 protesters marched.", [(5000, "protester", "~")]),
    ("A stunning 40 goals were scored.", [(40, "goal", "=")]),
    ("The city hired 3 additional officers.", [(3, "officer", "=")]),
    ("The 11 member trade agreement covers Asia.", [(11, "member trade agreement", "=")]),
    ("Senard, 65, will lead the group.", [(65, "year of age", "=")]),
    ("She turned 90 on Monday.", [(90, "year of age", "=")]),
    ("He was 17 when he left school.", [(17, "year of age", "=")]),
    ("The rate is 12 now.", [(12, None, "=")]),
    # measures: the longest written unit wins, glued or hyphenated
    ("The battery holds 5.5kWh and the motor makes 6kW.", [(5.5, "kilowatt hour", "="), (6, "kilowatt", "=")]),
    ("The phone has a 6.1-inch screen.", [(6.1, "inch", "=")]),
    ("The car reaches 100km/hr in 3.5 seconds.", [(3.5, "second", "="), (100, "kilometre per hour", "=")]),
    ("It was travelling at 15 to 22 miles per hour.", [([15, 22], "mile per hour", "=")]),
    ("Temperatures dropped by 1 to 1.5 degrees Celsius.", [([1, 1.5], "celsius", "down")]),
    ("The 1520 sq m medical centre is leased.", [(1520, "square metre", "=")]),
    ("He weighed 208 pounds.", [(208, "pound-mass", "=")]),
    ("The engine makes 275 pound-feet of torque.", [(275, "pound-foot", "=")]),
    ("The bridge is 500m long.", [(500, "metre", "=")]),
    ("The firm makes sub-7 nanometre chips.", [(7, "nanometre", "<")]),
    ("The offence finished with minus-5 yards.", [(-5, "yard", "=")]),
    ("We used a 5-10W laser for heating.", [([5, 10], "watt", "=")]),
    ("A 200,000 to-260,000 year-old skull was found.", [([200_000, 260_000], "year of age", "=")]),
    ("The plume extends about 800 miles per hour.", [(800, "mile per hour", "~")]),
    ("The current density fell from 1.3 A/cm2 to 0.03 A/cm2.", [([0.03, 1.3], "ampere per square centimetre", "=")]),
    ("Seas could rise 11 feet per century, flooding towns by 2120.", [(11, "foot per century", "up")]),
    # a fraction of one unit; the fraction slash (U+2044)
    ("The lake is three-quarters of a mile wide.", [(0.75, "mile", "=")]),
    ("A dime is 1⁄10 of a US dollar.", [(0.1, "USD", "=")]),
    ("The recipe needs 1/2 of a teaspoon of salt.", [(0.5, "teaspoon", "=")]),
    # a unit written once at the end of a series of hyphenated numbers
    (
        "The buses have four-, five- and six-cylinder engines.",
        [(4, "cylinder", "="), (5, "cylinder", "="), (6, "cylinder", "=")],
    ),
    ("The firm builds 10- and 20-megawatt turbines.", [(10, "megawatt", "="), (20, "megawatt", "=")]),
    # a bare figure takes the unit of the figure it is read against
    ("So far 40 million of the 90 million euros is in hand.", [(40_000_000, "EUR", "="), (90_000_000, "EUR", "=")]),
    (
        "Mileage rose from about 20-22 mpg to 30 over the decade.",
        [([20, 22], "mile per gallon", "~"), (30, "mile per gallon", "=")],  # two levels; the change is kept apart
    ),
    ("The index lost 1% to 950 on Monday.", [(1, "percent", "down"), (950, None, "=")]),
    # "per" a noun makes a compound unit; a rate in time stays the rate
    ("The drug costs €1,200 per dose.", [(1200, "EUR per dose", "=")]),
    ("Women had 2.1 children per woman on average.", [(2.1, "child per woman", "=")]),
    ("His heart beat at 120 beats per minute.", [(120, "beat", "=", "minute")]),
    ("The plant uses 300 megawatt-hours a week.", [(300, "megawatt hour", "=", "week")]),
    ("The deal gets you 54GB of data for a month.", [(54, "gigabyte", "=")]),
    ("Most rocks score between 3 and 5 on the GPa scale.", [([3, 5], "gigapascal", "=")]),
    # Indian scale words; a sign written as a word before a glued figure
    ("The fund has 15 crore rupees in reserve.", [(150_000_000, "INR", "=")]),
    ("About 3 lakh people were evacuated.", [(300_000, "person", "~")]),
    ("Temperatures fell to minus 5C overnight.", [(-5, "celsius", "=")]),
    # "a noun or two": the second figure counts the noun of the first
    ("The repairs should take a week or two.", [(2, "week", "=")]),
    # a bare figure in a clause that repeats an earlier one takes its percentage or points
    ("The DAX gained by 2 percent but the CAC lost by 1.", [(2, "percent", "up"), (1, "percent", "down")]),
    (
        "The TA-35 ended at 1,463.78 points, while the TA-125 ended at 1,334.20.",
        [(1463.78, "point", "="), (1334.2, "point", "=")],
    ),
    ("The euro was at $1.14 and the dollar index at 96.1.", [(1.14, "USD", "="), (96.1, None, "=")]),
    # a bare figure joined to a share or a measure by "and" takes its unit
    ("Turnout was 64 percent in 2015 and 58 in 2019.", [(64, "percent", "="), (58, "percent", "=")]),
    # units from pint's definitions: temperatures as news writes them, areas, volumes, speeds, energy, data
    ("Her temperature was 98.6 degrees f on Monday.", [(98.6, "fahrenheit", "=")]),
    ("it was 6 deg c at dawn.", [(6, "celsius", "=")]),
    ("The water was at 40 degrees Celsius.", [(40, "celsius", "=")]),
    ("The farm covers 1,200 hectares and 3,000 acres.", [(1200, "hectare", "="), (3000, "acre", "=")]),
    ("The fire burned about 20 square miles.", [(20, "square mile", "~")]),
    ("The tank holds 500 imperial gallons.", [(500, "imperial gallon", "=")]),
    ("Winds reached 120 knots.", [(120, "knot", "=")]),
    ("The trains run at 320 kilometres an hour.", [(320, "kilometre per hour", "=")]),
    ("Workers got a dose of 20 millisieverts.", [(20, "millisievert", "=")]),
    ("The reactor makes 1.2 gigawatts.", [(1.2, "gigawatt", "=")]),
    ("The dam generates 2.5 terawatt-hours a year.", [(2.5, "terawatt hour", "=", "year")]),
    ("Broadband runs at 300 Mbps.", [(300, "megabit per second", "=")]),
    ("She bought 1.5 troy ounces of gold.", [(1.5, "troy ounce", "=")]),
    ("The blast released 15 kilotonnes of energy.", [(15, "kilotonne", "=")]),
    ("The team played 30 league games last season.", [(30, "league game", "=")]),  # a league is also a pint unit
    # currencies from ISO 4217 data (babel): names, the word that says which, symbols, codes; newsroom prefixes
    ("the deal was worth c $ 16.4 million.", [(16_400_000, "CAD", "=")]),
    ("The club took NZ $ 26 million from fans.", [(26_000_000, "NZD", "=")]),
    ("The firm paid C$16.4 million and A$3bn.", [(16_400_000, "CAD", "="), (3_000_000_000, "AUD", "=")]),
    ("There is a $5 fee.", [(5, "USD", "=")]),
    ("Gold traded at 1,900 Swiss francs.", [(1900, "CHF", "=")]),
    ("The fine was 500 zloty and 10,000 Kenyan shillings.", [(500, "PLN", "="), (10_000, "KES", "=")]),
    ("It cost 2 million baht and 3 billion rupiah.", [(2_000_000, "THB", "="), (3_000_000_000, "IDR", "=")]),
    ("Petrobras made R$3bn and Maybank closed at RM23.50.", [(3_000_000_000, "BRL", "="), (23.5, "MYR", "=")]),
    ("Tickets cost 40 EUR or 45 chf each.", [(40, "EUR", "="), (45, "CHF", "=")]),
    ("Sales grew 18% from $1.17 billion a year earlier.", [(18, "percent", "up"), (1_170_000_000, "USD", "=")]),
    # what is not a quantity: names, phone numbers, addresses, identifiers, years, scores, times
    ("Apple's iPhone 11 sold well in China.", []),
    ("The FTSE 100 closed higher.", []),
    ("Call 555-123-4567 for details.", []),
    ("Dial (212) 555-1234 for tickets.", []),
    ("She lives at 221 Baker Street.", []),
    ("Properties include 358 El Brillo Way in Palm Beach.", []),
    ("The rule is set out in section 12 of the act.", []),
    ("Fans in row 5 could not see the stage.", []),
    ("The report was published in 2019.", []),
    ("Arsenal won 3-1 against Chelsea on Saturday.", []),
    ("They struggled in the final third of the pitch.", []),
    ("Reusing the same one across accounts is risky.", []),
    ("The meeting starts at 10:30 in the town hall.", []),
    ("The 9/11 Commission said the country was safer.", []),
    ("After 9/11, airport security was tightened.", []),
]


@pytest.mark.parametrize("text, expected", FIGURES, ids=[t for t, _ in FIGURES])
def test_figures(run_all, text, expected):  # values of a sentence, whatever its priority
    assert _figures(run_all(text)) == sorted(expected, key=repr)


def test_figure_text_covers_the_bound_and_the_rate(run):
    (claim,) = [c for c in run("The government earned more than $500 million annually.") if c.quantities]
    assert claim.quantities[0].text == "more than $500 million annually"
    assert (claim.quantities[0].kind, claim.type) == ("money", "quantity")


@pytest.mark.parametrize(
    "text, word, of",
    [
        ("Russia said the majority of North Korean workers were repatriated.", "majority", "North Korean workers"),
        ("Several Russian construction supervisors confirmed it.", "Several", "Russian construction supervisors"),
    ],
)
def test_vague_quantifiers_are_kept_as_words(run, text, word, of):
    vague = [q for c in run(text) for q in c.quantities if q.vague]
    assert [(q.text, q.of, q.value) for q in vague] == [(word, of, None)]


def test_offsets_point_at_the_figure(run):
    text = "Nintendo plunged 4.28 percent to Y=28,030 while Sony lost 2.70 percent."
    for claim in run(text):
        for q in claim.quantities:
            assert text[q.start : q.end] == q.text
    values = _figures(run(text))
    assert (28_030, "JPY", "=") in values and (4.28, "percent", "down") in values and (2.7, "percent", "down") in values
