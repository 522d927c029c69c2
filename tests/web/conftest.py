"""A small annotated store for the web tests: the shared seeds plus reports written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.api import ingest
from tests.conftest import SHARED

# Made-up reports in the seed format; one carries markup that must reach the browser as text.
REPORTS = {
    "harbour_1.txt": (
        " date 2020-01-20 BERLIN, January 20. /Harbour News/. Leaders met in Berlin on Sunday and agreed to "
        "respect the arms embargo on Libya. <script>alert(1)</script> Khalifa Haftar left the conference "
        "without signing, said Fayez al-Sarraj."
    ),
    "harbour_2.txt": (
        " date 2020-01-21 TRIPOLI, January 21. /Harbour News/. Fighting resumed south of Tripoli on Tuesday "
        "despite the agreement reached in Berlin. Haftar's forces shelled the airport, the Government of "
        "National Accord said."
    ),
    "harbour_3.txt": (
        ' date 2020-03-02 CAIRO, March 2. /Nile Wire/. Egypt urged the Libyan National Army to "stop the '
        'attacks on Tripoli now", the foreign ministry said on Monday. =HYPERLINK("http://x") was in a leaflet.'
    ),
}


@pytest.fixture(scope="package")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    for name, text in REPORTS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    db = folder / "web.db"
    # The shared seeds (two TASS reports) add real text when they are there; the tests do not need them.
    seeds = [str(SHARED / "seeds")] if (SHARED / "seeds").is_dir() else []
    report = ingest([*seeds, str(folder)], db=db, workers=1)
    assert report.ok, report.skipped
    return db
