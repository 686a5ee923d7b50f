"""`aibot ingest` through the real executable: what is stored, skipped and refused, per file."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = """---
title: SenseTime slides on weak guidance
publisher: Test Wire
published: 2026-03-02
url: https://news.example/sensetime-slides
---
SenseTime shares fell 7% in Hong Kong on Monday after the company cut its revenue guidance.
Analysts said 商汤 faces tougher competition from open models such as GLM-5.
"""

HTML = """<html><head><title>Moonshot AI ships a new Kimi</title><meta name="date" content="2026-02-20"></head>
<body><nav>Home | Markets | Tech</nav>
<article><h1>Moonshot AI ships a new Kimi</h1>
<p>Moonshot AI released Kimi K2.5 on Friday, its largest open model so far, according to the company.</p>
<p>The Beijing start-up said developers downloaded the weights more than a million times in a day.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def write_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "later-copy.md").write_text(GOOD.replace("\n", "\n\n"), encoding="utf-8")  # re-wrapped copy
    (folder / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "kimi.html").write_text(HTML, encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    return folder


def lines_by_file(stdout: str) -> dict[str, str]:
    out = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("added", "skipped", "refused"):
            path, _, reason = rest.strip().partition(": ")
            out[Path(path).name] = f"{status}: {reason}"
    return out


def test_a_folder_is_stored_file_by_file_with_each_problem_named(cli, store, tmp_path):
    before = store("SELECT count(*) FROM document")[0][0]
    result = cli("ingest", str(write_folder(tmp_path / "articles")))
    assert result.returncode == 1, result.stderr  # some files were refused
    by_file = lines_by_file(result.stdout)
    assert by_file["good.md"].startswith("added")
    assert by_file["kimi.html"].startswith("added")
    assert by_file["later-copy.md"].startswith("skipped") and "same content" in by_file["later-copy.md"]
    assert by_file["empty.txt"] == "refused: empty (no article text)"
    assert by_file["blob.txt"].startswith("refused: not text")
    assert by_file["photo.png"].startswith("skipped: not an article file")
    assert "Summary: 2 added" in result.stdout and "2 refused" in result.stdout

    rows = store("SELECT title, publisher, url, published, origin FROM document WHERE origin = 'ingest' ORDER BY title")
    assert [r[0] for r in rows] == ["Moonshot AI ships a new Kimi", "SenseTime slides on weak guidance"]
    assert str(rows[1][3]) == "2026-03-02" and rows[1][1] == "Test Wire"
    assert str(rows[0][3]) == "2026-02-20"  # the date trafilatura found in the page
    assert store("SELECT count(*) FROM document")[0][0] == before + 2
    html_body = store("SELECT body FROM document WHERE title LIKE 'Moonshot%'")[0][0]
    assert "Kimi K2.5" in html_body and "Home | Markets" not in html_body and "Copyright" not in html_body

    # Linked to what it mentions, Chinese names included (商汤 is SenseTime).
    linked = {r[0] for r in store(
        "SELECT DISTINCT e.key FROM mention m JOIN entity e ON e.id = m.entity_id "
        "JOIN document d ON d.id = m.document_id WHERE d.title LIKE 'SenseTime%'")}
    assert {"sensetime", "glm-5"} <= linked

    # Searchable at once, by a new process.
    answer = cli("ask", "Why did SenseTime cut its revenue guidance?")
    assert "SenseTime slides on weak guidance" in answer.stdout


def test_ingesting_again_skips_everything_and_changes_nothing(cli, store, tmp_path):
    folder = write_folder(tmp_path / "articles")
    cli("ingest", str(folder))
    counts = store("SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM passage), (SELECT count(*) FROM fact)")
    again = cli("ingest", str(folder / "good.md"), str(folder / "kimi.html"))
    assert again.returncode == 0
    assert "Summary: 0 added (0 facts), 2 skipped, 0 refused" in again.stdout
    assert store("SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM passage), (SELECT count(*) FROM fact)") == counts


def test_same_url_with_new_text_is_a_duplicate(cli, store, tmp_path):
    first = tmp_path / "first.md"
    first.write_text(GOOD, encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text(GOOD.replace("on Monday", "on Tuesday"), encoding="utf-8")
    result = cli("ingest", str(first), str(second))
    assert lines_by_file(result.stdout)["second.md"].startswith("skipped") and "same URL" in result.stdout


def test_flags_set_metadata_and_limits_are_enforced(cli, store, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("MiniMax opened a research office in Singapore to hire model engineers.\n", encoding="utf-8")
    result = cli("ingest", str(note), "--title", "MiniMax goes to Singapore", "--source", "Desk Notes",
                 "--published", "2026-04-01", "--url", "https://notes.example/minimax")
    assert result.returncode == 0, result.stdout + result.stderr
    row = store("SELECT title, publisher, published, url FROM document WHERE origin = 'ingest'")[0]
    assert (row[0], row[1], str(row[2]), row[3]) == ("MiniMax goes to Singapore", "Desk Notes", "2026-04-01",
                                                     "https://notes.example/minimax")

    big = tmp_path / "big.txt"
    big.write_text("Zhipu AI news. " * 200, encoding="utf-8")
    limited = cli("ingest", str(big), env={"MAX_DOCUMENT_BYTES": "1000"})
    assert limited.returncode == 1
    assert "too large (3,000 bytes; the limit is 1,000)" in limited.stdout

    bad_date = cli("ingest", str(note), "--published", "last week")
    assert bad_date.returncode != 0 and "not a date" in bad_date.stderr
    missing = cli("ingest", str(tmp_path / "nope.md"))
    assert "refused  " in missing.stdout and "not found" in missing.stdout


@pytest.mark.parametrize("fail_on", ["Kimi K2.5", "SenseTime shares"])
def test_an_error_inside_a_documents_transaction_leaves_the_store_as_it_was(services, tmp_path, monkeypatch, fail_on):
    """Force an exception after the document, passages and mentions were written (during fact
    extraction): that document must vanish whole, and the other file must still go in."""
    from sqlmodel import Session

    import knowledge.ingest.saving as saving
    from knowledge.db import read_revision
    from knowledge.ingest.files import ingest_paths
    from knowledge.queries import counts

    real = saving.extract_facts

    def failing(body, resolver, **kw):
        if fail_on in body:
            raise RuntimeError("disk on fire")
        return real(body, resolver, **kw)

    monkeypatch.setattr(saving, "extract_facts", failing)
    folder = write_folder(tmp_path / "articles")
    engine = services.knowledge.engine
    with Session(engine) as session:
        before = counts(session)
    revision = read_revision(engine)

    report = ingest_paths(engine, [folder / "good.md", folder / "kimi.html"], max_bytes=1_000_000)

    failed = [o for o in report.outcomes if o.status == "refused"]
    assert len(failed) == 1 and "disk on fire" in failed[0].reason
    assert report.count("added") == 1
    stored = report.outcomes[0] if report.outcomes[0].status == "added" else report.outcomes[1]
    with Session(engine) as session:
        after = counts(session)
        from knowledge.models import Document, Passage
        from sqlmodel import select

        titles = list(session.exec(select(Document.title).where(Document.origin == "ingest")))
        doc_id = session.exec(select(Document.id).where(Document.key == stored.document_key)).one()
        passages = len(list(session.exec(select(Passage.id).where(Passage.document_id == doc_id))))
    assert titles == [stored.title]
    assert after["documents"] == before["documents"] + 1
    assert after["passages"] == before["passages"] + passages
    assert after["facts"] == before["facts"] + stored.facts
    assert read_revision(engine) == revision + 1  # only the stored document bumped it


def test_a_constraint_failure_is_called_a_duplicate_only_when_the_store_holds_one(services, monkeypatch):
    """An IntegrityError is a duplicate stored meanwhile by another process only if a re-check
    finds that document; any other constraint failure is refused with its reason."""
    import knowledge.documents as documents
    from knowledge.ingest.reading import Article
    from knowledge.ingest.saving import store_article
    from knowledge.models import FeedEntry
    from knowledge.queries import build_resolver
    from sqlmodel import Session

    engine = services.knowledge.engine
    with Session(engine) as session:
        resolver = build_resolver(session)
    article = Article(title="Zhipu rallies", body="Zhipu AI shares rose 12% on Monday after GLM-5.", name="zhipu")
    assert store_article(engine, article, resolver=resolver, name="first").status == "added"

    # Another process got there between the duplicate check and the insert.
    monkeypatch.setattr(documents, "find_duplicate", lambda *a, **kw: None)
    raced = store_article(engine, article, resolver=resolver, name="second")
    assert raced.status == "skipped"
    assert raced.reason == ("duplicate of 'Zhipu rallies' (same content; stored at the same moment by another "
                            "process)")
    monkeypatch.undo()

    def broken(session, document):  # an entry for a feed that does not exist: a foreign key fails
        session.add(FeedEntry(feed_id=987654, entry_id="x", status="added", document_id=document.id))

    other = Article(title="Kimi ships", body="Moonshot AI released Kimi K2.5 on Friday.", name="kimi")
    refused = store_article(engine, other, resolver=resolver, name="third", within=broken)
    assert refused.status == "refused"
    assert refused.reason.startswith("could not be stored (IntegrityError: ")
    with Session(engine) as session:
        assert documents.find_duplicate(session, key=other.key, body=other.body, url=None) is None
