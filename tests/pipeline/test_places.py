"""Places: toponyms geocoded by their article's context (``dateline.places.v1``)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dateline.model import Actor, AnnotatedArticle, Article, Entity, Place, article_id
from dateline.pipeline.places import (
    PlaceStage,
    Toponym,
    _candidates,
    _states_before_towns,
    countries_in,
    places_of,
    text_dateline,
    toponyms_of,
)
from dateline.resources.gazetteer import Gazetteer, distance_km, load_gazetteer, place_key
from tests.conftest import shared_path

NEAR_KM = 50.0


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _article(text: str, dateline: str | None = None) -> Article:
    return Article(article_id(text), text, date(2020, 6, 16), "test", dateline_place=dateline)


def _toponyms(text: str, names: list[str]) -> list[Toponym]:
    """Every whole-word mention of the names, the longer name winning where two overlap."""
    spans = [(m.start(), m.end()) for name in names for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):
        if all(end <= s or e <= start for s, e in kept):
            kept.append((start, end))
    return [Toponym(text[start:end], start, end) for start, end in sorted(kept)]


def _resolve(
    text: str, names: list[str], gazetteer: Gazetteer, dateline: str | None = None, actors: tuple[Actor, ...] = ()
) -> Place:
    """The place of the first mention of ``names[0]``, all ``names`` geocoded together."""
    toponyms = _toponyms(text, names)
    doc = AnnotatedArticle(_article(text, dateline), actors=actors)
    places = places_of(doc, toponyms, gazetteer)
    place = next(p for t, p in zip(toponyms, places, strict=True) if t.text == names[0])
    assert place is not None, f"{names[0]!r} not found in the gazetteer"
    return place


# (text, toponyms in it (the first is checked), expected name, ISO alpha-3, latitude, longitude)
CASES = [
    ("Fighting went on around Tripoli as Libyan forces shelled the airport.", ["Tripoli"],
     "Tripoli", "LBY", 32.89, 13.19),
    ("Protesters filled the streets of Tripoli in northern Lebanon on Sunday.", ["Tripoli", "Lebanon"],
     "Tripoli", "LBN", 34.44, 35.85),
    ("Talks between the Libyan parties resume in Geneva next week, the United Nations said.", ["Geneva"],
     "Geneva", "CHE", 46.20, 6.15),
    ("A fire destroyed a barn in Geneva, N.Y., on Tuesday.", ["Geneva, N.Y."], "Geneva", "USA", 42.87, -76.98),
    ("Students at the University of Idaho in Moscow, Idaho, returned on Monday.", ["Moscow", "Idaho"],
     "Moscow", "USA", 46.73, -117.00),
    ("French police in Paris detained two men near the Eiffel Tower.", ["Paris"], "Paris", "FRA", 48.85, 2.35),
    ("The rodeo in Paris, Texas, drew a crowd from across Lamar County.", ["Paris, Texas"],
     "Paris", "USA", 33.66, -95.56),
    ("Alexandria police arrested a man in Pineville; Rapides Parish deputies and Louisiana troopers helped.",
     ["Alexandria", "Pineville", "Rapides Parish", "Louisiana"], "Alexandria", "USA", 31.31, -92.45),
    ("Egyptian police in Alexandria and Cairo dispersed the protest.", ["Alexandria", "Cairo"],
     "Alexandria", "EGY", 31.20, 29.92),
    ("The Libyan National Army said it had retaken Sirte from GNA forces.", ["Sirte"], "Sirte", "LBY", 31.21, 16.59),
    ("Forces from Misrata moved east towards Sirte, Libya.", ["Misrata", "Sirte", "Libya"],
     "Misratah", "LBY", 32.38, 15.09),
    ("Haftar's forces withdrew from Tarhuna, south-east of Tripoli.", ["Tarhuna", "Tripoli"],
     "Tarhuna", "LBY", 32.43, 13.63),
    ("Drones struck the al-Watiya air base near the Tunisian border in western Libya.", ["al-Watiya air base", "Libya"],
     "Al-Watiya", "LBY", 32.48, 11.90),
    ("Russian jets were seen at the Jufra air base in central Libya.", ["Jufra", "Libya"], "Jufra", "LBY", 29.1, 15.95),
    ("The parliament in Benghazi and Tobruk backed the offensive.", ["Benghazi", "Tobruk"],
     "Benghazi", "LBY", 32.12, 20.07),
    ("Forces loyal to the eastern government gathered in Marj, east of Benghazi.", ["Marj", "Benghazi"],
     "Al Marj", "LBY", 32.50, 20.83),
    ("Tanks reached Sabha, the main city of Libya's south.", ["Sabha", "Libya"], "Sabha", "LBY", 27.04, 14.43),
    ("Turkish officials in Ankara said the deal with Libya stands.", ["Ankara", "Libya"],
     "Ankara", "TUR", 39.92, 32.85),
    ("Syrian troops entered Idlib province after shelling Aleppo.", ["Idlib province", "Aleppo"],
     "Idlib", "SYR", 35.93, 36.63),
    ("Houthi fighters attacked Hodeidah, Yemen's main port on the Red Sea.", ["Hodeidah", "Red Sea"],
     "Hodeidah", "YEM", 14.80, 42.95),
    ("Georgian troops left Tbilisi as tension over South Ossetia grew in Georgia.", ["Georgia", "Tbilisi",
     "South Ossetia"], "Georgia", "GEO", 42.0, 43.5),
    ("The Afghan president spoke in Kabul.", ["Kabul"], "Kabul", "AFG", 34.53, 69.17),
    ("Officials in Washington, D.C., said the White House would decide.", ["Washington, D.C."],
     "Washington", "USA", 38.90, -77.04),
    ("Birmingham and Montgomery, Alabama, both lost power in the storm.", ["Birmingham", "Montgomery", "Alabama"],
     "Birmingham", "USA", 33.52, -86.80),
    ("Fans from Birmingham and Coventry travelled across the West Midlands of England.",
     ["Birmingham", "Coventry", "England"], "Birmingham", "GBR", 52.48, -1.90),
    ("Migrant boats left Zuwara for Italy across the Mediterranean.", ["Mediterranean", "Zuwara", "Italy"],
     "Mediterranean", "", 35.0, 18.0),
    ("Damascus and Homs were quiet, Syrian state media said.", ["Homs", "Damascus"], "Homs", "SYR", 34.73, 36.72),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "name", "country", "latitude", "longitude"), CASES)
def test_place_in_context(
    gazetteer: Gazetteer, text: str, names: list[str], name: str, country: str, latitude: float, longitude: float
) -> None:
    place = _resolve(text, names, gazetteer)
    assert place.name == name
    assert (place.country or "") == country
    assert place.latitude is not None and place.longitude is not None
    assert distance_km(latitude, longitude, place.latitude, place.longitude) <= NEAR_KM


def test_actors_countries_decide(gazetteer: Gazetteer) -> None:
    text = "Crowds gathered in Tripoli, the prime minister said."
    lebanese = (Actor("a1", "Saad Hariri", "PERSON", country="LBN"),)
    libyan = (Actor("a2", "Fayez al-Sarraj", "PERSON", country="LBY"),)
    assert _resolve(text, ["Tripoli"], gazetteer, actors=lebanese).country == "LBN"
    assert _resolve(text, ["Tripoli"], gazetteer, actors=libyan).country == "LBY"


def test_dateline_decides(gazetteer: Gazetteer) -> None:
    text = "Crowds gathered in Tripoli on Friday."
    assert _resolve(text, ["Tripoli"], gazetteer, dateline="BEIRUT").country == "LBN"


def test_nationality_words_decide(gazetteer: Gazetteer) -> None:
    assert _resolve("Lebanese soldiers patrolled Tripoli.", ["Tripoli"], gazetteer).country == "LBN"
    assert countries_in("Lebanese and Turkish troops met Libyans in Europe.", gazetteer) == ["LBN", "TUR", "LBY"]


def test_one_place_per_name(gazetteer: Gazetteer) -> None:
    text = "Paris, Texas, held a fair. Paris was busy all week."
    toponyms = _toponyms(text, ["Paris, Texas", "Paris"])
    places = places_of(AnnotatedArticle(_article(text)), toponyms, gazetteer)
    assert [p.country if p else None for p in places] == ["USA", "USA"]


def test_unknown_name_gives_none(gazetteer: Gazetteer) -> None:
    text = "They met in Qwxzytown."
    assert places_of(AnnotatedArticle(_article(text)), _toponyms(text, ["Qwxzytown"]), gazetteer) == [None]


def test_text_dateline(gazetteer: Gazetteer) -> None:
    found = text_dateline("Man held after fire. COVINGTON, Ky. (AP) — A man was held.", gazetteer)
    assert found is not None and (found.text, found.start) == ("COVINGTON", 21)
    assert text_dateline("The council met. It voted — narrowly — for the plan.", gazetteer) is None


def _entity(text: str, name: str, label: str) -> Entity:
    start = text.index(name)
    return Entity("a", start, start + len(name), name, label)


def test_stage_toponyms_and_places(gazetteer: Gazetteer) -> None:
    text = (
        "Alexandria man charged. ALEXANDRIA — Alexandria Police Department officers said the man lives in "
        "Alexandria, Louisiana, near Pineville."
    )
    entities = (
        _entity(text, "Alexandria Police Department", "ORG"),
        Entity("a", text.index("Alexandria, L"), text.index("Alexandria, L") + 10, "Alexandria", "GPE"),
        _entity(text, "Louisiana", "GPE"),
        _entity(text, "Pineville", "GPE"),
        Entity("a", 0, 10, "Alexandria", "PERSON"),  # the small model's misreading of a headline
    )
    doc = AnnotatedArticle(_article(text), entities=entities)
    found = toponyms_of(doc, gazetteer)
    starts = [0, text.index("ALEX"), text.index("Alexandria Police"), text.index("Alexandria, L"),
              text.index("Louisiana"), text.index("Pineville")]  # fmt: skip
    assert [t.start for t in found] == starts
    assert [t.text for t in found] == ["Alexandria", "ALEXANDRIA", "Alexandria", "Alexandria", "Louisiana", "Pineville"]
    out = PlaceStage(gazetteer)(doc)
    assert len(out.places) == 6
    assert {(p.country, p.name) for p in out.places if place_key(p.text) == "alexandria"} == {("USA", "Alexandria")}
    assert all(p.stage == "dateline.places.v1" and p.article_id == doc.article.id for p in out.places)
    assert ("dateline.places.v1", "places", 6.0) in out.stats


def test_stage_without_toponyms(gazetteer: Gazetteer) -> None:
    doc = PlaceStage(gazetteer)(AnnotatedArticle(_article("nothing here at all")))
    assert doc.places == ()
    assert ("dateline.places.v1", "toponyms", 0.0) in doc.stats


@pytest.mark.slow
def test_seeds(gazetteer: Gazetteer) -> None:
    from dateline.ingest import read_paths
    from dateline.pipeline.base import make_pipeline, run_pipeline

    stages = make_pipeline(["dateline.sentences.v1", "dateline.parse.v1", "dateline.entities.v1",
                            "dateline.actors.v1", "dateline.places.v1"])  # fmt: skip
    seen: dict[str, set[tuple[str, str | None]]] = {}
    for article in read_paths([str(shared_path("seeds"))]):
        assert isinstance(article, Article)
        for place in run_pipeline(stages, AnnotatedArticle(article)).places:
            seen.setdefault(place_key(place.text), set()).add((place.name, place.country))
    assert seen["moscow"] == {("Moscow", "RUS")}
    assert seen["libya"] == {("Libya", "LBY")}
    assert seen["tripoli"] == {("Tripoli", "LBY")}
    assert seen["geneva"] == {("Geneva", "CHE")}
    assert seen["ankara"] == {("Ankara", "TUR")}
    assert seen["berlin"] == {("Berlin", "DEU")}
    assert seen["tobruk"] == {("Tobruk", "LBY")}


# On the first 100 LGL articles the gold-span geocoder placed 86.3 % of 838 linked toponyms
# within 161 km when this floor was set (84.6 % before the county middles and the rules of
# issue #4; the whole corpus: see dateline.evaluate.geo).
LGL_ARTICLES = 100
LGL_FLOOR = 0.84


def test_lgl_floor() -> None:
    from dateline.evaluate.geo import context_geocoder, read_lgl, score_geocoding

    docs = read_lgl(shared_path("data", "geo", "lgl.xml"))[:LGL_ARTICLES]
    figures = score_geocoding(docs, context_geocoder)
    assert figures["accuracy_161km"] >= LGL_FLOOR


# --- rules added after the LGL error analysis (issue #4) ---------------------------------------


def test_county_has_its_own_middle(gazetteer: Gazetteer) -> None:
    pytest.importorskip("zipcodes", reason="county points come from the zipcodes package")
    text = "Laurel County deputies searched the hills on Sunday."
    place = _resolve(text, ["Laurel County"], gazetteer)
    assert (place.name, place.country) == ("Laurel County", "USA")
    assert place.latitude is not None and place.longitude is not None
    # Its middle near London, Kentucky, its seat; not the middle of the state (about 170 km west).
    assert distance_km(37.13, -84.12, place.latitude, place.longitude) <= 30.0


def test_county_and_its_town_pull_together(gazetteer: Gazetteer) -> None:
    pytest.importorskip("zipcodes", reason="county points come from the zipcodes package")
    text = "The London council and Laurel County officials met on Tuesday."
    place = _resolve(text, ["London", "Laurel County"], gazetteer)
    assert (place.country, place.name) == ("USA", "London")


def test_initialism_is_not_a_state_abbreviation(gazetteer: Gazetteer) -> None:
    place = _resolve("Traffic in L.A. was slow on Friday.", ["L.A."], gazetteer)
    assert (place.name, place.country) == ("Los Angeles", "USA")
    place = _resolve("A crash near Alexandria, La., closed the road.", ["Alexandria, La."], gazetteer)
    assert place.country == "USA" and place.latitude is not None and place.latitude < 32
    place = _resolve("Rain fell over N.Y. all day.", ["N.Y."], gazetteer)
    assert (place.name, place.feature) == ("New York", "admin")


def test_feature_named_after_a_town(gazetteer: Gazetteer) -> None:
    place = _resolve("Hamilton Township trustees met in Butler County, Ohio.",
                     ["Hamilton Township", "Butler County", "Ohio"], gazetteer)  # fmt: skip
    assert place.country == "USA" and place.latitude is not None and place.longitude is not None
    assert distance_km(39.40, -84.56, place.latitude, place.longitude) <= 100.0  # by Hamilton, Ohio
    place = _resolve("Deputies in Loudon Co. and Tennessee troopers closed the road.",
                     ["Loudon Co.", "Tennessee"], gazetteer)  # fmt: skip
    assert (place.name, place.country) == ("Loudon County", "USA")


def test_organisations_and_people_named_after_places(gazetteer: Gazetteer) -> None:
    text = (
        "Georgia Bureau of Investigation agents and Anderson County deputies met Kristina at Texas. "
        "Jackson said Kristina went to Kristina."
    )
    entities = (
        _entity(text, "Georgia Bureau of Investigation", "ORG"),
        _entity(text, "Anderson County", "PERSON"),
        _entity(text, "Texas", "ORG"),  # a state alone is a place, whatever the tagger says
        _entity(text, "Jackson", "PERSON"),  # a man, though towns bear the name
        _entity(text, "Kristina", "ORG"),
        Entity("a", text.rindex("Kristina"), text.rindex("Kristina") + 8, "Kristina", "GPE"),
    )
    doc = AnnotatedArticle(_article(text), entities=entities)
    found = [t.text for t in toponyms_of(doc, gazetteer)]
    # "Kristina" is only an old name of Ristiina (Finland): the tagger's GPE stays, the ORG is not followed.
    assert found == ["Georgia", "Anderson County", "Texas", "Kristina"]


def test_nationality_words_are_places_only_when_asked(gazetteer: Gazetteer) -> None:
    text = "Georgian troops left Gori."
    entities = (_entity(text, "Georgian", "NORP"), _entity(text, "Gori", "GPE"))
    doc = AnnotatedArticle(_article(text), entities=entities)
    assert [t.text for t in toponyms_of(doc, gazetteer)] == ["Gori"]
    assert [t.text for t in toponyms_of(doc, gazetteer, peoples=True)] == ["Georgian", "Gori"]
    places = PlaceStage(gazetteer, peoples=True)(doc).places
    assert [(p.text, p.country) for p in places] == [("Georgian", "GEO"), ("Gori", "GEO")]


def test_abbreviation_gets_its_dot_back(gazetteer: Gazetteer) -> None:
    text = "He grew up in Evansville, Ind. and moved away."
    at = text.index("Ind")
    doc = AnnotatedArticle(_article(text), entities=(Entity("a", at, at + 3, "Ind", "GPE"),))
    found = toponyms_of(doc, gazetteer)
    assert [(t.text, t.start, t.end) for t in found] == [("Ind.", at, at + 4)]
    (place,) = PlaceStage(gazetteer)(doc).places
    assert (place.name, place.feature) == ("Indiana", "admin")


def test_place_inside_a_longer_entity(gazetteer: Gazetteer) -> None:
    text = "He was taken to the Henderson County Jail on Friday."
    doc = AnnotatedArticle(_article(text), entities=(_entity(text, "Henderson County Jail", "GPE"),))
    assert [t.text for t in toponyms_of(doc, gazetteer)] == ["Henderson County"]


def test_town_named_as_an_organisation_after_in(gazetteer: Gazetteer) -> None:
    text = "Police in Huntsville said Huntsville Hospital was busy."
    entities = (
        Entity("a", text.index("Huntsville"), text.index("Huntsville") + 10, "Huntsville", "ORG"),
        _entity(text, "Huntsville Hospital", "ORG"),
    )
    doc = AnnotatedArticle(_article(text), entities=entities)
    assert [(t.text, t.start) for t in toponyms_of(doc, gazetteer)] == [("Huntsville", 10), ("Huntsville", 26)]
    text = "The Sligo-based group met residents within Huntsville."
    entities = (_entity(text, "Sligo", "ORG"), Entity("a", 43, 53, "Huntsville", "ORG"))
    doc = AnnotatedArticle(_article(text), entities=entities)
    assert [t.text for t in toponyms_of(doc, gazetteer)] == ["Sligo", "Huntsville"]
    # Without such words about it, a town's name alone tagged ORG is an organisation ("Lincoln", "Toyota").
    text = "Toyota said sales fell."
    doc = AnnotatedArticle(_article(text), entities=(_entity(text, "Toyota", "ORG"),))
    assert toponyms_of(doc, gazetteer) == []


def test_legislators_homes(gazetteer: Gazetteer) -> None:
    text = "Rep. Nick Rahall, D-W. Va., and Rep. Torrey Westrom, R-Elbow Lake, spoke; a T-Rex did not."
    doc = AnnotatedArticle(_article(text), entities=(_entity(text, "Nick Rahall", "PERSON"),))
    assert [t.text for t in toponyms_of(doc, gazetteer)] == ["W. Va.", "Elbow Lake"]


def test_untagged_multiword_names(gazetteer: Gazetteer) -> None:
    text = "Grand Prairie police and The Honda Center staff met Fort Worth officials."
    doc = AnnotatedArticle(_article(text), entities=(_entity(text, "Fort Worth", "GPE"),))
    assert [t.text for t in toponyms_of(doc, gazetteer)] == ["Grand Prairie", "Fort Worth"]


def test_state_names_leave_small_namesake_towns_out(gazetteer: Gazetteer) -> None:
    place = _resolve("Wheat prices rose in Kansas and Nebraska.", ["Kansas", "Nebraska"], gazetteer)
    assert (place.name, place.feature) == ("Kansas", "admin")
    # A big city keeps its chance, and a qualifier still finds the small town.
    names = {c.name for c in _states_before_towns(_candidates(gazetteer, "New York"))}
    assert {"New York", "New York City"} <= names
    kansas = _states_before_towns(_candidates(gazetteer, "Kansas"))
    assert not [c for c in kansas if c.feature == "city" and c.population < 1000]
    place = _resolve("Floods hit Kansas, Okla., on Monday.", ["Kansas, Okla."], gazetteer)
    assert (place.feature, place.country) == ("city", "USA")
    assert place.longitude is not None and place.longitude > -96.0


def test_more_peoples_names(gazetteer: Gazetteer) -> None:
    pairs = [("Dagestani", "Dagestan"), ("Ontarians", "Ontario"), ("Texan", "Texas"), ("Abkhaz", "Abkhazia"),
             ("Saudi", "Saudi Arabia")]  # fmt: skip
    for word, name in pairs:
        place = _resolve(f"The {word} delegation arrived.", [word], gazetteer)
        assert place.name == name, word


def test_towns_before_their_people_and_counties_in_a_list(gazetteer: Gazetteer) -> None:
    text = "A Winona man was hurt. Douglas, Sarpy and Lancaster counties grew. Apple police? No."
    entities = (
        _entity(text, "Winona", "ORG"),
        _entity(text, "Douglas", "PERSON"),
        _entity(text, "Sarpy", "ORG"),
        _entity(text, "Lancaster", "ORG"),
        _entity(text, "Apple", "ORG"),  # no place by that name
    )
    doc = AnnotatedArticle(_article(text), entities=entities)
    assert [t.text for t in toponyms_of(doc, gazetteer)] == ["Winona", "Douglas", "Sarpy", "Lancaster"]
    places = PlaceStage(gazetteer)(doc).places
    counties = {p.name for p in places if p.text != "Winona"}
    assert counties == {"Douglas County", "Sarpy County", "Lancaster County"}
    assert all(p.country == "USA" for p in places)


def test_alternate_names_lend_no_support(gazetteer: Gazetteer) -> None:
    # Ohio has a Berlin, a Cairo, a Russia and a Geneva, and a town once called Moscow: such
    # readings must not gang up on Geneva, Switzerland.
    text = (
        "Russia backs the Libya talks agreed in Berlin, Moscow said. The parliament in Tobruk and the "
        "government in Tripoli sent envoys to Cairo; the military talks resume in Geneva."
    )
    names = ["Geneva", "Russia", "Libya", "Berlin", "Moscow", "Tobruk", "Tripoli", "Cairo"]
    place = _resolve(text, names, gazetteer, dateline="MOSCOW")
    assert (place.name, place.country) == ("Geneva", "CHE")
