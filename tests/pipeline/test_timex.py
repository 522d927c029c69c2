"""Time expressions: extents, TIMEX3 types and values against an anchor date, and sentence dates.

Every sentence here is written for these tests; none comes from a corpus.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.ingest.readers import read_text
from dateline.model import AnnotatedArticle, Article
from dateline.pipeline.base import make_pipeline, run_pipeline
from dateline.pipeline.timex import TimexStage, dated_sentences, dateline_end, extract_timexes

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

JUN16 = date(2020, 6, 16)  # a Tuesday, ISO week 25
DEC26 = date(2019, 12, 26)  # a Thursday
MAR10 = date(2021, 3, 10)  # a Wednesday
AUG01 = date(2022, 8, 1)  # a Monday
NOV02 = date(2021, 11, 2)  # a Tuesday

D, T, DUR, SET = "DATE", "TIME", "DURATION", "SET"

CASES = [
    # --- weekdays: the same day, the last one (past tense), the next one (future)
    ("The minister spoke to reporters on Tuesday.", JUN16, [("Tuesday", D, "2020-06-16")]),
    ("The talks collapsed on Friday.", JUN16, [("Friday", D, "2020-06-12")]),
    ("The delegation will arrive on Friday.", JUN16, [("Friday", D, "2020-06-19")]),
    ("Voters go to the polls next Sunday.", JUN16, [("next Sunday", D, "2020-06-21")]),
    ("The summit ended last Monday.", JUN16, [("last Monday", D, "2020-06-15")]),
    ("He said on Thursday that the talks would resume.", DEC26, [("Thursday", D, "2019-12-26")]),
    (
        "Officials met on Monday and will meet again on Thursday.",
        DEC26,
        [("Monday", D, "2019-12-23"), ("Thursday", D, "2019-12-26")],
    ),
    ("Markets closed lower on Wednesday.", DEC26, [("Wednesday", D, "2019-12-25")]),
    ("The court is expected to rule on Tuesday.", DEC26, [("Tuesday", D, "2019-12-31")]),
    ("The report was published on Saturday.", MAR10, [("Saturday", D, "2021-03-06")]),
    ("The strike will end on Monday.", MAR10, [("Monday", D, "2021-03-15")]),
    ("She met the president this past Saturday.", MAR10, [("this past Saturday", D, "2021-03-06")]),
    ("The office reopens this coming Monday.", MAR10, [("this coming Monday", D, "2021-03-15")]),
    ("The rebels attacked the base on Sunday.", MAR10, [("Sunday", D, "2021-03-07")]),
    ("The envoy is scheduled to land on Saturday.", MAR10, [("Saturday", D, "2021-03-13")]),
    ("The previous Friday, the company had announced cuts.", MAR10, [("The previous Friday", D, "2021-03-05")]),
    ("Talks will resume on Thursday.", MAR10, [("Thursday", D, "2021-03-11")]),
    ("The verdict came on Monday.", AUG01, [("Monday", D, "2022-08-01")]),
    ("The ship docked on Friday.", AUG01, [("Friday", D, "2022-07-29")]),
    ("The parliament will vote on Wednesday.", AUG01, [("Wednesday", D, "2022-08-03")]),
    ("The ceasefire was planned to start on Friday.", AUG01, [("Friday", D, "2022-08-05")]),
    ("The talks are set to resume on Thursday.", AUG01, [("Thursday", D, "2022-08-04")]),
    ("Officials said Friday's decision was final.", AUG01, [("Friday", D, "2022-07-29")]),
    # --- times of day
    ("The ceasefire will begin at 10:30 a.m. Thursday.", DEC26, [("10:30 a.m. Thursday", T, "2019-12-26T10:30")]),
    ("Protesters gathered again Thursday morning.", DEC26, [("Thursday morning", T, "2019-12-26TMO")]),
    ("The envoy arrived Sunday night.", JUN16, [("Sunday night", T, "2020-06-14TNI")]),
    ("Negotiators met on Thursday afternoon.", MAR10, [("Thursday afternoon", T, "2021-03-04TAF")]),
    ("The blast occurred at 10:35 a.m. near the station.", MAR10, [("10:35 a.m.", T, "2021-03-10T10:35")]),
    ("Trading halted at 3 p.m. after the news.", MAR10, [("3 p.m.", T, "2021-03-10T15:00")]),
    ("The curfew starts at midnight.", MAR10, [("midnight", T, "2021-03-10T24:00")]),
    ("He left at 9 a.m. yesterday.", MAR10, [("9 a.m. yesterday", T, "2021-03-09T09:00")]),
    ("Rescuers arrived this morning.", MAR10, [("this morning", T, "2021-03-10TMO")]),
    ("The fire broke out last night.", MAR10, [("last night", T, "2021-03-09TNI")]),
    ("The results are due tonight.", MAR10, [("tonight", T, "2021-03-10TNI")]),
    ("The statement came out yesterday afternoon.", MAR10, [("yesterday afternoon", T, "2021-03-09TAF")]),
    ("Shares rose sharply at 14:30 GMT.", MAR10, [("14:30 GMT", T, "2021-03-10T14:30")]),
    ("Trading resumed at 1430 GMT.", MAR10, [("1430 GMT", T, "2021-03-10T14:30")]),
    ("The quake struck at 1653 local time.", MAR10, [("1653 local time", T, "2021-03-10T16:53")]),
    # tokenized text, as in the T17 corpus
    (
        "Markets fell on Thursday , June 17 , 2010 , in New York .",
        MAR10,
        [("Thursday , June 17 , 2010", D, "2010-06-17")],
    ),
    ("It was clear that Tuesday 's quake was strong .", date(2010, 1, 13), [("Tuesday", D, "2010-01-12")]),
    ("The hearing is set for the week of March 6.", date(2000, 2, 24), [("the week of March 6", D, "2000-W10")]),
    (
        "The quarry reopened in the third quarter. Output was flat with the quarter a year ago.",
        date(2020, 11, 2),
        [("the third quarter", D, "2020-Q3"), ("the quarter a year ago", D, "2019-Q3")],
    ),
    ("The vote will close at noon Friday.", MAR10, [("noon Friday", T, "2021-03-12T12:00")]),
    ("The convoy left at 6 o'clock.", MAR10, [("6 o'clock", T, "2021-03-10T06:00")]),
    ("Guards will open the gates at 4 in the morning.", MAR10, [("4 in the morning", T, "2021-03-10T04:00")]),
    # --- days and months written without a year
    ("On January 19, a conference on the crisis took place in Berlin.", JUN16, [("January 19", D, "2020-01-19")]),
    ("The bill will be presented to parliament in January.", DEC26, [("January", D, "2020-01")]),
    ("The elections were held in March.", MAR10, [("March", D, "2021-03")]),
    ("Trade fell sharply in November.", MAR10, [("November", D, "2020-11")]),
    ("The treaty will take effect in September.", MAR10, [("September", D, "2021-09")]),
    ("The company reported a loss on Dec. 15.", MAR10, [("Dec. 15", D, "2020-12-15")]),
    ("Payments resume on April 1.", MAR10, [("April 1", D, "2021-04-01")]),
    ("On June 6, an initiative was published in Cairo.", JUN16, [("June 6", D, "2020-06-06")]),
    ("The fighting stopped on June 8.", JUN16, [("June 8", D, "2020-06-08")]),
    ("The deadline was extended to Nov. 20.", date(2021, 10, 28), [("Nov. 20", D, "2021-11-20")]),
    (
        "The dividend is payable Jan. 2 to holders of record Dec. 15.",
        NOV02,
        [("Jan. 2", D, "2022-01-02"), ("Dec. 15", D, "2021-12-15")],
    ),
    ("Prices peaked in late November.", date(2022, 1, 15), [("late November", D, "2021-11")]),
    ("The offensive started in early March.", date(2022, 5, 1), [("early March", D, "2022-03")]),
    ("The report is due in mid-November.", date(2021, 10, 1), [("mid-November", D, "2021-11")]),
    ("The inquiry continued until the end of June.", AUG01, [("the end of June", D, "2022-06")]),
    ("Last April the firm hired 200 workers.", AUG01, [("Last April", D, "2022-04")]),
    ("This September the school will reopen.", AUG01, [("This September", D, "2022-09")]),
    ("Next January the law expires.", AUG01, [("Next January", D, "2023-01")]),
    ("The plant opened in June last year.", AUG01, [("June last year", D, "2021-06")]),
    ("The harvest began in the middle of October.", date(2022, 11, 20), [("the middle of October", D, "2022-10")]),
    ("The deal closed on the 3rd of May.", AUG01, [("the 3rd of May", D, "2022-05-03")]),
    ("Workers returned on 14 March.", MAR10, [("14 March", D, "2021-03-14")]),
    ("A new round begins on March twenty-first.", MAR10, [("March twenty-first", D, "2021-03-21")]),
    ("December's figures were revised.", MAR10, [("December", D, "2020-12")]),
    # --- full dates
    ("Talks began on 16 June 2020 in Geneva.", MAR10, [("16 June 2020", D, "2020-06-16")]),
    ("The deal was signed on Aug. 7, 1998.", MAR10, [("Aug. 7, 1998", D, "1998-08-07")]),
    ("The accord was signed on Friday, Aug. 7, 1998.", MAR10, [("Friday, Aug. 7, 1998", D, "1998-08-07")]),
    ("The plant closed in January 2009.", MAR10, [("January 2009", D, "2009-01")]),
    ("The museum was founded on March 3, 1901.", MAR10, [("March 3, 1901", D, "1901-03-03")]),
    ("The filing is dated 2019-11-04.", MAR10, [("2019-11-04", D, "2019-11-04")]),
    ("The form was signed on 11/04/2019.", MAR10, [("11/04/2019", D, "2019-11-04")]),
    ("The editorial ran on Monday, Oct. 26, 1998.", MAR10, [("Monday, Oct. 26, 1998", D, "1998-10-26")]),
    ("The inquiry runs until March 2022.", MAR10, [("March 2022", D, "2022-03")]),
    ("Founded in September of 1955, the club grew fast.", MAR10, [("September of 1955", D, "1955-09")]),
    # --- ranges and lists
    ("The talks took place between June 6 and 8.", JUN16, [("June 6", D, "2020-06-06"), ("8", D, "2020-06-08")]),
    ("Flights were halted on June 6 and 8.", JUN16, [("June 6", D, "2020-06-06"), ("8", D, "2020-06-08")]),
    ("The festival will run from July 3 to 5.", JUN16, [("July 3", D, "2020-07-03"), ("5", D, "2020-07-05")]),
    ("The fair was held Aug. 7-8, 1998.", MAR10, [("Aug. 7", D, "1998-08-07"), ("8, 1998", D, "1998-08-08")]),
    ("Meetings were held on June 6 and July 8.", JUN16, [("June 6", D, "2020-06-06"), ("July 8", D, "2020-07-08")]),
    ("Prices rose from 1990 to 1995.", MAR10, [("1990", D, "1990"), ("1995", D, "1995")]),
    # --- today, yesterday, tomorrow
    ("Today the parliament approved the budget.", MAR10, [("Today", D, "2021-03-10")]),
    ("The ministers met yesterday.", MAR10, [("yesterday", D, "2021-03-09")]),
    ("The court will decide tomorrow.", MAR10, [("tomorrow", D, "2021-03-11")]),
    ("The talks ended the day before yesterday.", MAR10, [("the day before yesterday", D, "2021-03-08")]),
    ("Results are expected the day after tomorrow.", MAR10, [("the day after tomorrow", D, "2021-03-12")]),
    ("Late yesterday the rebels withdrew.", MAR10, [("Late yesterday", D, "2021-03-09")]),
    ("Earlier today the minister resigned.", MAR10, [("Earlier today", D, "2021-03-10")]),
    # --- relative to the publication date
    ("Prices rose sharply last week.", JUN16, [("last week", D, "2020-W24")]),
    ("The agency will publish its report next week.", JUN16, [("next week", D, "2020-W26")]),
    ("Talks continue this week.", JUN16, [("this week", D, "2020-W25")]),
    ("The company was sold last month.", JUN16, [("last month", D, "2020-05")]),
    ("Sales will recover next month.", JUN16, [("next month", D, "2020-07")]),
    ("Exports fell this month.", JUN16, [("this month", D, "2020-06")]),
    ("The law was passed last year.", JUN16, [("last year", D, "2019")]),
    ("Elections are due next year.", JUN16, [("next year", D, "2021")]),
    ("Inflation slowed this year.", JUN16, [("this year", D, "2020")]),
    ("Earlier this month, the bank cut rates.", JUN16, [("Earlier this month", D, "2020-06")]),
    ("The minister resigned earlier this year.", JUN16, [("earlier this year", D, "2020")]),
    ("The mine will close later this year.", JUN16, [("later this year", D, "2020")]),
    ("Unemployment rose late last year.", JUN16, [("late last year", D, "2019")]),
    ("The bridge will be finished early next year.", JUN16, [("early next year", D, "2021")]),
    ("Repairs start at the end of this week.", JUN16, [("the end of this week", D, "2020-W25")]),
    ("Growth picked up in mid-2019.", JUN16, [("mid-2019", D, "2019")]),
    ("The company filed for bankruptcy two years ago.", JUN16, [("two years ago", D, "2018")]),
    ("The war ended almost ten years ago.", JUN16, [("almost ten years ago", D, "2010")]),
    ("The office opened three months ago.", JUN16, [("three months ago", D, "2020-03")]),
    ("The ship sank six weeks ago.", JUN16, [("six weeks ago", D, "2020-W19")]),
    ("The mayor resigned five days ago.", JUN16, [("five days ago", D, "2020-06-11")]),
    ("The state was destroyed more than four decades ago.", JUN16, [("more than four decades ago", D, "1980")]),
    ("The firm moved here a few years ago.", JUN16, [("a few years ago", D, "PAST_REF")]),
    ("A year earlier, the bank had posted a loss.", JUN16, [("A year earlier", D, "2019")]),
    ("The plan had been proposed two years earlier.", JUN16, [("two years earlier", D, "2018")]),
    ("The ruling will come into force three weeks from now.", JUN16, [("three weeks from now", D, "2020-W28")]),
    ("Over the weekend, the rebels regrouped.", JUN16, [("the weekend", D, "2020-W24-WE")]),
    ("The talks continue this weekend.", JUN16, [("this weekend", D, "2020-W25-WE")]),
    # --- seasons
    ("The market will reopen this spring.", JUN16, [("this spring", D, "2020-SP")]),
    ("Farmers expect rain this summer.", JUN16, [("this summer", D, "2020-SU")]),
    ("The strike began last fall.", JUN16, [("last fall", D, "2019-FA")]),
    ("The bridge will open next winter.", JUN16, [("next winter", D, "2020-WI")]),
    ("The talks resumed in the spring of 2018.", JUN16, [("the spring of 2018", D, "2018-SP")]),
    ("Floods hit the region in early summer.", date(2020, 9, 1), [("early summer", D, "2020-SU")]),
    ("The offensive began in winter 1942.", JUN16, [("winter 1942", D, "1942-WI")]),
    # --- present, past and future references
    ("Recently, the government changed course.", JUN16, [("Recently", D, "PAST_REF")]),
    ("The country is now at peace.", JUN16, [("now", D, "PRESENT_REF")]),
    ("Currently, two governments compete for power.", JUN16, [("Currently", D, "PRESENT_REF")]),
    ("Nobody knows what the future holds.", JUN16, [("the future", D, "FUTURE_REF")]),
    ("Costs will rise in the near future.", JUN16, [("the near future", D, "FUTURE_REF")]),
    ("In the past, such deals were rare.", JUN16, [("the past", D, "PAST_REF")]),
    ("Right now the border is closed.", JUN16, [("Right now", D, "PRESENT_REF")]),
    ("The army will withdraw soon.", JUN16, [("soon", D, "FUTURE_REF")]),
    ("They want the prisoners freed as soon as possible.", JUN16, [("as soon as possible", D, "FUTURE_REF")]),
    ("The firm's current chief took over in 2018.", JUN16, [("current", D, "PRESENT_REF"), ("2018", D, "2018")]),
    ("The issue will be settled at a later date.", JUN16, [("a later date", D, "FUTURE_REF")]),
    ("She hopes he will one day return home.", JUN16, [("one day", D, "FUTURE_REF")]),
    # --- quarters, halves, fiscal years
    ("The economy grew in the third quarter.", JUN16, [("the third quarter", D, "2019-Q3")]),
    ("Profits rose in the third quarter of 2019.", JUN16, [("the third quarter of 2019", D, "2019-Q3")]),
    ("The firm expects a recovery in the fourth quarter.", JUN16, [("the fourth quarter", D, "2020-Q4")]),
    ("First-quarter earnings were released.", JUN16, [("First-quarter", D, "2020-Q1")]),
    ("Analysts praised the third-quarter results.", date(2020, 11, 2), [("third-quarter", D, "2020-Q3")]),
    ("Revenue fell 5% in fiscal 2019.", JUN16, [("fiscal 2019", D, "2019")]),
    ("Sales rose in the first half of 2019.", JUN16, [("the first half of 2019", D, "2019-H1")]),
    ("Growth slowed in the second half.", JUN16, [("the second half", D, "2019-H2")]),
    ("Q3 2020 results were strong.", JUN16, [("Q3 2020", D, "2020-Q3")]),
    ("The company expects to break even next quarter.", JUN16, [("next quarter", D, "2020-Q3")]),
    ("Profit fell last quarter.", JUN16, [("last quarter", D, "2020-Q1")]),
    ("Output rose in the 2019 second quarter.", JUN16, [("the 2019 second quarter", D, "2019-Q2")]),
    ("This year's first quarter was weak.", JUN16, [("This year's first quarter", D, "2020-Q1")]),
    (
        "Profit rose in the third quarter. A year earlier the firm lost money.",
        date(2020, 11, 2),
        [("the third quarter", D, "2020-Q3"), ("A year earlier", D, "2019-Q3")],
    ),
    (
        "Net income rose in the second quarter, compared with the year-earlier period.",
        AUG01,
        [("the second quarter", D, "2022-Q2"), ("the year-earlier period", D, "2021-Q2")],
    ),
    ("Net income rose 8% in the first nine months.", AUG01, [("the first nine months", DUR, "P9M")]),
    # --- decades, centuries, years
    ("Tensions date back to the 1990s.", JUN16, [("the 1990s", D, "199X")]),
    ("The city grew in the early 1980s.", JUN16, [("the early 1980s", D, "198X")]),
    ("During the 1980s the city grew.", JUN16, [("the 1980s", D, "198X")]),
    ("Music from the '60s filled the hall.", JUN16, [("the '60s", D, "196X")]),
    ("The city was rebuilt in the 20th century.", JUN16, [("the 20th century", D, "19")]),
    ("The temple dates from the twelfth century.", JUN16, [("the twelfth century", D, "11")]),
    ("The treaty was signed in 1998.", JUN16, [("1998", D, "1998")]),
    ("The law applies since 2015.", JUN16, [("2015", D, "2015")]),
    ("The war ended in nineteen ninety-six.", JUN16, [("nineteen ninety-six", D, "1996")]),
    ("The plan covers the year two thousand.", JUN16, [("the year two thousand", D, "2000")]),
    ("Profits will rise in 2024 or later.", JUN16, [("2024 or later", D, "2024")]),
    ("The 2016 election changed the country.", JUN16, [("2016", D, "2016")]),
    # --- anchored on the previous date of the text
    (
        "On June 6, talks began. The next day, rebels attacked the airport.",
        JUN16,
        [("June 6", D, "2020-06-06"), ("The next day", D, "2020-06-07")],
    ),
    (
        "The ceasefire started on March 3. A day later it collapsed.",
        MAR10,
        [("March 3", D, "2021-03-03"), ("A day later", D, "2021-03-04")],
    ),
    (
        "The accord was signed on May 5, 2019. The following day, troops withdrew.",
        JUN16,
        [("May 5, 2019", D, "2019-05-05"), ("The following day", D, "2019-05-06")],
    ),
    (
        "Troops arrived on Monday. Two days later, the fighting stopped.",
        MAR10,
        [("Monday", D, "2021-03-08"), ("Two days later", D, "2021-03-10")],
    ),
    (
        "The company was founded in 2001 and went public a year later.",
        JUN16,
        [("2001", D, "2001"), ("a year later", D, "2002")],
    ),
    (
        "The flood came on April 2, 2019. That same day the dam broke.",
        JUN16,
        [("April 2, 2019", D, "2019-04-02"), ("That same day", D, "2019-04-02")],
    ),
    # an anaphor in a new sentence continues the story's day, not a day in a subordinate clause
    (
        "The minister spoke on Tuesday, adding that the bill could pass around June 20. "
        "The president called him the same day.",
        JUN16,
        [("Tuesday", D, "2020-06-16"), ("June 20", D, "2020-06-20"), ("the same day", D, "2020-06-16")],
    ),
    (
        "The leaders on Tuesday called for a truce from midnight on June 20. The envoy met them the same day.",
        JUN16,
        [("Tuesday", D, "2020-06-16"), ("June 20", D, "2020-06-20"), ("the same day", D, "2020-06-16")],
    ),
    (
        "He called for elections to be held in March.",
        date(2020, 8, 21),
        [("March", D, "2021-03")],
    ),
    (
        "The truce will begin at 6 a.m. on June 18.",
        JUN16,
        [("6 a.m.", "TIME", "2020-06-18T06:00"), ("June 18", D, "2020-06-18")],
    ),
    (
        "He was arrested on Oct. 23, 1998. The previous day he had fled.",
        JUN16,
        [("Oct. 23, 1998", D, "1998-10-23"), ("The previous day", D, "1998-10-22")],
    ),
    (
        "The flood struck in 2011. Later that year the dam was rebuilt.",
        JUN16,
        [("2011", D, "2011"), ("Later that year", D, "2011")],
    ),
    (
        "The ship left on Sept. 3, 2004, and arrived the next morning.",
        JUN16,
        [("Sept. 3, 2004", D, "2004-09-03"), ("the next morning", T, "2004-09-04TMO")],
    ),
    # --- durations
    ("For over a year, the two sides have fought for the capital.", JUN16, [("over a year", DUR, "P1Y")]),
    ("The siege lasted three days.", JUN16, [("three days", DUR, "P3D")]),
    ("He served two and a half years in prison.", JUN16, [("two and a half years", DUR, "P2Y6M")]),
    ("The flight took 16 hours.", JUN16, [("16 hours", DUR, "PT16H")]),
    ("They negotiated for 45 minutes.", JUN16, [("45 minutes", DUR, "PT45M")]),
    ("The project will take several years.", JUN16, [("several years", DUR, "PXY")]),
    ("The contract runs for a decade.", JUN16, [("a decade", DUR, "P10Y")]),
    ("The inquiry could last up to six months.", JUN16, [("up to six months", DUR, "P6M")]),
    ("The two-year plan was approved.", JUN16, [("two-year", DUR, "P2Y")]),
    ("It was his first visit in nearly two decades.", JUN16, [("nearly two decades", DUR, "P20Y")]),
    ("She has lived there for more than 40 years.", JUN16, [("more than 40 years", DUR, "P40Y")]),
    ("The rebels held the town for at least 72 hours.", JUN16, [("at least 72 hours", DUR, "PT72H")]),
    ("The talks lasted about an hour.", JUN16, [("an hour", DUR, "PT1H")]),
    ("The trial lasted a fortnight.", JUN16, [("a fortnight", DUR, "P2W")]),
    ("The euro has fallen for five straight weeks.", JUN16, [("five straight weeks", DUR, "P5W")]),
    ("Eight trading days remain.", JUN16, [("Eight trading days", DUR, "P8D")]),
    ("Delegates met for twenty-one days.", JUN16, [("twenty-one days", DUR, "P21D")]),
    ("The crisis has lasted 18 months.", JUN16, [("18 months", DUR, "P18M")]),
    ("The envoy stayed a couple of weeks.", JUN16, [("a couple of weeks", DUR, "P2W")]),
    ("The truce held for a few days.", JUN16, [("a few days", DUR, "PXD")]),
    ("Prices fell over the past two months.", JUN16, [("the past two months", DUR, "P2M")]),
    ("Exports will grow over the next three years.", JUN16, [("the next three years", DUR, "P3Y")]),
    ("In the past three years, exports doubled.", JUN16, [("the past three years", DUR, "P3Y")]),
    ("Over the past decade, incomes stagnated.", JUN16, [("the past decade", DUR, "P10Y")]),
    ("The rebels have been fighting for years.", JUN16, [("years", DUR, "PXY")]),
    ("Troops could arrive within weeks.", JUN16, [("weeks", DUR, "PXW")]),
    ("In recent years the town has grown.", JUN16, [("recent years", D, "PAST_REF")]),
    ("In recent weeks the town has grown.", JUN16, [("recent weeks", DUR, "PXW")]),
    ("Rents rose over the past few months.", JUN16, [("the past few months", D, "PAST_REF")]),
    ("Sales were weak in past years, too.", JUN16, [("past years", D, "PAST_REF")]),
    ("He followed a several-year tenure abroad.", JUN16, [("several-year", DUR, "PXY")]),
    ("Interest is paid every quarter.", JUN16, [("every quarter", SET, "P1Q")]),
    ("Losses mounted over the past two quarters.", JUN16, [("the past two quarters", DUR, "P2Q")]),
    ("The pilot waited five and a half hours.", JUN16, [("five and a half hours", DUR, "PT5H30M")]),
    ("The walk took a minute and a half.", JUN16, [("a minute and a half", DUR, "PT1M30S")]),
    ("He slept for a while.", JUN16, [("a while", DUR, "PXX")]),
    ("The ban will last for centuries.", JUN16, [("centuries", DUR, "PXC")]),
    ("The bank was idle for nine days and then reopened.", JUN16, [("nine days", DUR, "P9D")]),
    # --- sets
    ("The committee meets every Monday.", JUN16, [("every Monday", SET, "XXXX-WXX-1")]),
    ("The figures are published weekly.", JUN16, [("weekly", SET, "P1W")]),
    ("The fee is reviewed annually.", JUN16, [("annually", SET, "P1Y")]),
    ("Inspectors visit the site every two weeks.", JUN16, [("every two weeks", SET, "P2W")]),
    ("The board meets twice a year.", JUN16, [("twice a year", SET, "P1Y")]),
    ("The market is closed on Sundays.", JUN16, [("Sundays", SET, "XXXX-WXX-7")]),
    ("He reads the newspaper every morning.", JUN16, [("every morning", SET, "XXXX-XX-XXTMO")]),
    ("Prices are updated daily.", JUN16, [("daily", SET, "P1D")]),
    ("Each year, thousands of pilgrims visit.", JUN16, [("Each year", SET, "P1Y")]),
    ("Elections are held every May.", JUN16, [("every May", SET, "XXXX-05")]),
    ("The vaccine is given every other day.", JUN16, [("every other day", SET, "P2D")]),
    ("Shipments arrive three times a week.", JUN16, [("three times a week", SET, "P1W")]),
    # --- holidays
    ("Shops were busy before Christmas.", date(2020, 12, 28), [("Christmas", D, "2020-12-25")]),
    ("The troops will be home by Christmas.", date(2020, 11, 10), [("Christmas", D, "2020-12-25")]),
    ("The talks will resume after New Year's Day.", date(2020, 12, 28), [("New Year's Day", D, "2021-01-01")]),
    ("Protests grew on Thanksgiving.", date(2020, 12, 1), [("Thanksgiving", D, "2020-11-26")]),
    ("Pilgrims gathered as Easter week began.", date(2000, 4, 17), [("Easter week", D, "2000-W16")]),
    ("The church was full on Easter Sunday 2019.", JUN16, [("Easter Sunday 2019", D, "2019-04-21")]),
    # --- no anchor: nothing relative is guessed
    ("On January 19, a conference took place.", None, [("January 19", D, "XXXX-01-19")]),
    ("The talks ended on Friday.", None, [("Friday", D, "XXXX-WXX-5")]),
    ("Sales fell last week.", None, [("last week", D, "XXXX-WXX")]),
    ("The law passed two years ago.", None, [("two years ago", D, "XXXX")]),
    ("The deal was signed on Aug. 7, 1998.", None, [("Aug. 7, 1998", D, "1998-08-07")]),
    ("The siege lasted three days.", None, [("three days", DUR, "P3D")]),
    ("He arrived yesterday.", None, [("yesterday", D, "XXXX-XX-XX")]),
    ("Profits rose in the third quarter.", None, [("the third quarter", D, "XXXX-Q3")]),
    ("The city flooded this spring.", None, [("this spring", D, "XXXX-SP")]),
    ("The council meets at 10:30 a.m. Thursday.", None, [("10:30 a.m. Thursday", T, "XXXX-WXX-4T10:30")]),
    ("Sales will recover next month.", None, [("next month", D, "XXXX-XX")]),
    (
        "The accord was signed on May 5, 2019. The following day, troops withdrew.",
        None,
        [("May 5, 2019", D, "2019-05-05"), ("The following day", D, "2019-05-06")],
    ),
    # --- things that are not time expressions
    ("The company employs 2000 people.", JUN16, []),
    ("The index lost 1,850 points.", JUN16, []),
    ("He paid $1990 for the car.", JUN16, []),
    ("A 6-year-old boy was rescued.", JUN16, []),
    ("He appeared on CBS's 60 Minutes.", JUN16, []),
    ("Prices may fall further.", JUN16, []),
    ("The March of the Mothers drew thousands.", JUN16, []),
    ("They watched This Week on television.", JUN16, []),
    ("Iraq imports three-quarters of its food.", JUN16, []),
    ("The company cut its quarterly dividend.", JUN16, []),
    ("A second group of directors resigned.", JUN16, []),
    ("He earns $50,000 a year.", JUN16, []),
    ("Four flights a week leave for Bombay.", JUN16, []),
    ("The meeting was held in room 1205.", JUN16, []),
    ("Turn to page 2020 of the report.", JUN16, []),
    ("The spring water is clean.", JUN16, []),
    ("Many shares fell 3.5% in early trading.", JUN16, []),
    ("The fall of the city shocked the world.", JUN16, []),
    ("The paper is sold in USA Today kiosks.", JUN16, []),
]


def triples(text: str, anchor: date | None) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in extract_timexes(text, anchor)]


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 200


@pytest.mark.parametrize(("text", "anchor", "expected"), CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_timexes(text: str, anchor: date | None, expected: list[tuple[str, str, str]]) -> None:
    assert triples(text, anchor) == expected


def _one(text: str, anchor: date | None = JUN16, which: int = 0):  # type: ignore[no-untyped-def]
    return extract_timexes(text, anchor)[which]


@pytest.mark.parametrize(
    ("text", "anchor", "mod"),
    [
        ("Prices peaked in late November.", date(2022, 1, 15), "END"),
        ("The offensive started in early March.", date(2022, 5, 1), "START"),
        ("Growth picked up in mid-2019.", JUN16, "MID"),
        ("For over a year, the sides fought.", JUN16, "MORE_THAN"),
        ("It was his first visit in nearly two decades.", JUN16, "LESS_THAN"),
        ("The rebels held the town for at least 72 hours.", JUN16, "EQUAL_OR_MORE"),
        ("The inquiry could last up to six months.", JUN16, "EQUAL_OR_LESS"),
        ("The talks lasted about an hour.", JUN16, "APPROX"),
        ("Earlier this month, the bank cut rates.", JUN16, "START"),
        ("The inquiry continued until the end of June.", AUG01, "END"),
        ("Profits will rise in 2024 or later.", JUN16, "ON_OR_AFTER"),
        ("The siege lasted three days.", JUN16, None),
    ],
)
def test_mods(text: str, anchor: date, mod: str | None) -> None:
    assert _one(text, anchor).mod == mod


@pytest.mark.parametrize(
    ("text", "anchor", "how", "used"),
    [
        ("The deal was signed on Aug. 7, 1998.", JUN16, "explicit", None),
        ("On January 19, a conference took place.", JUN16, "year_inferred", "2020-06-16"),
        ("The talks collapsed on Friday.", JUN16, "tense", "2020-06-16"),
        ("Prices rose sharply last week.", JUN16, "relative", "2020-06-16"),
        ("On January 19, a conference took place.", None, "undated", None),
        ("Sales fell last week.", None, "undated", None),
    ],
)
def test_how_and_anchor(text: str, anchor: date | None, how: str, used: str | None) -> None:
    timex = _one(text, anchor)
    assert (timex.how, timex.anchor) == (how, used)


def test_anchored_expressions_name_the_date_they_count_from() -> None:
    timex = _one("On June 6, talks began. The next day, rebels attacked.", JUN16, 1)
    assert (timex.value, timex.how, timex.anchor) == ("2020-06-07", "anchored", "2020-06-06")


def test_offsets_point_into_the_text_and_carry_the_sentence() -> None:
    text = "Nothing happened.\nOn June 6, talks began. They ended on June 8."
    timexes = extract_timexes(text, JUN16, article_id="a1")
    assert [(text[t.start : t.end], t.sentence, t.article_id) for t in timexes] == [
        ("June 6", 1, "a1"),
        ("June 8", 2, "a1"),
    ]


def test_given_sentences_are_used() -> None:
    text = "One. On June 6 talks began."
    timexes = extract_timexes(text, JUN16, sentences=[(0, len(text))])
    assert [(t.text, t.sentence) for t in timexes] == [("June 6", 0)]


def test_dateline_is_found() -> None:
    assert dateline_end("MOSCOW, June 16. /TASS/. Russia and the EU agree.") == len("MOSCOW, June 16. /TASS/.")
    assert dateline_end("LONDON (Reuters) - Prices rose.") == len("LONDON (Reuters) -")
    assert dateline_end("Prices rose on Monday.") == 0


# --- Hypothesis properties ------------------------------------------------------------------

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]  # fmt: skip
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@settings(max_examples=150, deadline=None)
@given(day=days, anchor=st.one_of(st.none(), days))
def test_a_date_written_out_normalizes_to_itself(day: date, anchor: date | None) -> None:
    written = f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
    assert triples(f"The agreement was signed on {written} in the capital.", anchor) == [
        (written, "DATE", day.isoformat())
    ]


@settings(max_examples=150, deadline=None)
@given(
    anchor=days,
    weekday=st.integers(min_value=0, max_value=6),
    frame=st.sampled_from(["The talks ended on {}.", "The talks will start on {}.", "Talks are on {}.", "{} came."]),
)
def test_weekdays_stay_within_a_week_of_the_anchor(anchor: date, weekday: int, frame: str) -> None:
    timex = extract_timexes(frame.format(WEEKDAY_NAMES[weekday]), anchor)[0]
    day = date.fromisoformat(timex.value)
    assert day.weekday() == weekday
    assert abs((day - anchor).days) <= 7


@settings(max_examples=100, deadline=None)
@given(anchor=days, weekday=st.integers(min_value=0, max_value=6))
def test_past_and_future_tense_pick_the_last_and_the_next_weekday(anchor: date, weekday: int) -> None:
    name = WEEKDAY_NAMES[weekday]
    past = date.fromisoformat(extract_timexes(f"The envoy left on {name}.", anchor)[0].value)
    future = date.fromisoformat(extract_timexes(f"The envoy will leave on {name}.", anchor)[0].value)
    if weekday == anchor.weekday():
        assert past == future == anchor
    else:
        assert anchor - timedelta(days=6) <= past < anchor
        assert anchor < future <= anchor + timedelta(days=6) or future == anchor - timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Angela Merkel is due to host an international conference on Libya in Berlin on Sunday.", "2020-06-21"),
        (
            "The envoys were set to sign a new agreement on the border in the capital on Sunday.",
            "2020-06-21",
        ),
        (
            "The envoys had been due to sign the long-delayed agreement on the border in the capital on Sunday.",
            "2020-06-14",
        ),
        ("The army retook the town from the rebels after heavy fighting near the border on Sunday.", "2020-06-14"),
    ],
)
def test_an_intention_governs_its_whole_clause(text: str, value: str) -> None:
    assert [t.value for t in extract_timexes(text, JUN16)] == [value]


VOCABULARY = str.split(
    "the a last next this past early late mid ago later earlier year years month week day days quarter Monday "
    "Friday January May March Dec. Sept. 1 2 30 31 1999 2020 9999 10:30 a.m. noon midnight two half and of in on "
    "by until now today yesterday spring fall century 1990s '80s every daily fiscal Q3 first third , . - 2/30/2019 "
    "2019-02-30 nineteen ninety-six Christmas Easter weekend tonight morning following previous same that about "
    "nearly more than at least 20th"
)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=16),
    anchor=st.one_of(st.none(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2020, 2, 29)]), days),
)
def test_any_text_gives_ordered_spans_of_the_text(words: list[str], anchor: date | None) -> None:
    text = " ".join(words)
    end = -1
    for timex in extract_timexes(text, anchor):
        assert text[timex.start : timex.end] == timex.text and timex.start >= end and timex.end > timex.start
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        end = timex.end


# --- the stage and sentence dates -------------------------------------------------------------


def test_stage_declares_what_it_needs_and_fills() -> None:
    stage = TimexStage()
    assert stage.name == "dateline.timex.v1"
    assert stage.requires == frozenset({"sentences"})
    assert stage.assigns == frozenset({"timexes", "sentence_dates"})


def _annotate(text: str, published: date | None) -> AnnotatedArticle:
    stages = make_pipeline(["dateline.sentences.v1", "dateline.timex.v1"])
    return run_pipeline(stages, AnnotatedArticle(Article("a1", text, published, "header")))


def test_sentence_dates_explicit_narrative_published() -> None:
    text = (
        "BERLIN, June 16 (Reuters) - Ministers met on Tuesday.\n\n"
        "On January 19, a conference took place. It ended without a deal.\n\n"
        "The talks continue."
    )
    doc = _annotate(text, JUN16)
    got = [(s.date, s.date_precision, s.date_from) for s in doc.sentences]
    assert got == [
        ("2020-06-16", "day", "explicit"),
        ("2020-01-19", "day", "explicit"),
        ("2020-01-19", "day", "narrative"),
        ("2020-06-16", "day", "published"),
    ]
    confidences = [s.date_confidence for s in doc.sentences]
    assert confidences[1] > confidences[2] > confidences[3] > 0
    assert all(t.stage == "dateline.timex.v1" for t in doc.timexes)
    assert ("dateline.timex.v1", "timexes", 3.0) in doc.stats


def test_the_dateline_date_yields_to_the_sentence_date() -> None:
    text = "MOSCOW, June 16. /TASS/. On June 6, an initiative was published."
    sentences = _annotate(text, JUN16).sentences
    assert [s.date for s in sentences] == ["2020-06-16", "2020-06-06"]
    glued = dated_sentences(
        [dataclass_sentence(text)], extract_timexes(text, JUN16, sentences=[(0, len(text))]), text, JUN16
    )
    assert glued[0].date == "2020-06-06"


def dataclass_sentence(text: str):  # type: ignore[no-untyped-def]
    from dateline.model import Sentence

    return Sentence("a1", 0, 0, len(text), text)


def test_a_date_in_a_relative_clause_does_not_date_the_sentence() -> None:
    text = "On May 3, the summit opened.\nThe treaty restores a state that was destroyed ten years ago."
    sentences = _annotate(text + " More talks are planned.", JUN16).sentences
    assert (sentences[1].date, sentences[1].date_from) == ("2020-06-16", "published")


def test_a_date_that_owns_a_noun_does_not_date_the_sentence() -> None:
    text = (
        "The plan would have turned Sunday's truce into a ceasefire. The two men did not meet.\n\n"
        "Officers began talks on turning last month\u2019s truce into a ceasefire on Tuesday."
    )
    got = [(s.date, s.date_from) for s in _annotate(text, JUN16).sentences]
    assert got == [("2020-06-16", "published"), ("2020-06-16", "published"), ("2020-06-16", "explicit")]


def test_without_a_publication_date_nothing_is_guessed() -> None:
    doc = _annotate("Talks ended on Friday. They resume on Aug. 7, 1998.", None)
    assert [t.value for t in doc.timexes] == ["XXXX-WXX-5", "1998-08-07"]
    assert [(s.date, s.date_from) for s in doc.sentences] == [(None, None), ("1998-08-07", "explicit")]


# --- the seed articles ------------------------------------------------------------------------


def _seed(name: str) -> AnnotatedArticle:
    seeds = SHARED / "seeds"
    if not seeds.exists():
        pytest.skip(f"seed articles {seeds} are absent (they live in ../shared beside the repository)")
    path = next(seeds.glob(f"{name}_*.txt"), None)
    if path is None:
        pytest.skip(f"seed article {name} is absent from {seeds}")
    article = next(read_text(path.read_text(encoding="utf-8"), str(path)))
    assert isinstance(article, Article)
    return run_pipeline(make_pipeline(["dateline.sentences.v1", "dateline.timex.v1"]), AnnotatedArticle(article))


def _values(doc: AnnotatedArticle) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in doc.timexes]


def test_june_seed() -> None:
    doc = _seed("000")
    values = _values(doc)
    assert ("June 16", "2020-06-16") in values  # the dateline
    assert ("Tuesday", "2020-06-16") in values
    assert ("January 19", "2020-01-19") in values
    assert ("June 6", "2020-06-06") in values
    assert ("June 8", "2020-06-08") in values
    assert ("recently", "PAST_REF") in values
    assert ("Currently", "PRESENT_REF") in values
    over = next(t for t in doc.timexes if "year" in t.text and t.type == "DURATION")
    assert (over.value, over.mod) == ("P1Y", "MORE_THAN")
    dated = {s.text[:20]: (s.date, s.date_from) for s in doc.sentences}
    assert dated["On January 19, an in"] == ("2020-01-19", "explicit")
    assert dated["The conference’s fin"] == ("2020-01-19", "narrative")


def test_december_seed() -> None:
    doc = _seed("002")
    values = _values(doc)
    assert ("December 26", "2019-12-26") in values
    assert values.count(("Thursday", "2019-12-26")) == 4
    assert ("January", "2020-01") in values  # "would be presented ... in January"
    assert ("December 12", "2019-12-12") in values
    assert all(t.how != "undated" for t in doc.timexes)
