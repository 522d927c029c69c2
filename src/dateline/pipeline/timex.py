"""Time expressions found by rule and normalized to TIMEX3 against an anchor date.

How it works, in one pass per sentence:

1. One prefix-factored pattern finds the *trigger* words of the lowercased sentence (month
   and weekday names, time units, digits, "today", "now", ...); only they can start a match.
   From a trigger the scan steps back over words that may open an expression ("the past",
   "more than", "early", numbers), so "the past three years" is found from "years".
2. At each candidate start one combined regular expression (all rules, ordered from the
   most specific to the most general) is tried with ``match``. The rule that matched names
   the handler that normalizes it.
3. Handlers turn the match into TIMEX3 ``type``/``value``/``mod``. Deictic expressions use
   the anchor (publication date); anaphoric ones ("the following day", "a year earlier")
   use the previous date expression of the text; bare weekdays and months use the tense
   of the clause to pick the past or the coming one.

Extents follow the TimeML/TimeBank conventions: no leading preposition, but determiners
and modifiers are kept ("the past three years", "more than four decades ago", "late
November"). Without an anchor nothing relative is guessed: such expressions get
``how="undated"`` and an underspecified value such as ``XXXX-01-19``.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.model import AnnotatedArticle, Sentence, TimeExpr
from dateline.pipeline.base import Stage
from dateline.pipeline.sentences import split_sentences

__all__ = ["TimexStage", "calendar_value", "dated_sentences", "dateline_end", "extract_timexes"]


def _words(text: str) -> tuple[str, ...]:
    """The words of a space-separated list: long lexicons read better as text."""
    return tuple(text.split())


# --- lexicon -----------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_SMALL = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBERS: dict[str, float] = {word: float(i) for i, word in enumerate(_SMALL)}
_NUMBERS.update({word: float(20 + 10 * i) for i, word in enumerate(_TENS)})
_NUMBERS.update({"a": 1.0, "an": 1.0, "a couple of": 2.0, "couple of": 2.0, "a couple": 2.0, "a dozen": 12.0})
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
    "nineties": 9,
}  # fmt: skip
# Unit word -> its code; _duration writes DE (decade), CE, ML, Q, FN (fortnight) and WE in TIMEX3 units.
_UNITS = {
    "year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "MIN", "second": "S",
    "decade": "DE", "century": "CE", "millennium": "ML", "quarter": "Q", "fortnight": "FN", "night": "D",
    "weekend": "WE",
}  # fmt: skip
_MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "some": "APPROX",
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN", "over": "MORE_THAN",
    "just over": "MORE_THAN", "well over": "MORE_THAN", "upwards of": "MORE_THAN", "less than": "LESS_THAN",
    "fewer than": "LESS_THAN", "under": "LESS_THAN", "just under": "LESS_THAN", "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS", "not more than": "EQUAL_OR_LESS",
}  # fmt: skip


# --- regular-expression building blocks --------------------------------------------


def _alt(words: Sequence[str]) -> str:
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


def _proper(words: Sequence[str]) -> str:
    """Capitalized (or all-capitals) forms only: "May" the month, never "may" the verb."""
    forms = [w.capitalize() for w in words] + [w.upper() for w in words]
    return "(?-i:" + _alt(forms) + ")"


_MONTH_FULL = _proper([m for m in _MONTHS if len(m) > 4 or m in ("may", "june", "july")])
_MONTH_ABBR = _proper(["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"])
# Abbreviations need their period, or a day number right after them ("Jan 19").
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR}(?:\.|(?=\s+\d)))"
_WEEKDAY = _proper(list(_WEEKDAYS))
_NUMWORD = rf"(?:{_alt(_TENS)}(?:[\s-]{_alt(_SMALL[1:10])})?|{_alt(_SMALL)})"
_ORDWORD = rf"(?:(?:twenty|thirty)-?)?{_alt(list(_ORDINALS))}"
_NUM = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|(?:a|{_NUMWORD})\s+(?:hundred|thousand)|{_NUMWORD}(?:\s+and\s+a\s+half)?"
    r"|a\s+couple(?:\s+of)?|couple\s+of|a\s+dozen|an?)"
)
_VAGUE = r"(?:a\s+few|few|several|a\s+number\s+of|many|some)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_YEAR_DIGITS = r"(?<![\d$£€.,])(?:1[0-9]|20)\d\d(?!\d|,\d|\.\d|\s*%|-\d)"
_SPOKEN_YEAR = (
    rf"(?:nineteen[\s-]+(?:{_alt(_TENS)}(?:[\s-]{_alt(_SMALL[1:10])})?|hundred|{_alt(_SMALL[10:])}"
    rf"|oh[\s-]{_alt(_SMALL[1:10])})|two\s+thousand(?:\s+and\s+{_alt(_SMALL[1:])})?)"
)
_YEAR = rf"(?:{_YEAR_DIGITS}|{_SPOKEN_YEAR})"
_UNIT = (
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|millenni(?:um|a)|quarters?"
    r"|fortnights?|nights?)"
)
_POD = r"(?:morning|afternoon|evening|night)"
# TimeBank leaves "about" and the preposition "over" ("over the past year") outside the extent but
# keeps the other modifiers ("nearly two years", "at least 72 hours", "over a week"); _mod still
# reads the mod from the word before.
_MOD_WORDS = "(?:" + _alt([m for m in _MODS if m not in ("about", "over")]) + r"|over(?=\s+an?\s))"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_PERIOD = r"(?:period|quarter|nine\s+months|six\s+months|first\s+half|second\s+half)"
_TZ = r"(?:GMT|UTC|[ECMP][SD]T|BST|CET|CEST|MSK|local\s+time)"

_RULES: list[tuple[str, str]] = [
    # 10:30 a.m. Thursday, about 7:15 p.m., noon Saturday, 4 in the morning
    (
        "clock",
        rf"(?:(?P<mod>around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        rf"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>(?-i:[ap]\.\s?m\.?|[AP]\.\s?M\.?|[ap]m\b|[AP]M\b))"
        rf"|(?P<h24>[01]?\d|2[0-3]):?(?P<mi24>[0-5]\d)(?=\s*(?:{_TZ}|hours?\b|hrs\b))"
        rf"|(?P<hoc>{_NUMWORD}|\d{{1,2}})\s+o'clock"
        rf"|(?P<h4>\d{{1,2}})\s+in\s+the\s+(?P<pod4>morning|afternoon|evening)"
        rf"|(?P<noon>noon|midnight|midday))"
        rf"(?:\s+(?P<tz>{_TZ}))?"
        rf"(?:(?:,\s*|\s+)(?P<day>today|tonight|yesterday|tomorrow"
        rf"|(?P<wd>{_WEEKDAY})(?:,?\s+(?P<m>{_MONTH})\s+(?P<d>{_DAY}))?|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})))?",
    ),
    # June 6 and 8, Aug. 7-8 (two expressions)
    (
        "datelist",
        rf"(?P<m>{_MONTH})\s+(?P<d1>{_DAY})(?P<sep>\s*(?:-|–|and|or|to|through|until|till)\s*)(?P<d2>{_DAY})"
        rf"(?!\s*(?:[-–.,:/]\d|%|percent|per\b|[ap]\.?m\b|(?:million|billion|people|persons|years?|months?|weeks?|days?|hours?)\b))"
        rf"(?:,?\s+(?P<y>{_YEAR}))?",
    ),
    # (Friday,) Aug. 7(, 1998) | 16 June 2020 | 2020-06-16 | 06/16/2020
    (
        "date",
        rf"(?P<weekof>the\s+week\s+(?:of|beginning|starting)\s+)?(?:(?P<wd>{_WEEKDAY})(?:\s?,\s*|\s+))?"
        rf"(?:(?P<m>{_MONTH})\s+(?P<d>{_DAY}|(?i:{_ORDWORD})(?!\s+(?:{_UNIT}|quarter|half)))(?:\s?,?\s+(?P<y>{_YEAR}))?"
        rf"|(?:the\s+)?(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})(?:\s?,?\s+(?P<y2>{_YEAR}))?)",
    ),
    ("iso", r"(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])"),
    ("slash", r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])"),
    # last April, this September, June last year, early next month is elsewhere
    (
        "relmonth",
        rf"(?:(?P<em>early|late|mid)[\s-]+)?(?P<rel>last|this|next|this\s+past|this\s+coming|that)\s+(?P<m>{_MONTH_FULL})\b"
        rf"|(?P<m2>{_MONTH_FULL})\s+(?:of\s+)?(?P<rel2>last|this|next)\s+year",
    ),
    # late November, mid-2019 is elsewhere, the end of June, January 1998, the middle of October
    (
        "month",
        rf"(?:(?:the\s+)?(?P<em>early|late|mid)[\s-]+|(?P<pos>the\s+(?:end|beginning|start|middle)\s+of)\s+)?"
        rf"(?P<m>{_MONTH})(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?(?![\w-]|'(?!s\b)|\s+\d)",
    ),
    # the 1990s, the early 1980s, mid-1990s, the '80s, the nineties
    (
        "decade",
        rf"(?:the\s+)?(?:(?P<em>early|late|mid)[\s-]+)?(?:(?P<ord>last\s+half|first\s+half|second\s+half)\s+of\s+the\s+)?"
        rf"(?:(?P<c>1\d|20)(?P<d>\d)0'?s|'(?P<d2>\d)0s|(?P<w>{_alt(list(_DECADE_WORDS))})\b)",
    ),
    # the 20th century, this century
    (
        "century",
        rf"(?:the\s+)?(?:(?P<em>early|late|mid)[\s-]+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{_ORDWORD}))[\s-]+century"
        rf"|(?P<rel>this|last|next|the\s+last|the\s+past|the\s+previous|the\s+next|the\s+current)\s+century",
    ),
    # the third quarter of 1984, fourth-quarter, the 1988 second quarter, the first half
    (
        "quarter",
        rf"(?:(?P<the>the|this|that|its)\s+)?(?:(?P<pre>(?:comparable\s+)?(?:year-earlier|year-ago|prior-year|latest|current|same)"
        rf"|(?P<ry>this|last|next)\s+year's|(?P<y1>{_YEAR_DIGITS})(?:'s)?)\s+)?"
        rf"(?:(?:fiscal|calendar)[\s-]+)?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th|last(?=\s+(?:quarter|half)\s+of))"
        rf"(?:[\s-]+(?:fiscal|calendar))?[\s-]+(?P<unit>quarter|half)\b"
        rf"(?:\s+of\s+(?:fiscal\s+|the\s+)?(?:(?P<y2>{_YEAR})|(?P<ry2>this|last|next)\s+year))?"
        rf"|(?-i:Q(?P<qn>[1-4]))(?:\s+(?P<y3>{_YEAR_DIGITS}))?\b",
    ),
    # the year-earlier period, the year-ago quarter, year-earlier, the 1988 period
    (
        "yearago",
        rf"(?:the\s+)?(?:comparable\s+)?(?:(?P<kind>year-earlier|year-ago|year\s+earlier|year-before|prior-year)"
        rf"(?:\s+(?P<p>{_PERIOD})\b)?|(?P<y>{_YEAR_DIGITS})\s+(?P<p2>{_PERIOD})\b)"
        # the quarter a year ago, the same period last year, last year's quarter
        r"|(?P<back>(?:the\s+)?(?:same\s+|corresponding\s+|comparable\s+)?(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier)"
        r"|(?:of\s+)?last\s+year)|last\s+year's\s+(?:quarter|period))\b",
    ),
    # last summer, this spring, the winter of 1994, early fall
    (
        "season",
        rf"(?:(?P<rel>this|last|next|the|that|past|coming|this\s+past|this\s+coming|the\s+following|the\s+previous)\s+)?"
        rf"(?:(?P<em>early|late|mid)[\s-]+)?(?P<s>{_SEASON})\b(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?",
    ),
    # last Friday, Thursday morning, early Tuesday, the previous Friday
    (
        "weekday",
        rf"(?:(?P<em>early|late|earlier|later)\s+)?(?:(?P<rel>last|this|next|this\s+past|this\s+coming|coming|past|"
        rf"the\s+previous|the\s+following|the\s+next)\s+)?(?P<wd>{_WEEKDAY})(?!s\b)"
        rf"(?:\s+(?P<pod>{_POD}|midday|noon|overnight)\b)?",
    ),
    # today, late yesterday, tomorrow morning, tonight, last night, this morning
    (
        "deictic",
        rf"(?:(?P<em>early|late|earlier|later)\s+)?(?P<dw>today|tonight|yesterday|tomorrow)\b(?:\s+(?P<pod>{_POD})\b)?"
        rf"|(?P<before>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))"
        rf"|(?P<lastnight>last\s+night)"
        rf"|(?:(?P<em2>early|late|earlier|later)\s+)?this\s+(?P<pod2>morning|afternoon|evening)"
        rf"|(?P<mid>mid)[\s-]?(?P<pod3>morning|afternoon|day)(?:\s+(?P<dw3>today|yesterday|tomorrow|{_WEEKDAY}))?",
    ),
    # now, currently, recently, the future, the near term
    (
        "ref",
        r"(?P<present>right\s+now|now|currently|nowadays|these\s+days|at\s+present|the\s+present\s+time|current(?=\s+[a-z]))"
        r"|(?P<past>(?:more\s+)?recently|lately|(?:in\s+)?the\s+past(?![\s-]+(?:\d|(?:[a-z]+\s+)*(?:years?|months?|weeks?|days?|"
        r"decades?|centur(?:y|ies)|quarters?|hours?|minutes?|summers?|winters?)\b)))"
        r"|(?P<future>the\s+(?:near\s+|distant\s+|foreseeable\s+|not-too-distant\s+)?future|as\s+soon\s+as\s+possible|(?:very\s+)?soon|"
        r"a\s+later\s+(?:date|time|stage)|"
        r"the\s+(?:near|short|long|medium)\s+term)",
    ),
    # two years ago, a day later, more than four decades ago, several weeks earlier
    (
        "ago",
        rf"(?:(?P<mod>{_MOD_WORDS})\s+)?(?:(?P<n>{_NUM})|(?P<vague>{_VAGUE}))[\s-]+(?P<u>{_UNIT})"
        rf"(?:\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)\b"
        rf"|(?P<bare>years|months|weeks|days|decades)\s+(?P<dir2>ago|earlier|later)\b",
    ),
    # the following day, the next morning, that same day, the day before
    (
        "anaphor",
        r"(?:(?P<em>early|late|earlier|later)\s+)?(?P<rel>the\s+(?:following|next|previous|preceding|prior|same|very\s+same)|that(?:\s+same)?)"
        r"\s+(?P<u>day|morning|afternoon|evening|night|week|weekend|month|year)\b(?P<orso>\s+or\s+so)?"
        r"|(?P<daybefore>the\s+day\s+(?:before|after))(?=\s*[.,;:)\"']|\s+(?:that|when|and|but)\b)",
    ),
    # the past three years, the first nine months, the next few days (durations)
    (
        "span",
        rf"(?:(?P<mod>at\s+least|nearly|almost|more\s+than|less\s+than|up\s+to)\s+)?the\s+(?P<rel>past|last|next|previous|coming|following|first|final|latest|initial|"
        rf"remaining|preceding|prior)\s+(?:(?P<n>{_NUM})|(?P<vague>{_VAGUE}))(?:\s+(?:or|to)\s+(?P<n2>{_NUM}))?"
        rf"(?:[\s-]+(?:more|additional|straight|consecutive|full|trading|business|working))?[\s-]+(?P<u>{_UNIT})"
        rf"(?P<orso>\s+or\s+so)?\b",
    ),
    # this week, last year, earlier this month, late last year, the end of this week, next quarter
    (
        "relunit",
        r"(?:(?P<em>(?:the\s+)?(?:early|late|mid)|earlier|later|sometime|some\s+time|(?:the\s+)?(?:end|beginning|start|"
        r"middle|rest|remainder|balance)\s+of)[\s-]+)?"
        r"(?P<rel>this|last|next|past|coming|current|that|this\s+past|this\s+coming|the\s+current|the\s+past|the\s+last|"
        r"the\s+coming|the\s+next|the\s+present|the\s+latest|the\s+previous|the)\s+"
        r"(?:(?P<fy>fiscal|calendar|financial)\s+)?(?P<u>week|weekend|month|year|quarter|decade|period)\b"
        r"(?!\s+(?:\d{4}|two\s+thousand|nineteen)\b|-to-)(?P<orso>\s+or\s+so)?",
    ),
    # year-end, year's end
    ("yearend", r"(?:(?P<mod>around)\s+)?(?:the\s+)?(?P<u>year|month)(?:[\s-]end|'s\s+end)\b"),
    # 1998, fiscal 1989, mid-1996, the end of 1990, 1994 or later, post-1959
    (
        "year",
        rf"(?:(?P<em>(?:the\s+)?(?:early|late|mid)|(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half|"
        rf"rest|remainder|balance)\s+of|pre|post)[\s-]+)?"
        rf"(?:(?P<fy>fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|model\s+year|financial\s+year|FY)[\s-]*)?"
        rf"(?P<y>{_YEAR})(?:'s)?(?![\w-])(?P<orl>\s+or\s+(?:later|earlier|before|after)|\s+and\s+(?:beyond|later|after))?",
    ),
    # every Monday, each year, daily, twice a week, Tuesdays
    (
        "set",
        rf"(?P<every>every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<n>{_NUM})\s+)?"
        rf"(?P<u>{_UNIT}|(?P<wd>{_WEEKDAY})|(?P<m>{_MONTH_FULL})|(?P<pod>{_POD})|(?P<s>{_SEASON}))\b"
        r"|(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|bi-?weekly|bi-?monthly|semi-?annually)\b"
        rf"|(?P<wds>{_WEEKDAY})s\b"
        rf"|(?P<freq>once|twice|(?:{_NUMWORD}|\d+)\s+times)\s+(?:a|an|per|every|each)\s+(?P<u2>year|month|week|day|hour|quarter)\b",
    ),
    # holidays
    (
        "holiday",
        r"(?-i:(?P<h>Christmas(?:\s+(?:Eve|Day))?|New\s+Year's(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+(?:Sunday|Monday|[Ww]eek))?|Holy\s+[Ww]eek"
        r"|Good\s+Friday|Labou?r\s+Day|Memorial\s+Day|Independence\s+Day|Halloween|Valentine's\s+Day|Election\s+Day|Boxing\s+Day|"
        r"Veterans\s+Day|May\s+Day))(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    ),
    # three days, for over a year, two and a half years, 16-hour, a few weeks, the nine months
    (
        "duration",
        rf"(?:(?P<mod>{_MOD_WORDS})\s+)?(?:(?P<the>the)\s+)?(?:(?P<n>{_NUM})|(?P<vague>{_VAGUE}))"
        rf"(?:\s+(?:or|to)\s+(?P<n2>{_NUM}))?(?:[\s-]+(?P<more>more|additional|straight|consecutive|full|long|trading|business|working))?"
        rf"[\s-]+(?P<u>{_UNIT})(?P<half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?(?P<old>-(?:long|old))?\b(?!-)",
    ),
    # recent years, the coming weeks, decades-long, for years
    (
        "vagueunit",
        r"(?:(?P<rel>recent|the\s+coming|coming|the\s+past\s+few|the\s+last\s+few|the\s+next\s+few|the\s+past\s+several|"
        r"the\s+next\s+several|the\s+last\s+several)\s+)(?P<u>years|months|weeks|days|decades|quarters)\b"
        r"|(?P<u2>years|decades|centuries|months|weeks)(?=-long)"
        r"|(?P<ahead>the\s+(?P<u3>years|months|weeks|days)\s+ahead)"
        r"|(?P<theyears>the\s+years)\b"
        r"|(?P<bare>years|months|weeks|decades|centuries)\b(?!\s+(?:of|ago|earlier|later|before|after)\b)"
        r"|(?P<awhile>a\s+(?:little\s+|long\s+|short\s+)?while)\b"
        r"|(?P<pastyears>past\s+(?:years|decades))\b"
        r"|(?P<fullyear>the\s+(?:full|entire|whole)\s+year)\b",
    ),
]


def _build(
    rules: list[tuple[str, str]],
) -> tuple[re.Pattern[str], dict[str, list[tuple[str, str]]], list[tuple[str, re.Pattern[str]]]]:
    """One alternation of all rules; each rule's groups renamed ``rule__group`` so that names stay unique.

    Each rule is also compiled alone, to try the next rules at a place where a handler said no.
    """
    parts, groups, singles = [], {}, []
    for name, pattern in rules:
        renamed = re.sub(r"\(\?P<(\w+)>", rf"(?P<{name}__\1>", pattern)
        groups[name] = [(f"{name}__{g}", g) for g in re.findall(r"\(\?P<(\w+)>", pattern)]
        parts.append(f"(?P<{name}>{renamed})")
        singles.append((name, re.compile(f"(?P<{name}>{renamed})", re.IGNORECASE)))
    return re.compile("|".join(parts), re.IGNORECASE), groups, singles


_GRAMMAR, _GROUPS, _SINGLE_RULES = _build(_RULES)
_RULE_INDEX = {name: i for i, (name, _) in enumerate(_RULES)}
# The rules whose match can begin with a digit. Numbers are the most frequent triggers and most of
# them ("$1.5 billion", "30 people") match nothing: a smaller alternation rejects them sooner.
_DIGIT_RULES = ("clock", "date", "iso", "slash", "decade", "century", "quarter", "yearago", "ago", "year", "set",
                "duration")  # fmt: skip
_DIGIT_GRAMMAR = _build([rule for rule in _RULES if rule[0] in _DIGIT_RULES])[0]

# Words that can head a time expression: only these (and digits) start a match attempt.
_TRIGGERS = frozenset(
    [
        *_MONTHS,
        *_WEEKDAYS,
        *(w + "s" for w in _WEEKDAYS),
        *_SEASONS,
        *_DECADE_WORDS,
        *_words(
            "year years month months week weeks day days hour hours minute minutes second seconds decade decades "
            "century centuries millennium millennia quarter quarters fortnight fortnights night nights weekend "
            "weekends today tonight yesterday tomorrow now currently current recent nowadays presently present "
            "recently lately past future soon term morning afternoon evening midday noon midnight daily weekly "
            "monthly annually yearly quarterly hourly nightly biweekly bimonthly semiannually semi bi every each "
            "once twice times half christmas new thanksgiving easter good labor labour memorial independence "
            "halloween valentine election boxing veterans nineteen thousand fy q1 q2 q3 q4 period o clock while "
            "possible later"
        ),
    ]
)
# Words that may open an expression before its trigger ("the past three", "more than", "early").
_OPENERS = frozenset(
    [
        *_SMALL,
        *_TENS,
        *_ORDINALS,
        *_words(
            "the a an this that these last next past coming previous following same early late mid earlier later "
            "about around approximately roughly nearly almost more than less fewer under over just well up to no "
            "not at least most some several few couple of dozen many each every other latest current fiscal "
            "calendar financial year end beginning start middle rest remainder balance sometime time and half or "
            "right comparable prior preceding final initial remaining very upwards pre post model in near short "
            "long medium distant foreseeable trading business working straight consecutive full additional hundred "
            "thousand dozen as"
        ),
    ]
)


def _trie(words: Sequence[str]) -> str:
    """A regular expression for ``words`` factored by prefix, so the engine rejects most places at once."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


# Trigger words are found in the lowercased sentence by one prefix-factored pattern: a loop over
# every word in Python was the slowest part of the scan.
_TRIGGER = re.compile(rf"(?<![a-z0-9])(?:{_trie(sorted(_TRIGGERS))}(?![a-z])|\d+)")
_WORD = re.compile(r"[A-Za-z]+|\d+")
_GAP = re.compile(r"[\s'-]{0,3}\Z")
_MAX_OPENERS = 6


# --- values --------------------------------------------------------------------------


def _number(text: str) -> float | None:
    """The value of a spelled or written number: "two and a half" -> 2.5, "5 1/2" -> 5.5."""
    text = " ".join(text.lower().replace("-", " ").split())
    if not text:
        return None
    half = 0.0
    for suffix in (" and a half", " 1/2"):
        if text.endswith(suffix):
            text, half = text[: -len(suffix)], 0.5
    if text in _NUMBERS:
        return _NUMBERS[text] + half
    try:
        return float(text.replace(",", "")) + half
    except ValueError:
        pass
    words = text.split()
    if len(words) == 2 and words[1] in ("hundred", "thousand"):
        first = 1.0 if words[0] in ("a", "an") else _NUMBERS.get(words[0])
        return None if first is None else first * (100 if words[1] == "hundred" else 1000)
    if len(words) == 2 and words[0] in _NUMBERS and words[1] in _NUMBERS:
        return _NUMBERS[words[0]] + _NUMBERS[words[1]] + half
    return None


def _year(text: str) -> int | None:
    text = text.lower().replace("-", " ")
    if text[:1].isdigit():
        return int(text[:4])
    words = text.split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + int(_NUMBERS.get(rest[0], 0) if rest else 0)
    if words and words[0] == "nineteen":
        rest = [w for w in words[1:] if w != "oh"]
        if rest == ["hundred"]:
            return 1900
        return 1900 + int(sum(_NUMBERS.get(w, 0) for w in rest))
    return None


def _unit(word: str) -> str:
    word = word.lower()
    if word.startswith("centur"):
        return "CE"
    if word.startswith("millenni"):
        return "ML"
    return _UNITS[word.rstrip("s")] if word.rstrip("s") in _UNITS else _UNITS[word]


def _duration(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: (2.5, "Y") -> P2Y6M, (None, "W") -> PXW, (1.5, "H") -> PT1H30M."""
    if unit == "Q" and (amount is None or amount == int(amount)):
        return f"P{'X' if amount is None else int(amount)}Q"  # TimeML's quarter unit: "the past two quarters" P2Q
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "ML": (1000, "Y"), "Q": (3, "M"), "FN": (2, "W"), "WE": (2, "D")}
    if unit in scale:
        factor, unit = scale[unit]
        if amount is None:
            return {"DE": "PXE", "CE": "PXC", "ML": "PXL", "Q": "PXQ", "FN": "PXW", "WE": "PXWE"}[
                next(k for k, v in scale.items() if v == (factor, unit))
            ]
        amount *= factor
    time_unit = {"H": "H", "MIN": "M", "S": "S"}.get(unit)
    prefix = "PT" if time_unit else "P"
    letter = time_unit or unit
    if amount is None:
        return f"{prefix}X{letter}"
    whole = int(amount)
    if amount == whole:
        return f"{prefix}{whole}{letter}"
    # A fraction goes into the next smaller unit: 2.5 years -> P2Y6M.
    smaller = {"Y": (12, "M", "P"), "M": (30, "D", "P"), "W": (7, "D", "P"), "D": (24, "H", "PT"),
               "H": (60, "M", "PT"), "MIN": (60, "S", "PT")}.get(unit)  # fmt: skip
    if smaller is None:
        return f"{prefix}{amount:g}{letter}"
    factor, small_letter, small_prefix = smaller
    rest = round((amount - whole) * factor)
    if whole == 0:
        return f"{small_prefix}{rest}{small_letter}"
    if small_prefix in (prefix, "P"):
        return f"{prefix}{whole}{letter}{rest}{small_letter}"
    return f"P{whole}{letter}T{rest}{small_letter}"


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _shift_day(day: date, months: int = 0, years: int = 0) -> date:
    year, month = _add_months(day.year + years, day.month, months)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?"
)


@dataclass(frozen=True, slots=True)
class _Point:
    """A calendar value as found in the text, kept for anaphora ("the following day", "that year")."""

    value: str
    granularity: str  # day, week, month, quarter, half, season, year
    day: date  # its first day


def _point(value: str) -> _Point | None:
    match = _VALUE.match(value)
    if not match:
        return None
    year = int(match["y"])
    try:
        if match["d"]:
            return _Point(value[:10], "day", date(year, int(match["m"]), int(match["d"])))
        if match["m"]:
            return _Point(value[:7], "month", date(year, int(match["m"]), 1))
        if match["w"]:
            return _Point(value[:8], "week", date.fromisocalendar(year, int(match["w"]), 1))
        if match["q"]:
            return _Point(value[:7], "quarter", date(year, 3 * int(match["q"]) - 2, 1))
        if match["h"]:
            return _Point(value[:7], "half", date(year, 6 * int(match["h"]) - 5, 1))
        if match["s"]:
            return _Point(value[:7], "season", date(year, 1, 1))
        return _Point(value[:4], "year", date(year, 1, 1))
    except ValueError:
        return None


def _shift_point(point: _Point, amount: int, unit: str) -> str:
    """``point`` moved by ``amount`` units, written at the point's own granularity."""
    day = point.day
    if unit == "Y":
        day = _shift_day(day, years=amount)
    elif unit == "M":
        day = _shift_day(day, months=amount)
    elif unit == "Q":
        day = _shift_day(day, months=3 * amount)
    elif unit == "W":
        day = day + timedelta(weeks=amount)
    else:
        day = day + timedelta(days=amount)
    return _render(day, point.granularity, point.value)


def _render(day: date, granularity: str, original: str = "") -> str:
    if granularity == "day":
        return day.isoformat()
    if granularity == "week":
        return _week(day)
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{_quarter(day)}"
    if granularity == "half":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if granularity == "season":
        return f"{day.year:04d}{original[4:]}"
    return f"{day.year:04d}"


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    return date(year, month, (h + leap - 7 * m + 114) % 31 + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (n<0: from the end) ``weekday`` of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's": lambda y: date(y, 1, 1),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "easter": _easter,
    "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + timedelta(days=1),
    "good friday": lambda y: _easter(y) - timedelta(days=2),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "labour day": lambda y: date(y, 5, 1),
    "may day": lambda y: date(y, 5, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "independence day": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
    "boxing day": lambda y: date(y, 12, 26),
    "veterans day": lambda y: date(y, 11, 11),
}


# --- tense of the clause --------------------------------------------------------------

_FUTURE = frozenset(
    _words(
        "will wo ll shall would going gonna plans plan scheduled expected expects expect due intends intend "
        "aims aim hopes hope upcoming next tomorrow coming should could might may must can cannot"
    )
)
# Irregular past forms (regular ones end in -ed). "set", "put", "hit" are also present forms but in news
# prose mostly past ("a record set on Aug. 6").
_PAST = frozenset(
    _words(
        "was were had did said told met went came took made gave began left held sent saw found got won lost "
        "fell set put hit read quit rose spoke wrote struck became brought bought sold thought paid ran led "
        "fled shot quit kept stood chose drove flew broke caught fought knew meant spent taught threw "
        "understood woke wore grew drew blew swore tore bore shook forgot froze hid bit rode stole sang rang "
        "sank shrank drank swam overcame forgave ate sat lay laid fed bled sped felt slept swept wept dealt "
        "lent bent built bound wound ground withdrew stuck swung hung dug spun heard arose slid oversaw "
        "undertook overtook foresaw sought brought ago yesterday last earlier has have been"
    )
)
_NOT_PAST = frozenset(
    _words(
        "need needed indeed speed red bed seed feed proceed exceed succeed breed greed weed shed embed hundred "
        "united limited based related alleged detailed armed supposed proposed expected scheduled concerned "
        "interested used"
    )
)
_CLAUSE_BREAK = re.compile(r"[;:\"“”]|\bbut\b|\bwhile\b|\bwhereas\b")


# Words right before a date that say it is still to come ("payable Dec. 15", "until Tuesday")
# or already past ("since March").
_FUTURE_BEFORE = frozenset(
    _words("until till through thru by payable effective due starting expire expires expiring record")
)
_PAST_BEFORE = frozenset(["since"])
_TENSE_REACH = 10  # words; farther cues belong to other clauses more often than not


def _tense(text: str, start: int, end: int, sent_start: int, sent_end: int, deadlines: bool = True) -> str | None:
    """ "past", "future" or None: the tense cue nearest to the expression within its clause.

    ``deadlines``: read "by" right before the expression as a deadline still to come ("by
    August"); weekdays do without it ("by the Tuesday deadline" is as often past).
    """
    left = text[max(sent_start, start - 120) : start]
    cut = 0
    for clause in _CLAUSE_BREAK.finditer(left):
        cut = clause.end()
    clause_words = _WORD.findall(left[cut:].lower())
    left_words = clause_words[-_TENSE_REACH:]
    if left_words:
        last = (
            left_words[-1] if left_words[-1] not in ("on", "at", "in", "the") or len(left_words) < 2 else left_words[-2]
        )
        soon = left_words[-2:] == ["as", "soon"] or left_words[-3:-1] == ["as", "soon"]
        if (last in _FUTURE_BEFORE and (deadlines or last != "by")) or soon:
            return "future"
        if last in _PAST_BEFORE:
            return "past"
    best: tuple[int, str] | None = None
    for distance, index in enumerate(range(len(left_words) - 1, -1, -1)):
        cue = _cue(left_words, index)
        if cue:
            best = (distance, cue)
            break
    if best is None:
        # An intention governs its whole clause, however long the phrase it opens: "Merkel is due
        # to host an international conference on Libya in Berlin on Sunday".
        for index in range(len(clause_words) - len(left_words) - 1, -1, -1):
            if clause_words[index] in _INTENT and clause_words[index + 1] == "to":
                best = (_TENSE_REACH, _cue(clause_words, index) or "future")
                break
    right = text[end : min(sent_end, end + 100)]
    brk = _CLAUSE_BREAK.search(right)
    right_words = _WORD.findall((right[: brk.start()] if brk else right).lower())[:_TENSE_REACH]
    for distance, index in enumerate(range(len(right_words))):
        cue = _cue(right_words, index)
        if cue:
            # A cue before the expression wins ties: "said Thursday", "will meet Friday".
            if best is None or distance + 1 < best[0]:
                best = (distance, cue)
            break
    return best[1] if best else None


_INTENT = frozenset(
    _words("planned planning set scheduled expected due about going hoped wanted agreed decided is are")
)
_BE = frozenset(["be", "been", "being", "is", "are", "am", "get", "gets"])
_FINITE_PAST = frozenset(["was", "were", "had", "did"])


def _cue(words: list[str], index: int) -> str | None:
    word = words[index]
    if word in _INTENT and index + 1 < len(words) and words[index + 1] == "to":
        if "had" in words[max(0, index - 3) : index]:
            return "past"  # "had been due to expire Friday": the plan is over
        return "future"  # "planned to leave", "set to resume", "is to resume"
    if word in _FUTURE:
        return "future"
    if word in _PAST or (len(word) > 4 and word.endswith("ed") and word not in _NOT_PAST):
        if index > 1 and words[index - 1] == "be" and words[index - 2] == "to":
            return "future"  # "called for elections to be held in March": still to come
        # A participle after "be" ("will be presented", "was held"): its auxiliary decides.
        if word not in _FINITE_PAST and (
            (index > 0 and words[index - 1] in _BE) or (index > 1 and words[index - 2] in _BE)
        ):
            return None
        return "past"
    return None


# --- the scan -----------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    how: str = "explicit"
    anchor: str | None = None
    # False for comparison points ("a year earlier"): they do not become the topic date.
    sticky: bool = True


class _Scan:
    """State of one text: the anchor and the last calendar values seen, for anaphora."""

    def __init__(self, text: str, anchor: date | None) -> None:
        self.text = text
        self.anchor = anchor
        self.anchor_iso = anchor.isoformat() if anchor else None
        self.ref: _Point | None = None  # the last calendar value in the text
        # The reporting period under discussion ("the third quarter", "the first nine months"): what
        # "a year earlier" and "the year-ago period" compare with.
        self.period: _Point | None = None
        self.period_span: str | None = None  # "P9M" after "the first nine months"
        self.ref_day: _Point | None = None  # the last one precise to the day
        self.sent_start = 0
        self.sent_end = 0
        self.start = 0
        self.end = 0

    # -- helpers for handlers

    def tense(self, deadlines: bool = True) -> str | None:
        return _tense(self.text, self.start, self.end, self.sent_start, self.sent_end, deadlines)

    def word_before(self) -> str:
        words = _WORD.findall(self.text[max(self.sent_start, self.start - 30) : self.start])
        return words[-1].lower() if words else ""

    def text_after(self, size: int = 30) -> str:
        return self.text[self.end : min(self.sent_end, self.end + size)]

    def relative(self, value: str | Callable[[date], str], undated: str, mod: str | None = None,
                 kind: str = "DATE", how: str = "relative") -> _Found:  # fmt: skip
        """A value computed from the anchor, or ``undated`` when there is none."""
        if self.anchor is None:
            return _Found(self.start, self.end, kind, undated, mod, "undated", None)
        computed = value(self.anchor) if callable(value) else value
        return _Found(self.start, self.end, kind, computed, mod, how, self.anchor_iso)

    def anaphoric(self, value: Callable[[_Point], str], undated: str, mod: str | None = None,
                  kind: str = "DATE", day: bool = True) -> _Found:  # fmt: skip
        """A value computed from the previous date of the text (else the anchor)."""
        ref = self.ref_day if day else self.ref
        if ref is not None:
            return _Found(self.start, self.end, kind, value(ref), mod, "anchored", ref.value)
        if self.anchor is not None:
            point = _Point(self.anchor_iso or "", "day", self.anchor)
            return _Found(self.start, self.end, kind, value(point), mod, "relative", self.anchor_iso)
        return _Found(self.start, self.end, kind, undated, mod, "undated", None)

    def found(self, kind: str, value: str, mod: str | None = None, how: str = "explicit") -> _Found:
        return _Found(self.start, self.end, kind, value, mod, how, None)

    def remember(self, found: _Found) -> None:
        if found.type == "DURATION" and found.value in ("P6M", "P9M") and self.period is not None:
            # "In the first nine months, ...": the period under discussion is now the year to date.
            self.period = _Point(f"{self.period.day.year:04d}", "year", date(self.period.day.year, 1, 1))
            self.period_span = found.value
            return
        if not found.sticky or found.type not in ("DATE", "TIME") or found.value[:1] not in "012":
            return
        point = _point(found.value)
        if point is None:
            return
        if point.granularity in ("quarter", "half") and (self.anchor is None or point.day <= self.anchor):
            self.period = point  # forecasts ("the third quarter of 1990") are not what is being reported
            self.period_span = None
        self.ref = point
        if point.granularity == "day":
            self.ref_day = point


def _scan_sentence(scan: _Scan, start: int, end: int) -> Iterator[_Found]:
    text = scan.text
    scan.sent_start, scan.sent_end = start, end
    lowered = text[start:end].lower()
    if len(lowered) != end - start:  # a few characters lowercase to two; keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text[start:end])
    done = start  # nothing may start before the end of the last expression
    for trigger in _TRIGGER.finditer(lowered):
        t_start = trigger.start() + start
        if t_start < done:
            continue
        # Candidate starts: the trigger and the opener words right before it, tried leftmost first.
        window = max(done - start, trigger.start() - 60, 0)
        before = [
            (m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(lowered, window, trigger.start())
        ]
        if window > 0 and lowered[window - 1].isalnum() and before and before[0][0] == window + start:
            before = before[1:]  # a word cut by the window
        starts = [t_start]
        for o_start, o_end, word in reversed(before[-_MAX_OPENERS:]):
            if word not in _OPENERS or not _GAP.match(text, o_end, starts[-1]):
                break
            starts.append(o_start)
        for position in reversed(starts):
            results = _match_at(scan, position, end, t_start)
            if results:
                for found in results:
                    scan.remember(found)
                    yield found
                done = max(f.end for f in results)
                break


def _match_at(scan: _Scan, position: int, end: int, trigger: int) -> list[_Found] | None:
    """The expression starting at ``position`` and covering the trigger, by the first rule whose handler accepts it."""
    grammar = _DIGIT_GRAMMAR if scan.text[position].isdigit() else _GRAMMAR
    match = grammar.match(scan.text, position, end)
    if not match or match.end() <= trigger:
        return None
    rule = match.lastgroup or ""
    results = _handle(scan, rule, match)
    if results:
        return results
    # The handler said no (a count, not a year; "fall" the verb): later rules may still match here.
    for name, pattern in _SINGLE_RULES[_RULE_INDEX[rule] + 1 :]:
        match = pattern.match(scan.text, position, end)
        if match and match.end() > trigger:
            results = _handle(scan, name, match)
            if results:
                return results
    return None


def _handle(scan: _Scan, rule: str, match: re.Match[str]) -> list[_Found] | None:
    groups = {short: match.group(full) for full, short in _GROUPS[rule]}
    scan.start, scan.end = match.start(), match.end()
    try:
        return _HANDLERS[rule](scan, groups, match)
    except (ValueError, OverflowError):
        return None  # a date outside the calendar ("February 30", a year past 9999): not an expression


Groups = dict[str, "str | None"]
Handler = Callable[[_Scan, Groups, re.Match[str]], "list[_Found] | None"]


def _em_mod(word: str | None) -> str | None:
    if not word:
        return None
    word = " ".join(word.lower().split())
    word = word.removeprefix("the ")
    for key, mod in (("early", "START"), ("beginning", "START"), ("start", "START"), ("earlier", "START"),
                     ("late", "END"), ("end", "END"), ("later", "END"), ("mid", "MID"), ("middle", "MID"),
                     ("first half", "START"), ("second half", "END"), ("last half", "END"), ("pre", "BEFORE"),
                     ("post", "AFTER")):  # fmt: skip
        if word.startswith(key):
            return mod
    return None


def _mod(word: str | None, scan: _Scan | None = None) -> str | None:
    """The TIMEX3 mod of a modifier in the extent, else of "about"/"over" just before it."""
    if word:
        return _MODS.get(" ".join(word.lower().split()))
    if scan is not None:
        before = scan.word_before()
        if before in ("about", "approximately", "roughly", "around"):
            return "APPROX"
        if before == "over" and not scan.text[scan.start : scan.start + 4].lower().startswith("the "):
            return "MORE_THAN"
    return None


# How much a tense cue weighs against distance: a date in the direction the tense points may be
# this many times farther than one in the other direction. Tuned on the TempEval-3 training data
# (TimeBank + AQUAINT): 2..10 score within 3 values of each other for months. For weekdays a past
# tense always wins (7 > 6 days), while a future cue yields only to "yesterday" against a day six
# days ahead ("could not be located Wednesday" in a Thursday paper): 5 scored best there.
_TENSE_WEIGHT = {"past": 3.0, "future": 3.0}
_WEEKDAY_TENSE_WEIGHT = {"past": 7.0, "future": 5.0}
# Without any cue a weekday is read as past when the past one is at most twice as far: news reports events.
_WEEKDAY_PAST_BIAS = 2.0


def _closer(past_days: int, future_days: int, tense: str | None, weight: dict[str, float]) -> str:
    """ "past" or "future": the occurrence nearer the anchor once the tense cue is weighed in."""
    past_cost = past_days * (weight["future"] if tense == "future" else 1.0)
    future_cost = future_days * (weight["past"] if tense == "past" else 1.0)
    return "past" if past_cost <= future_cost else "future"


def _pick_year(month: int, day: int | None, anchor: date, tense: str | None) -> tuple[int, bool]:
    """The year of a month (and day) written without one; True when the tense decided it."""

    def span(year: int) -> tuple[date, date]:
        last = calendar.monthrange(year, month)[1]
        if day is not None:
            one = date(year, month, min(day, last))
            return one, one
        return date(year, month, 1), date(year, month, last)

    first, last = span(anchor.year)
    if first <= anchor <= last:
        return anchor.year, False
    if last < anchor:
        past_year, future_year = anchor.year, anchor.year + 1
    else:
        past_year, future_year = anchor.year - 1, anchor.year
    past_days = (anchor - span(past_year)[1]).days
    future_days = (span(future_year)[0] - anchor).days
    plain = _closer(past_days, future_days, None, _TENSE_WEIGHT)  # the nearer one
    chosen = plain if tense is None else _closer(past_days, future_days, tense, _TENSE_WEIGHT)
    return (past_year if chosen == "past" else future_year), chosen != plain


def _month_day(scan: _Scan, month: int, day: int | None, year: int | None) -> tuple[str, str, str | None]:
    """(value, how, anchor) of a month/day whose year may be missing."""
    tail = f"-{month:02d}" + (f"-{day:02d}" if day else "")
    if year is not None:
        return f"{year:04d}{tail}", "explicit", None
    if scan.anchor is None:
        return f"XXXX{tail}", "undated", None
    chosen, by_tense = _pick_year(month, day, scan.anchor, scan.tense())
    return f"{chosen:04d}{tail}", ("tense" if by_tense else "year_inferred"), scan.anchor_iso


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2000, month)[1]


# -- handlers, one per rule


def _h_clock(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    if g["noon"]:
        clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[g["noon"].lower()]
    elif g["h4"]:
        hour = int(g["h4"]) + (12 if g["pod4"] and g["pod4"].lower() != "morning" and int(g["h4"]) < 12 else 0)
        clock = f"{hour:02d}:00"
    elif g["hoc"]:
        number = _number(g["hoc"])
        if number is None or not 1 <= number <= 12:
            return None
        clock = f"{int(number):02d}:00"
    else:
        hour = int(g["h"] or g["h24"] or 0)
        minute = g["mi"] or g["mi24"] or "00"
        if g["ap"]:
            if hour == 0 or hour > 12:
                return None
            pm = g["ap"].lower().startswith("p")
            hour = hour % 12 + (12 if pm else 0)
        clock = f"{hour:02d}:{minute}"
    mod = "APPROX" if g["mod"] and g["mod"].lower() in ("about", "around", "approximately") else None
    day_word = (g["day"] or "").lower()
    named = _clock_on(scan, clock, mod, g["wd"], g["m"] or g["m2"], g["d"] or g["d2"])
    if named:
        return named
    offset = {"yesterday": -1, "tomorrow": 1}.get(day_word, 0)
    if not day_word and g["noon"] and scan.word_before() not in ("at", "by", "until", "before", "after", "since"):
        return None
    on_day = None if day_word else _ON_DAY.match(scan.text_after(40))
    if on_day:  # "at 6 a.m. on June 8", "at noon on Monday": the day named right after
        return _clock_on(scan, clock, mod, on_day["wd"], on_day["m"], on_day["d"])
    if not day_word and scan.ref_day is not None:
        # A bare clock time belongs to the day the narrative is on ("was shot at 10 p.m.").
        return [scan.anaphoric(lambda p: f"{p.day.isoformat()}T{clock}", f"XXXX-XX-XXT{clock}", mod, "TIME")]
    return [
        scan.relative(
            lambda a: f"{(a + timedelta(days=offset)).isoformat()}T{clock}", f"XXXX-XX-XXT{clock}", mod, "TIME"
        )
    ]


def _clock_on(
    scan: _Scan, clock: str, mod: str | None, weekday: str | None, month: str | None, day: str | None
) -> list[_Found] | None:
    """A clock time on a named day ("Monday", "June 8"; the month wins when both are named), if one is."""
    if month:
        value, how, _ = _month_day(scan, _MONTHS[month.lower().rstrip(".")], int(_digits(day)), None)
        return [_Found(scan.start, scan.end, "TIME", f"{value}T{clock}", mod, how, scan.anchor_iso)]
    if weekday:
        found = _weekday(scan, _WEEKDAYS[weekday.lower()], None)
        return [dataclasses.replace(found, type="TIME", value=f"{found.value}T{clock}", mod=mod)]
    return None


_ON_DAY = re.compile(rf"\s+on\s+(?:(?P<wd>{_WEEKDAY})\b|(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b)", re.IGNORECASE)


def _digits(text: str | None) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit()) or "0"


def _day_number(text: str) -> int:
    if text[:1].isdigit():
        return int(_digits(text))
    word = text.lower().replace("twenty-", "twenty").replace("thirty-", "thirty")
    for prefix, base in (("twenty", 20), ("thirty", 30)):
        if word.startswith(prefix) and word != prefix + "ieth":
            rest = word[len(prefix) :].strip()
            return base + _ORDINALS.get(rest, 0) if rest else base
    return _ORDINALS.get(word, 0)


def _h_datelist(scan: _Scan, g: Groups, m: re.Match[str]) -> list[_Found] | None:
    month = _MONTHS[(g["m"] or "").lower().rstrip(".")]
    first, second = int(_digits(g["d1"])), int(_digits(g["d2"]))
    if second <= first or not _valid(2000, month, second):
        return None
    year = _year(g["y"]) if g["y"] else None
    out = []
    for day, span in (
        (first, (m.start("datelist"), m.end("datelist__d1"))),
        (second, (m.start("datelist__d2"), m.end())),
    ):
        scan.start, scan.end = span
        value, how, anchor = _month_day(scan, month, day, year)
        out.append(_Found(span[0], span[1], "DATE", value, None, how, anchor))
    return out


def _h_date(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    month_word = g["m"] or g["m2"] or ""
    month = _MONTHS[month_word.lower().rstrip(".")]
    day = _day_number(g["d"] or g["d2"] or "")
    year_text = g["y"] or g["y2"]
    year = _year(year_text) if year_text else None
    if not _valid(year or 2000, month, day):
        return None
    value, how, anchor = _month_day(scan, month, day, year)
    if g["weekof"] and value[:1].isdigit():
        value = _week(date.fromisoformat(value))  # "the week of March 6"
    return [_Found(scan.start, scan.end, "DATE", value, None, how, anchor)]


def _h_iso(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    year, month, day = int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0)
    if not _valid(year, month, day):
        return None
    return [scan.found("DATE", f"{year:04d}-{month:02d}-{day:02d}")]


def _h_slash(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    a, b, year = int(g["a"] or 0), int(g["b"] or 0), int(g["y"] or 0)
    if year < 100:
        year += 1900 if year > 50 else 2000
    month, day = (a, b) if a <= 12 else (b, a)
    if not _valid(year, month, day):
        return None
    return [scan.found("DATE", f"{year:04d}-{month:02d}-{day:02d}")]


def _h_relmonth(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    month = _MONTHS[(g["m"] or g["m2"] or "").lower()]
    rel = " ".join((g["rel"] or g["rel2"] or "").lower().split())
    mod = _em_mod(g["em"])
    if rel == "that":
        return [scan.anaphoric(lambda p: f"{p.day.year:04d}-{month:02d}", f"XXXX-{month:02d}", mod, day=False)]
    if scan.anchor is None:
        return [scan.found("DATE", f"XXXX-{month:02d}", mod, "undated")]
    anchor = scan.anchor
    if g["rel2"]:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
    elif rel in ("last", "this past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "this coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:  # this
        year = anchor.year
    return [scan.relative(f"{year:04d}-{month:02d}", f"XXXX-{month:02d}", mod)]


def _h_month(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    word = g["m"] or ""
    month = _MONTHS[word.lower().rstrip(".")]
    year = _year(g["y"]) if g["y"] else None
    mod = _em_mod(g["em"] or g["pos"])
    if year is None:
        before = scan.word_before()
        if (
            word.lower() in ("may", "march")
            and not mod
            and (before not in _MONTH_CONTEXT or re.match(r"\s+of\s+(?!\d)", scan.text_after(8)))
        ):
            return None  # the verb "may", "the March of the Mothers"
        if not word.endswith(".") and len(word) <= 4 and word.lower() not in ("may", "june", "july"):
            return None
    value, how, anchor = _month_day(scan, month, None, year)
    return [_Found(scan.start, scan.end, "DATE", value, mod, how, anchor)]


_SEASON_CONTEXT = frozenset(
    _words(
        "in during since until till by through throughout before after over last this next early late mid every "
        "each into toward towards from for"
    )
)
_MONTH_CONTEXT = frozenset(
    _words(
        "in since until till by from during before after through early late mid last next this of to between and or the"
    )
)


def _h_decade(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    mod = _em_mod(g["em"] or g["ord"])
    if g["w"]:
        if not scan.text[scan.start : scan.end].lower().startswith("the"):
            return None
        century = scan.anchor.year // 100 if scan.anchor else 19
        if scan.anchor and _DECADE_WORDS[g["w"].lower()] * 10 > scan.anchor.year % 100 + 5:
            century -= 1
        return [scan.found("DATE", f"{century}{_DECADE_WORDS[g['w'].lower()]}X", mod)]
    if g["d2"]:
        decade = int(g["d2"])
        century = scan.anchor.year // 100 if scan.anchor else 19
        if scan.anchor and decade * 10 > scan.anchor.year % 100 + 5:
            century -= 1
        return [scan.found("DATE", f"{century}{decade}X", mod)]
    return [scan.found("DATE", f"{g['c']}{g['d']}X", mod)]


def _h_century(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    mod = _em_mod(g["em"])
    if g["rel"]:
        rel = g["rel"].lower().split()[-1]
        shift = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1}[rel]
        return [scan.relative(lambda a: f"{a.year // 100 + shift:02d}", "XX", mod)]
    number = int(g["n"]) if g["n"] else _day_number(g["w"] or "")
    if not 1 <= number <= 21:
        return None
    return [scan.found("DATE", f"{number - 1:02d}", mod)]


def _h_quarter(scan: _Scan, g: Groups, m: re.Match[str]) -> list[_Found] | None:
    half = (g["unit"] or "").lower() == "half"
    if g["the"] and not g["pre"] and not g["y2"] and not g["ry2"] and "-" in scan.text[scan.start : scan.end]:
        scan.start = m.end("quarter__the") + 1
        while scan.text[scan.start].isspace():
            scan.start += 1  # "the third-quarter results": TimeBank tags the adjective alone
    if g["qn"]:
        number = int(g["qn"])
    else:
        word = (g["q"] or "").lower()
        number = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(
            word, 2 if half else 4
        )
        if half and number > 2:
            return None
    letter = "H" if half else "Q"
    year_text = g["y1"] or g["y2"] or g["y3"]
    pre = (g["pre"] or "").lower()
    if year_text:
        return [scan.found("DATE", f"{_year(year_text):04d}-{letter}{number}")]
    rel = (g["ry"] or g["ry2"] or "").lower()
    shift = {"last": -1, "next": 1, "this": 0}.get(rel, 0)
    if pre.startswith(("year", "prior", "comparable")):
        shift = -1
    if scan.anchor is None:
        return [scan.found("DATE", f"XXXX-{letter}{number}", None, "undated")]
    if not rel and not pre.startswith(("year", "prior", "comparable")):
        # A bare "the third quarter": the most recent one (reports follow the quarter), unless future.
        current = _quarter(scan.anchor) if not half else (1 if scan.anchor.month <= 6 else 2)
        tense = scan.tense()
        if number > current and tense == "past":
            shift = -1
        return [scan.relative(f"{scan.anchor.year + shift:04d}-{letter}{number}", "", how="year_inferred")]
    return [scan.relative(f"{scan.anchor.year + shift:04d}-{letter}{number}", "")]


def _h_yearago(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    if g["back"]:
        return [_year_back(scan, 1)]
    period = " ".join((g["p"] or g["p2"] or "").lower().split())
    if g["y"]:
        year = int(g["y"])
        if period in ("nine months", "six months"):
            return [scan.found("DURATION", "P9M" if period.startswith("nine") else "P6M")]
        ref = scan.period
        if ref is not None and ref.granularity == "quarter" and period in ("period", "quarter"):
            found = scan.found("DATE", f"{year:04d}{ref.value[4:]}", how="anchored")
        else:
            found = scan.found("DATE", f"{year:04d}")
        found.sticky = False  # "the 1988 period" is a comparison point, not the period reported on
        return [found]
    if not scan.text[scan.start : scan.end].lower().startswith(("the", "year")) and not period:
        return None
    if not period and scan.text[scan.start : scan.end].lower().startswith("the "):
        scan.start += 4  # "the year-ago results": the adjective alone
    if period in ("nine months", "six months"):
        return [scan.found("DURATION", "P9M" if period.startswith("nine") else "P6M")]
    if period == "period" and scan.period_span:
        return [scan.found("DURATION", scan.period_span)]  # the same nine months a year before
    return [_year_back(scan, 1)]


_COMPARISON = re.compile(r"\b(?:compared\s+with|compared\s+to|from|versus|than|against)\b[^.;,]*\Z", re.IGNORECASE)


def _year_back(scan: _Scan, years: int, mod: str | None = None) -> _Found:
    """A year before the period under discussion: the same quarter or half of the previous year."""
    ref = scan.period
    if ref is not None and ref.granularity in ("quarter", "half"):
        found = _Found(scan.start, scan.end, "DATE", _shift_point(ref, -years, "Y"), mod, "anchored", ref.value)
    else:
        found = scan.relative(lambda a: f"{a.year - years:04d}", "XXXX", mod)
    found.sticky = False
    return found


def _h_season(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    season = _SEASONS[(g["s"] or "").lower()]
    rel = " ".join((g["rel"] or "").lower().split())
    mod = _em_mod(g["em"])
    if g["y"]:
        return [scan.found("DATE", f"{_year(g['y']):04d}-{season}", mod)]
    if not rel or rel == "the":
        before = scan.word_before()
        if not g["em"] and before not in _SEASON_CONTEXT:
            return None  # "prices fall", "the spring water"
        if (g["s"] or "").lower() == "fall" and not g["em"] and rel == "the" and scan.text_after(4).startswith(" of"):
            return None
    if rel == "that" or (rel.startswith("the ") and rel != "the"):
        return [scan.anaphoric(lambda p: f"{p.day.year:04d}-{season}", f"XXXX-{season}", mod, day=False)]
    if scan.anchor is None:
        return [scan.found("DATE", f"XXXX-{season}", mod, "undated")]
    anchor = scan.anchor
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
    now = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(anchor.month, "FA")
    year = anchor.year - (1 if anchor.month <= 2 and season == "WI" else 0)
    tense = scan.tense() if rel in ("", "the") else None
    if rel in ("last", "past", "this past") or tense == "past":
        year -= season == now or starts[season] > anchor.month
    elif rel in ("next", "coming", "this coming") or tense == "future":
        year += season == now or starts[season] < anchor.month
    return [scan.relative(f"{year:04d}-{season}", f"XXXX-{season}", mod)]


def _weekday(scan: _Scan, weekday: int, rel: str | None, mod: str | None = None) -> _Found:
    rel = " ".join((rel or "").lower().split())
    if rel in ("the previous", "the following", "the next", "that"):
        step = {"the previous": -1, "the following": 1, "the next": 1, "that": 0}[rel]

        def from_ref(p: _Point) -> str:
            delta = (weekday - p.day.weekday()) % 7
            if step < 0:
                delta = delta - 7 if delta else -7
            elif step > 0 and delta == 0:
                delta = 7
            return (p.day + timedelta(days=delta)).isoformat()

        return scan.anaphoric(from_ref, f"XXXX-WXX-{weekday + 1}", mod)
    if scan.anchor is None:
        return scan.found("DATE", f"XXXX-WXX-{weekday + 1}", mod, "undated")
    anchor = scan.anchor
    back = (anchor.weekday() - weekday) % 7  # days since the last such weekday (0: today)
    ahead = (weekday - anchor.weekday()) % 7
    if rel in ("last", "this past", "past"):
        day = anchor - timedelta(days=back or 7)
    elif rel in ("next", "this coming", "coming"):
        day = anchor + timedelta(days=ahead or 7)
    elif back == 0:
        day = anchor
    else:
        tense = scan.tense(deadlines=False)
        if tense is None:
            chosen = _closer(back, ahead, "past", {"past": _WEEKDAY_PAST_BIAS, "future": 1.0})
        else:
            chosen = _closer(back, ahead, tense, _WEEKDAY_TENSE_WEIGHT)
        day = anchor + timedelta(days=ahead) if chosen == "future" else anchor - timedelta(days=back)
    return _Found(scan.start, scan.end, "DATE", day.isoformat(), mod, "tense", scan.anchor_iso)


def _h_weekday(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    found = _weekday(scan, _WEEKDAYS[(g["wd"] or "").lower()], g["rel"], _em_mod(g["em"]))
    pod = (g["pod"] or "").lower()
    if pod:
        part = {"midday": "T12:00", "noon": "T12:00"}.get(pod) or "T" + _PARTS_OF_DAY[pod]
        found = dataclasses.replace(found, type="TIME", value=found.value + part)
    return [found]


def _h_deictic(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    if g["before"]:
        offset = -2 if "before" in g["before"].lower() else 2
        return [scan.relative(lambda a: (a + timedelta(days=offset)).isoformat(), "XXXX-XX-XX")]
    if g["lastnight"]:
        return [scan.relative(lambda a: (a - timedelta(days=1)).isoformat() + "TNI", "XXXX-XX-XXTNI", kind="TIME")]
    if g["pod2"]:
        part = _PARTS_OF_DAY[g["pod2"].lower()]
        return [scan.relative(lambda a: f"{a.isoformat()}T{part}", f"XXXX-XX-XXT{part}", _em_mod(g["em2"]), "TIME")]
    if g["mid"]:
        pod = (g["pod3"] or "").lower()
        part = "T12:00" if pod == "day" else "T" + _PARTS_OF_DAY[pod]
        dw = (g["dw3"] or "").lower()
        if dw in _WEEKDAYS:
            day = _weekday(scan, _WEEKDAYS[dw], None, "MID")
            return [dataclasses.replace(day, type="TIME", value=day.value + part)]
        offset = {"yesterday": -1, "tomorrow": 1}.get(dw, 0)
        return [
            scan.relative(lambda a: (a + timedelta(days=offset)).isoformat() + part, "XXXX-XX-XX" + part, "MID", "TIME")
        ]
    word = (g["dw"] or "").lower()
    if (g["dw"] or "") == "Today" and not g["em"] and re.search(r"[\w,]\s+\Z", scan.text[scan.sent_start : scan.start]):
        return None  # "USA Today", "This is VOA Today": a name
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    mod = _em_mod(g["em"])
    pod = (g["pod"] or "").lower()
    part = "TNI" if word == "tonight" else ("T" + _PARTS_OF_DAY[pod] if pod else "")
    return [
        scan.relative(
            lambda a: (a + timedelta(days=offset)).isoformat() + part,
            "XXXX-XX-XX" + part,
            mod,
            "TIME" if part else "DATE",
        )
    ]


def _h_ref(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    if g["present"]:
        word = " ".join(g["present"].lower().split())
        if word == "at present":
            scan.start += 3
        elif word == "now" and (
            scan.text_after(9).lower().startswith(("-defunct", " defunct")) or scan.word_before() == "from"
        ):
            return None
        return [scan.found("DATE", "PRESENT_REF", how="relative")]
    if g["past"]:
        if g["past"].lower().startswith("in "):
            scan.start += 3
        return [scan.found("DATE", "PAST_REF", how="relative")]
    word = " ".join((g["future"] or "").lower().split())
    if word == "soon" and (
        scan.word_before() == "as" or re.match(r"\s+(?:as|after|before|afterwards?)\b", scan.text_after(12).lower())
    ):
        return None
    return [scan.found("DATE", "FUTURE_REF", how="relative")]


def _h_ago(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    direction = " ".join((g["dir"] or g["dir2"] or "").lower().split())
    if direction in ("before", "after") and not re.match(r"\s*(?:[.,;:)\"']|$|and\b|but\b)", scan.text_after(8)):
        return None  # "two days after the vote" is a duration; only "a day after," on its own is a date
    unit_word = g["u"] or g["bare"] or ""
    unit = _unit(unit_word)
    mod = _mod(g["mod"], scan) or ("APPROX" if g["orso"] else None)
    if g["vague"] or g["bare"] or unit in ("H", "MIN", "S"):
        if unit in ("H", "MIN", "S"):
            return None
        value = "PAST_REF" if direction in ("ago", "earlier", "before", "back") else "FUTURE_REF"
        return [scan.found("DATE", value, mod, "relative")]
    amount = _number(g["n"] or "")
    if amount is None or amount != int(amount):
        return None
    n = int(amount)
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    if unit in ("DE", "CE", "ML"):
        n, unit = n * {"DE": 10, "CE": 100, "ML": 1000}[unit], "Y"
    if unit == "FN":
        n, unit = n * 2, "W"
    if unit == "WE":
        unit = "W"
    granularity = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter"}[unit]
    anaphoric = direction in ("earlier", "later", "before", "after")
    if unit == "Y" and n == 1 and direction in ("ago", "earlier"):
        return [_year_back(scan, 1, mod)]

    def shift(point: _Point) -> str:
        target = dataclasses.replace(point, granularity=granularity) if granularity != "year" else point
        return _shift_point(dataclasses.replace(target, granularity=granularity), sign * n, unit)

    undated = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "day": "XXXX-XX-XX", "quarter": "XXXX-QX"}
    if anaphoric:
        return [scan.anaphoric(shift, undated[granularity], mod, day=granularity == "day")]
    if scan.anchor is None:
        return [scan.found("DATE", undated[granularity], mod, "undated")]
    return [scan.relative(shift(_Point(scan.anchor_iso or "", "day", scan.anchor)), undated[granularity], mod)]


def _h_anaphor(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    mod = _em_mod(g["em"]) or ("APPROX" if g["orso"] else None)
    if g["daybefore"]:
        step = -1 if "before" in g["daybefore"].lower() else 1
        return [scan.anaphoric(lambda p: (p.day + timedelta(days=step)).isoformat(), "XXXX-XX-XX", mod)]
    rel = " ".join((g["rel"] or "").lower().split())
    unit = (g["u"] or "").lower()
    step = (
        1
        if rel in ("the following", "the next")
        else -1
        if rel in ("the previous", "the preceding", "the prior")
        else 0
    )
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        part = "" if unit == "day" else "T" + _PARTS_OF_DAY[unit]
        return [
            scan.anaphoric(
                lambda p: (p.day + timedelta(days=step)).isoformat() + part,
                "XXXX-XX-XX" + part,
                mod,
                "TIME" if part else "DATE",
            )
        ]
    letter = {"week": "W", "weekend": "W", "month": "M", "year": "Y"}[unit]
    granularity = {"W": "week", "M": "month", "Y": "year"}[letter]
    suffix = "-WE" if unit == "weekend" else ""

    def shift(p: _Point) -> str:
        return _shift_point(dataclasses.replace(p, granularity=granularity), step, letter) + suffix

    undated = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX"}[unit]
    return [scan.anaphoric(shift, undated, mod, day=False)]


def _h_span(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    unit = _unit(g["u"] or "")
    rel = (g["rel"] or "").lower()
    if g["vague"] and rel in ("past", "last") and g["vague"].lower() in ("few", "several") and not g["mod"]:
        return [scan.found("DATE", "PAST_REF", how="relative")]  # "over the past few months": the recent past
    amount = None if g["vague"] else _number(g["n"] or "")
    if g["n"] and amount is None:
        return None
    mod = _mod(g["mod"], scan) or ("APPROX" if g["orso"] or g["n2"] else None)
    return [scan.found("DURATION", _duration(amount, unit), mod)]


def _h_relunit(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    rel = " ".join((g["rel"] or "").lower().split())
    unit = (g["u"] or "").lower()
    if (g["u"] or "")[:1].isupper() and not (g["u"] or "").isupper():
        return None  # a title: ABC's "This Week"
    em = " ".join((g["em"] or "").lower().split())
    mod = _em_mod(em) or ("APPROX" if g["orso"] else None)
    after = scan.text_after(12).lower()
    if unit == "period":
        if rel not in ("the latest", "the current", "the previous"):
            return None
        unit = "quarter"
    if rel == "the":
        if unit in ("decade",):
            return None
        if unit == "year" and re.match(r"\s+(?:ended|ending|to\s+date|before|earlier|ago|after|later)\b", after):
            if re.match(r"\s+(?:before|earlier|ago)", after):
                return None
            return [scan.found("DURATION", "P1Y", mod)]
        if unit == "quarter" and re.match(r"\s+(?:before|earlier|ago)", after):
            return None
        if unit == "week" and not em and scan.word_before() not in ("for", "during", "in", "of", "over", "through"):
            return None
        if unit in ("month",) and not em:
            return None
    if unit == "decade" and rel in ("past", "the past", "the last"):
        return [scan.found("DURATION", "P10Y", mod)]  # "over the past decade": the ten years up to now
    if em.startswith(("rest", "remainder", "balance")):
        mod = None
    if em.startswith(("sometime", "some time")):
        mod = None
    shift = {"last": -1, "past": -1, "the past": -1, "the last": -1, "this past": -1, "the previous": -1,
             "next": 1, "coming": 1, "the coming": 1, "the next": 1, "this coming": 1}.get(rel, 0)  # fmt: skip
    if unit == "quarter":
        ref = scan.ref
        if rel in ("that",) and ref is not None and ref.granularity == "quarter":
            return [_Found(scan.start, scan.end, "DATE", ref.value, mod, "anchored", ref.value)]
        if rel in ("the", "the latest"):
            # Companies report on the quarter just ended.
            def last_quarter(a: date) -> str:
                year, month = _add_months(a.year, a.month, -3)
                return f"{year:04d}-Q{(month - 1) // 3 + 1}"

            return [scan.relative(last_quarter, "XXXX-QX", mod)]

        def quarter(a: date) -> str:
            year, month = _add_months(a.year, a.month, 3 * shift)
            return f"{year:04d}-Q{(month - 1) // 3 + 1}"

        return [scan.relative(quarter, "XXXX-QX", mod)]
    if rel == "that":
        return None
    if unit == "year":
        if g["fy"] and rel == "the":
            return [scan.found("DURATION", "P1Y", mod)]  # "throughout the fiscal year"
        if rel == "the" and scan.ref is not None and scan.ref.granularity in ("year", "quarter", "month", "day"):
            year_ref = scan.ref
            return [_Found(scan.start, scan.end, "DATE", year_ref.value[:4], mod, "anchored", year_ref.value)]
        if (
            rel == "last"
            and not em
            and _COMPARISON.search(scan.text[max(scan.sent_start, scan.start - 45) : scan.start])
        ):
            # "profit rose to $5 million from $3 million last year" in a quarterly report: that quarter a year ago.
            return [_year_back(scan, 1, mod)]
        return [scan.relative(lambda a: f"{a.year + shift:04d}", "XXXX", mod)]
    if unit == "month":
        return [scan.relative(lambda a: "{:04d}-{:02d}".format(*_add_months(a.year, a.month, shift)), "XXXX-XX", mod)]
    if unit == "week":
        return [scan.relative(lambda a: _week(a + timedelta(weeks=shift)), "XXXX-WXX", mod)]
    if unit == "weekend":
        if rel == "the" and scan.anchor is not None and scan.anchor.weekday() < 4 and scan.tense() != "future":
            shift = -1  # "over the weekend" in a Monday paper is the one just past
        return [scan.relative(lambda a: _week(a + timedelta(weeks=shift)) + "-WE", "XXXX-WXX-WE", mod)]
    if unit == "decade":
        return [
            scan.relative(lambda a: f"{(a.year // 10 + shift) // 10:02d}{(a.year // 10 + shift) % 10}X", "XXXX", mod)
        ]
    return None


def _h_yearend(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    mod = "APPROX" if g["mod"] else "END"
    if (g["u"] or "").lower() == "month":
        return [scan.relative(lambda a: f"{a.year:04d}-{a.month:02d}", "XXXX-XX", mod)]
    return [scan.relative(lambda a: f"{a.year:04d}", "XXXX", mod)]  # the end of the year being reported on


_COUNTED = re.compile(
    r"\s*(?:%|percent|per\b|people|persons|men|women|children|troops|soldiers|workers|members|employees|jobs|"
    r"units|cars|vehicles|homes|houses|tons|tonnes|barrels|miles|kilometers|km|feet|meters|metres|acres|shares|"
    r"votes|cases|deaths|dead|killed|km|[a-z]+ers\b|[a-z]+ians\b)",
    re.IGNORECASE,
)


_QUANTIFIERS = frozenset(_words("about some nearly almost than only just over under"))
_LABELS = frozenset(
    _words(
        "page pages room rooms flight route number no nos model code article section chapter bus highway "
        "interstate gate platform apartment suite box item resolution lot plot unit ward precinct channel track "
        "jersey"
    )
)


def _h_year(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    year = _year(g["y"] or "")
    if year is None:
        return None
    spelled = not (g["y"] or "")[:1].isdigit()
    text = scan.text
    if not spelled and not g["fy"] and not g["em"]:
        limit = (scan.anchor.year if scan.anchor else 2030) + 30
        if not 1000 <= year <= limit or (year < 1700 and scan.word_before() not in ("in", "since", "of", "from")):
            return None
        if _COUNTED.match(text, scan.end) or text[max(0, scan.start - 1) : scan.start] in ("$", "#", "£", "€"):
            return None
        before = scan.word_before()
        if before in _LABELS:
            return None  # "page 2020", "room 1205", "Flight 1549": a number, not a year
        if before in _QUANTIFIERS and not re.match(r"\s*[,.;:)]", text[scan.end : scan.end + 2]):
            return None  # "about 1500 troops", "more than 2000 of them": a count
    mod = _em_mod(g["em"])
    orl = " ".join((g["orl"] or "").lower().split())
    if orl:
        mod = "ON_OR_BEFORE" if orl.endswith(("earlier", "before")) else "ON_OR_AFTER"
    em = (g["em"] or "").lower()
    if "half" in em:
        value = f"{year:04d}-H{1 if em.startswith('first') or em.startswith('the first') else 2}"
        return [scan.found("DATE", value)]
    if em.startswith(("rest", "remainder", "balance", "the rest", "the remainder", "the balance")):
        mod = None
    return [scan.found("DATE", f"{year:04d}", mod)]


def _h_set(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    if g["adv"]:
        adv = g["adv"].lower().replace("-", "")
        if adv == "quarterly" and re.match(r"\s+[a-z]", scan.text_after(3)):
            return None  # "its quarterly dividend": a kind of payment, not a recurring time
        value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                 "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "bimonthly": "P2M",
                 "semiannually": "P6M"}[adv]  # fmt: skip
        return [scan.found("SET", value)]
    if g["wds"]:
        return [scan.found("SET", f"XXXX-WXX-{_WEEKDAYS[g['wds'].lower()] + 1}")]
    if g["freq"]:
        return [scan.found("SET", _duration(1, _unit(g["u2"] or "")))]
    amount = _number(g["n"]) if g["n"] else 1.0
    if g["other"]:
        amount = 2.0 * (amount or 1)
    if g["wd"]:
        return [scan.found("SET", f"XXXX-WXX-{_WEEKDAYS[g['wd'].lower()] + 1}")]
    if g["m"]:
        return [scan.found("SET", f"XXXX-{_MONTHS[g['m'].lower()]:02d}")]
    if g["pod"]:
        return [scan.found("SET", f"XXXX-XX-XXT{_PARTS_OF_DAY[g['pod'].lower()]}")]
    if g["s"]:
        return [scan.found("SET", f"XXXX-{_SEASONS[g['s'].lower()]}")]
    unit = _unit(g["u"] or "")
    if unit == "WE":
        return [scan.found("SET", "XXXX-WXX-WE")]
    return [scan.found("SET", _duration(amount, unit))]


def _h_holiday(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    name = " ".join((g["h"] or "").lower().split())
    week = name in ("easter week", "holy week")
    rule = _easter if week else _HOLIDAYS.get(name)
    if rule is None:
        return None

    def render(day: date) -> str:
        return _week(day) if week else day.isoformat()

    if g["y"]:
        return [scan.found("DATE", render(rule(int(g["y"]))))]
    if scan.anchor is None:
        return [scan.found("DATE", "XXXX-WXX" if week else "XXXX-XX-XX", None, "undated")]
    anchor = scan.anchor
    this_year = rule(anchor.year)
    if week and _week(this_year) == _week(anchor):
        return [_Found(scan.start, scan.end, "DATE", render(this_year), None, "tense", scan.anchor_iso)]
    past = this_year if this_year <= anchor else rule(anchor.year - 1)
    future = this_year if this_year >= anchor else rule(anchor.year + 1)
    chosen = _closer((anchor - past).days, (future - anchor).days, scan.tense(), _TENSE_WEIGHT)
    day = past if chosen == "past" else future
    return [_Found(scan.start, scan.end, "DATE", render(day), None, "tense", scan.anchor_iso)]


_SOMEDAY_BEFORE = frozenset(_words("will would could might may can should shall he she they we i you it who"))


def _h_duration(scan: _Scan, g: Groups, m: re.Match[str]) -> list[_Found] | None:
    unit_word = (g["u"] or "").lower()
    unit = _unit(unit_word)
    n_text = " ".join((g["n"] or "").lower().split())
    amount = None if g["vague"] else _number(n_text)
    if g["n"] and amount is None:
        return None
    plural = (unit_word.endswith(("s", "ia")) and unit_word not in ("centuries",)) or unit_word == "centuries"
    if n_text in ("a", "an", "one", "a dozen") and plural and not unit_word.endswith("ss"):
        return None
    if g["vague"] and not plural and "-" not in scan.text[scan.start : scan.end]:
        return None  # "several year" is not English; "a several-year tenure" is
    if g["the"] and not g["n"]:
        return None
    if g["the"] and re.match(r"\S+-", scan.text[m.start("duration__n") : scan.end]):
        scan.start = m.start("duration__n")  # "the two-week trip": the adjective alone
    if unit_word and (g["u"] or "")[:1].isupper() and not (g["u"] or "").isupper():
        return None  # a title: CBS's "60 Minutes"
    before = scan.word_before()
    if n_text in ("a", "an") and not g["mod"] and not g["the"]:
        # "$5 a year", "twice a day": a rate, not a length of time.
        if before in ("times", "once", "twice"):
            return [scan.found("SET", _duration(1, unit))]
        window = scan.text[max(scan.sent_start, scan.start - 25) : scan.start].lower()
        if before in ("per", "a") or re.search(rf"(?:[\d%]|\b{_NUMWORD})\s*\w*\s*\w*\s*$", window):
            return None  # a rate ("$5 a year", "four flights a week"), not a stretch of time
    if (
        g["n"]
        and g["n"][:1].isdigit()
        and unit in ("D", "W", "M", "Y")
        and re.match(r"\s*(?:%|percent)", scan.text_after(9))
    ):
        return None
    fraction = n_text in ("a", "an", "one", "three") and re.match(r"\s+of\b", scan.text_after(4))
    if unit == "Q" and (fraction or "-" in scan.text[scan.start : scan.end]):
        return None  # "three-quarters of its food", "a quarter of the market": fractions
    if unit == "S" and n_text in ("a", "an", "one", "the"):
        return None  # "a second group"
    if n_text == "one" and unit == "D" and not g["mod"] and before in _SOMEDAY_BEFORE:
        return [scan.found("DATE", "FUTURE_REF", how="relative")]  # "he will one day lead"
    if g["half"] and amount is not None:
        amount += 0.5
    if g["vague"] and g["vague"].lower() in ("some",) and unit not in ("Y", "M", "W", "D", "DE"):
        return None
    mod = _mod(g["mod"], scan) or ("APPROX" if g["orso"] or g["n2"] else None)
    if (g["old"] and g["old"].lower() == "-old") or re.match(r"[\s-]+old\b", scan.text_after(6)):
        return None  # an age ("a 6-year-old boy"), not a stretch of time
    return [scan.found("DURATION", _duration(amount, unit), mod)]


def _h_vagueunit(scan: _Scan, g: Groups, _m: re.Match[str]) -> list[_Found] | None:
    before = scan.word_before()
    if g["fullyear"]:
        return [scan.relative(lambda a: f"{a.year:04d}", "XXXX")]  # the year being reported on
    if g["awhile"]:
        return [scan.found("DURATION", "PXX")] if before == "for" else None
    if g["pastyears"]:
        return [scan.found("DATE", "PAST_REF", how="relative")] if before != "the" else None
    if g["theyears"]:
        return [scan.found("DURATION", "PXY")] if before in ("over", "through", "throughout") else None
    if g["bare"]:
        # "for years", "within weeks", "the first time in years."
        after = scan.text_after(2)
        if before in ("for", "within", "over") or (before == "in" and re.match(r"\s*[.,;]", after)):
            return [scan.found("DURATION", _duration(None, _unit(g["bare"])))]
        return None
    unit_word = (g["u"] or g["u2"] or g["u3"] or "").lower()
    unit = _unit(unit_word)
    rel = " ".join((g["rel"] or "").lower().split())
    if g["u2"]:
        scan.end = scan.start + len(g["u2"])
        return [scan.found("DURATION", _duration(None, unit))]
    if rel in ("the coming", "coming") and unit_word == "quarters":
        return [scan.found("DATE", "FUTURE_REF", how="relative")]
    if (rel == "recent" and unit_word == "years") or rel in (
        "the past few",
        "the last few",
        "the past several",
        "the last several",
    ):
        return [scan.found("DATE", "PAST_REF", how="relative")]  # "in recent years": the recent past, not a length
    return [scan.found("DURATION", _duration(None, unit))]


_HANDLERS: dict[str, Handler] = {
    "clock": _h_clock,
    "datelist": _h_datelist,
    "date": _h_date,
    "iso": _h_iso,
    "slash": _h_slash,
    "relmonth": _h_relmonth,
    "month": _h_month,
    "decade": _h_decade,
    "century": _h_century,
    "quarter": _h_quarter,
    "yearago": _h_yearago,
    "season": _h_season,
    "weekday": _h_weekday,
    "deictic": _h_deictic,
    "ref": _h_ref,
    "ago": _h_ago,
    "anaphor": _h_anaphor,
    "span": _h_span,
    "relunit": _h_relunit,
    "yearend": _h_yearend,
    "year": _h_year,
    "set": _h_set,
    "holiday": _h_holiday,
    "duration": _h_duration,
    "vagueunit": _h_vagueunit,
}
assert set(_HANDLERS) == {name for name, _ in _RULES}


# --- public API -----------------------------------------------------------------------


def extract_timexes(
    text: str,
    anchor: date | None,
    article_id: str = "",
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[TimeExpr]:
    """Time expressions of ``text``, normalized against ``anchor`` (the publication date).

    ``sentences`` are (start, end) offsets; by default the rule-based splitter's. Each
    expression carries its sentence index. With ``anchor=None`` nothing relative is guessed.
    """
    spans = list(split_sentences(text)) if sentences is None else list(sentences)
    return _timexes(text, anchor, article_id, spans, range(len(spans)), "")


def _timexes(
    text: str,
    anchor: date | None,
    article_id: str,
    spans: Sequence[tuple[int, int]],
    indices: Sequence[int],
    stage: str,
) -> list[TimeExpr]:
    scan = _Scan(text, anchor)
    out: list[TimeExpr] = []
    narrative: _Point | None = None  # the day of the last sentence whose main clause names one
    for index, (start, end) in zip(indices, spans, strict=True):
        # "The same day", "the next day" in a new sentence continue the story's day, not a day
        # named in a subordinate clause ("... said the bill could pass around January 8").
        scan.ref_day = narrative or scan.ref_day
        main: _Point | None = None  # the sentence's first day in its main clause, as in dated_sentences
        for f in _scan_sentence(scan, start, end):
            if main is None and f.sticky and f.type in ("DATE", "TIME"):
                point = _point(f.value) if f.value[:1] in "012" else None
                if point is not None and point.granularity == "day" and _in_main_clause(text, start, f.start):
                    main = narrative = point
            out.append(
                TimeExpr(
                    article_id,
                    f.start,
                    f.end,
                    text[f.start : f.end],
                    f.type,
                    f.value,
                    f.anchor,
                    f.how,
                    index,
                    f.mod,
                    stage,
                )
            )
    return out


# --- dating sentences -------------------------------------------------------------------

_PRECISION = (
    (re.compile(r"\d{4}-\d\d-\d\d"), "day", 0.9),
    (re.compile(r"\d{4}-W\d\d"), "week", 0.8),
    (re.compile(r"\d{4}-\d\d"), "month", 0.8),
    (re.compile(r"\d{4}-Q\d"), "quarter", 0.7),
    (re.compile(r"\d{4}-H\d"), "half", 0.7),
    (re.compile(r"\d{4}-(?:SP|SU|FA|WI)"), "season", 0.7),
    (re.compile(r"\d{4}"), "year", 0.6),
    (re.compile(r"\d{3}X"), "decade", 0.5),
    (re.compile(r"\d\d"), "century", 0.4),
)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# PLACE[, Region][, Month Day] then the agency or a dash: "MOSCOW, June 16. /TASS/.", "LONDON (Reuters) -".
_DATELINE = re.compile(
    rf"\A\s*[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+)*(?:,\s*[A-Z][A-Za-z.']+(?:\s+[A-Z][A-Za-z.']+)*)?"
    rf"(?:,?\s*{_MONTH}\s+\d{{1,2}}\.?)?\s*"
    rf"(?:/[^/\n]{{1,60}}/\.?|\([A-Za-z][\w .-]{{0,30}}\)\s*[-–—_]*|[-–—_]{{1,2}}(?=\s))"
)


def calendar_value(value: str) -> tuple[str, str, float] | None:
    """(calendar value, precision, base confidence) of a TIMEX3 value, or None if it is not a date."""
    for pattern, precision, confidence in _PRECISION:
        match = pattern.match(value)
        if match:
            return match.group(), precision, confidence
    return None


def dateline_end(text: str) -> int:
    """Where the wire dateline at the start of ``text`` ("MOSCOW, June 16. /TASS/.") ends; 0 if there is none."""
    match = _DATELINE.match(text, 0, 200)
    return match.end() if match else 0


# Words that open a subordinate or relative clause: a date after one of them ("a state that was
# demolished ten years ago") seldom dates the sentence's main event.
_SUBORDINATE = re.compile(
    r"\b(?:that|which|who|whom|whose|where|when|while|since|after|before|until|because|although|though|if|once)\b",
    re.IGNORECASE,
)


def dated_sentences(
    sentences: Sequence[Sentence], timexes: Sequence[TimeExpr], text: str, published: date | None
) -> tuple[Sentence, ...]:
    """The sentences with the date each one talks about.

    ``explicit``: a calendar date expression of the sentence, the first one in its main clause
    (not in the wire dateline when the sentence has another, not after "that", "which",
    "when", ..., not one that owns a noun: "Sunday's truce"); ``narrative``: carried from an
    earlier sentence of the same paragraph; ``published``: the publication date. Paragraphs are
    separated by blank lines, or by line breaks in texts that have no blank line.
    """
    by_sentence: dict[int, list[TimeExpr]] = {}
    for timex in timexes:
        by_sentence.setdefault(timex.sentence, []).append(timex)
    end_of_dateline = dateline_end(text)
    blank_lines = _PARAGRAPH.search(text) is not None
    out = []
    carried: tuple[str, str] | None = None
    previous_end = 0
    confidences = {precision: confidence for _, precision, confidence in _PRECISION}
    published_iso = published.isoformat() if published else None
    for sentence in sentences:
        gap = text[previous_end : sentence.start]
        if _PARAGRAPH.search(gap) if blank_lines else "\n" in gap:
            carried = None
        previous_end = sentence.end
        chosen = _main_date(sentence, by_sentence.get(sentence.index, ()), text, end_of_dateline)
        date_value: str | None
        date_precision: str | None
        date_from: str | None
        if chosen is not None:
            timex, value, precision = chosen
            confidence = confidences[precision]
            if timex.how in ("tense", "year_inferred", "anchored", "relative"):
                confidence -= 0.05
            if timex.mod in ("APPROX", "START", "END", "MID", "BEFORE", "AFTER", "LESS_THAN", "MORE_THAN"):
                confidence -= 0.1
            date_value, date_precision, date_from, confidence = value, precision, "explicit", round(confidence, 2)
            if sentence.end > end_of_dateline:
                carried = (value, precision)
        elif carried is not None:
            date_value, date_precision, date_from, confidence = carried[0], carried[1], "narrative", 0.6
        elif published_iso is not None:
            date_value, date_precision, date_from, confidence = published_iso, "day", "published", 0.4
        else:
            date_value = date_precision = date_from = None
            confidence = 0.0
        # Built directly: dataclasses.replace is slow over the many sentences of a corpus.
        out.append(
            Sentence(
                article_id=sentence.article_id,
                index=sentence.index,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                date=date_value,
                date_precision=date_precision,
                date_from=date_from,
                date_confidence=confidence,
            )
        )
    return tuple(out)


_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _main_date(
    sentence: Sentence, timexes: Sequence[TimeExpr], text: str, end_of_dateline: int
) -> tuple[TimeExpr, str, str] | None:
    """(expression, calendar value, precision) of the date in the main clause of ``sentence``, if any."""
    candidates = []
    for timex in timexes:
        if _POSSESSIVE.match(text, timex.end):
            continue  # "Sunday's truce", "last month's talks": the date of a thing named, not of the clause
        found = calendar_value(timex.value) if timex.type in ("DATE", "TIME") else None
        if found is not None:
            candidates.append((timex, found[0], found[1]))
    own = [c for c in candidates if c[0].end > end_of_dateline] or candidates
    if not own:
        return None
    for timex, value, precision in own:
        if _in_main_clause(text, sentence.start, timex.start):
            return timex, value, precision
    return None


def _in_main_clause(text: str, sentence_start: int, start: int) -> bool:
    """Whether an expression at ``start`` lies outside clauses opened after the sentence's first words.

    A clause opened later is subordinate; one that opens the sentence ("When the talks ended on
    Monday, ...") usually carries the main event's date.
    """
    head = text[sentence_start + 12 : start] if start > sentence_start + 12 else ""
    return _SUBORDINATE.search(head) is None


class TimexStage(Stage):
    """Time expressions of the article and the date each sentence talks about."""

    name = "dateline.timex.v1"
    requires = frozenset({"sentences"})
    assigns = frozenset({"timexes", "sentence_dates"})

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        article = doc.article
        spans = [(s.start, s.end) for s in doc.sentences]
        indices = [s.index for s in doc.sentences]
        timexes = tuple(_timexes(article.text, article.published, article.id, spans, indices, self.name))
        sentences = dated_sentences(doc.sentences, timexes, article.text, article.published)
        explicit = sum(1 for s in sentences if s.date_from == "explicit")
        return dataclasses.replace(
            doc,
            timexes=timexes,
            sentences=sentences,
            stats=(
                *doc.stats,
                (self.name, "timexes", float(len(timexes))),
                (self.name, "explicit_dates", float(explicit)),
            ),
        )
