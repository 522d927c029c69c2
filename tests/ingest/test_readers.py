from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from dateline.ingest import Problem, ReadOptions, detect_format, parse_date, parse_dateline, read_paths
from dateline.model import Article


def read(*paths: Path | str, **options: object) -> list[Article | Problem]:
    return list(read_paths([str(p) for p in paths], ReadOptions(**options)))  # type: ignore[arg-type]


def articles(items: list[Article | Problem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Article | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOSCOW, June 16. /TASS/. Russia and", ("MOSCOW", 6, 16, "TASS")),
        ("NEW YORK, Jan. 3. /Meridian Wire/. The", ("NEW YORK", 1, 3, "Meridian Wire")),
        ("TRIPOLI, Libya, June 5 - Fighting", ("TRIPOLI, Libya", 6, 5, None)),
        ("BENGHAZI, December 26. /Levant Dispatch/.", ("BENGHAZI", 12, 26, "Levant Dispatch")),
        ("Russia and the EU said on June 16.", None),
        ("MOSCOW, Someday 16. /TASS/.", None),
    ],
)
def test_dateline(text: str, expected: tuple[str, int, int, str | None] | None) -> None:
    found = parse_dateline(text)
    assert (found and (found.place, found.month, found.day, found.agency)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-16", date(2020, 6, 16)),
        ("2020-06-16T10:30:00Z", date(2020, 6, 16)),
        ("Tue, 16 Jun 2020 10:30:00 +0000", date(2020, 6, 16)),
        ("June 16, 2020", date(2020, 6, 16)),
        ("16 June 2020", date(2020, 6, 16)),
        ("2020/06/16", date(2020, 6, 16)),
        ("20200616", date(2020, 6, 16)),
        (1592265600, date(2020, 6, 16)),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_seed_articles(seeds: Path) -> None:
    found = articles(read(seeds))
    assert [(a.published, a.source, a.dateline_place, a.date_from) for a in found] == [
        (date(2020, 6, 16), "TASS", "MOSCOW", "header"),
        (date(2019, 12, 26), "TASS", "MOSCOW", "header"),
    ]
    assert found[0].text.startswith("MOSCOW, June 16. /TASS/. Russia and the European Union")
    assert not found[0].warnings


def test_header_and_dateline_disagree(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" date 2020-03-03 TRIPOLI, March 2. /Harbour News/. Shelling resumed.", encoding="utf-8")
    (article,) = articles(read(path))
    assert article.published == date(2020, 3, 3)
    assert any("disagrees with the dateline" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("relative", "expected", "how"),
    [
        ("2020-06-16_talks.txt", date(2020, 6, 16), "filename"),
        ("20200616-talks.txt", date(2020, 6, 16), "filename"),
        ("2011-02-15/123.htm.txt", date(2011, 2, 15), "folder"),
        ("misc/notes.txt", None, "unknown"),
    ],
)
def test_date_from_path(tmp_path: Path, relative: str, expected: date | None, how: str) -> None:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Talks resumed in Geneva.", encoding="utf-8")
    (article,) = articles(read(path))
    assert (article.published, article.date_from) == (expected, how)


def test_date_option_for_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Talks resumed in Geneva.", encoding="utf-8")
    (article,) = articles(read(path, date=date(2020, 10, 23)))
    assert (article.published, article.date_from) == (date(2020, 10, 23), "option")


def test_jsonl_default_and_custom_fields(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    rows = [
        {"body": "Talks resumed in Geneva.", "publish_date": "2020-10-19", "title": "Talks", "url": "http://x/1"},
        {"story": "Ceasefire signed.", "when": "2020-10-23"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n{broken\n", encoding="utf-8")
    items = read(path)
    first = articles(items)[0]
    assert (first.published, first.title, first.url, first.path) == (
        date(2020, 10, 19),
        "Talks",
        "http://x/1",
        f"{path}:1",
    )
    assert [(p.line, p.message.split(" (")[0]) for p in problems(items)] == [
        (2, "no text in fields text, body, content, article, maintext"),
        (4, "malformed JSON"),
    ]
    custom = articles(read(path, fields=(("text", "story"), ("date", "when"))))
    assert [(a.text, a.published) for a in custom] == [("Ceasefire signed.", date(2020, 10, 23))]


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        'title,content,pubdate,source\nTalks,"Talks resumed, again.",2020-10-19,Harbour\n', encoding="utf-8"
    )
    (article,) = articles(read(path))
    assert (article.title, article.text, article.published, article.source) == (
        "Talks",
        "Talks resumed, again.",
        date(2020, 10, 19),
        "Harbour",
    )


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("title,date\nTalks,2020-10-19\n", encoding="utf-8")
    (problem,) = read(path)
    assert isinstance(problem, Problem) and "no text column" in problem.message and problem.path == str(path)


HTML = """<!doctype html><html><head><title>Ceasefire signed | Harbour News</title>
<meta property="article:published_time" content="2020-10-23T09:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>Ceasefire signed in Geneva</h1>
<p>Libya's rival military delegations signed a permanent ceasefire agreement in Geneva on Friday,
the United Nations said, after five days of talks in the Joint Military Commission format.</p>
<p>The acting UN envoy called the deal a turning point and said foreign fighters must leave within
three months, according to the text of the agreement seen by reporters.</p></article>
<footer>Copyright notice and other boilerplate</footer></body></html>"""


def test_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (article,) = articles(read(path))
    assert article.published == date(2020, 10, 23) and article.date_from == "html"
    assert "permanent ceasefire" in article.text and "boilerplate" not in article.text
    assert article.title and "Ceasefire signed" in article.title


def warc_response(url: str, html: str) -> bytes:
    """One WARC response record, written out by hand as the WARC 1.0 format lays it down."""
    body = html.encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2020-10-24T08:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:6b3b0e36-0d9a-4a8e-9d35-1f1e7c2a9f10>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def test_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(warc_response("https://news.example/ceasefire", HTML)))
    (article,) = articles(read(path))
    assert article.published == date(2020, 10, 23)
    assert article.path == f"{path}#https://news.example/ceasefire"
    undated = tmp_path / "undated.warc"
    undated.write_bytes(warc_response("https://news.example/u", HTML.replace("2020-10-23T09:00:00Z", "")))
    (article,) = articles(read(undated))
    assert (article.published, article.date_from) == (date(2020, 10, 24), "warc")


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>
<item><title>Talks open</title><link>https://news.example/1</link>
<pubDate>Mon, 19 Oct 2020 08:00:00 +0000</pubDate>
<description>&lt;p&gt;Military talks opened in Geneva.&lt;/p&gt;</description></item>
<item><title>Undated</title><description>No date here.</description></item>
</channel></rss>"""


def test_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(FEED, encoding="utf-8")
    first, second = articles(read(path))
    assert (first.title, first.text, first.published, first.source, first.url) == (
        "Talks open",
        "Military talks opened in Geneva.",
        date(2020, 10, 19),
        "Harbour News",
        "https://news.example/1",
    )
    assert second.published is None and second.date_from == "unknown"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b" date 2020-01-19 BERLIN, January 19. /Meridian Wire/. Leaders met."))
    monkeypatch.setattr("sys.stdin", stdin)
    (article,) = articles(read("-"))
    assert (article.published, article.dateline_place) == (date(2020, 1, 19), "BERLIN")


def test_glob_and_gzip(tmp_path: Path) -> None:
    (tmp_path / "2020-01-19_a.txt").write_text("Leaders met in Berlin.", encoding="utf-8")
    (tmp_path / "2020-01-20_b.txt.gz").write_bytes(gzip.compress(b"Leaders left Berlin."))
    found = articles(read(tmp_path / "*.txt*"))
    assert [a.text for a in found] == ["Leaders met in Berlin.", "Leaders left Berlin."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\x00\x00\x01", "binary file, not text"),
        ("latin1.txt", "Caf\u00e9 talks".encode("latin-1"), "not UTF-8 text"),
        ("bad.warc", b"WARC/1.0\r\nnonsense", "not a readable WARC file"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (problem,) = read(path)
    assert isinstance(problem, Problem) and problem.path == str(path) and problem.message.startswith(message)


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "README.md").write_text("not an article", encoding="utf-8")
    found = read(tmp_path / "missing.txt", tmp_path / "empty", tmp_path / "notes", tmp_path / "*.nothing")
    assert [p.message.split(" (")[0] for p in problems(found)] == [
        "no such file or folder",
        "folder holds no readable files",
        "folder holds no readable files",
        "no file matches this pattern",
    ]


@pytest.mark.parametrize(
    ("path", "head", "expected"),
    [
        ("a.txt", b"x", "text"),
        ("a.warc.gz", b"", "warc"),
        ("a.jsonl", b"{", "jsonl"),
        ("a.xml", b"<rss", "feed"),
        ("page", b"<!DOCTYPE html><html>", "html"),
        ("crawl", b"WARC/1.1\r\n", "warc"),
        ("feed", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("dump", b'{"text": 1}', "jsonl"),
    ],
)
def test_detect_format(path: str, head: bytes, expected: str) -> None:
    assert detect_format(path, head) == expected
