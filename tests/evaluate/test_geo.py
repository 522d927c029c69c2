"""The geocoding scorer on a tiny LGL-style file written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.geo import GeoDataError, GeoDoc, GoldToponym, read_lgl, score_geocoding, score_places
from dateline.model import Place

XML = """<articles>
  <article docid="1"><title>t</title><domain>example.org</domain>
    <text><![CDATA[Paris and Lyon are in France. Atlantis is not.]]></text>
    <toponyms>
      <toponym><start>0</start><end>5</end><phrase>Paris</phrase>
        <gaztag geonameid="2988507"><name>Paris</name><fcode>PPLC</fcode><lat>48.85341</lat><lon>2.3488</lon>
          <country geonameid="3017382">France</country></gaztag></toponym>
      <toponym><start>10</start><end>14</end><phrase>Lyon</phrase>
        <gaztag geonameid="2996944"><name>Lyon</name><fcode>PPLA</fcode><lat>45.74846</lat><lon>4.84671</lon>
          <country geonameid="3017382">France</country></gaztag></toponym>
      <toponym><start>22</start><end>28</end><phrase>France</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""
FRANCE = 3017382


@pytest.fixture
def lgl(tmp_path: Path) -> Path:
    path = tmp_path / "lgl.xml"
    path.write_text(XML, encoding="utf-8")
    return path


def _place(lat: float, lon: float, country: str = "FRA") -> Place:
    return Place("1", 0, 5, "x", "x", country=country, latitude=lat, longitude=lon)


def test_read_lgl(lgl: Path) -> None:
    (doc,) = read_lgl(lgl)
    assert [t.text for t in doc.toponyms] == ["Paris", "Lyon", "France"]
    assert doc.toponyms[0].geonameid == 2988507 and doc.toponyms[0].country_id == FRANCE
    assert not doc.toponyms[2].linked


def test_bad_offsets(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(XML.replace("<end>14</end>", "<end>400</end>"), encoding="utf-8")
    with pytest.raises(GeoDataError, match="E462"):
        read_lgl(path)


def test_scores() -> None:
    paris = GoldToponym(0, 5, "Paris", 1, "Paris", "PPLC", 48.85341, 2.3488, FRANCE)
    lyon = GoldToponym(10, 14, "Lyon", 2, "Lyon", "PPLA", 45.74846, 4.84671, FRANCE)
    unlinked = GoldToponym(22, 28, "France")
    pairs = [
        (paris, _place(48.85341, 2.3488)),  # exact
        (lyon, _place(48.85341, 2.3488)),  # Paris for Lyon: about 392 km off, right country
        (unlinked, None),  # not scored
    ]
    figures = score_places(pairs, countries={FRANCE: "FRA"})
    assert figures["toponyms"] == 2
    assert figures["accuracy_161km"] == 0.5
    assert figures["country_accuracy"] == 1.0
    assert figures["coverage"] == 1.0
    assert figures["median_error_km"] == pytest.approx(196, abs=5)
    assert 0.0 < figures["auc"] < 0.5
    missing = score_places([(paris, None), (lyon, _place(45.75, 4.85))], countries={FRANCE: "FRA"})
    assert (missing["accuracy_161km"], missing["coverage"], missing["country_accuracy"]) == (0.5, 0.5, 0.5)


def test_score_geocoding_checks_lengths(lgl: Path) -> None:
    docs = read_lgl(lgl)

    def short(doc: GeoDoc) -> list[Place | None]:
        return [None]

    with pytest.raises(GeoDataError, match="E463"):
        score_geocoding(docs, short)
