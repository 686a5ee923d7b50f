"""Seed knowledge: idempotent loading, provenance on every fact, and curated-file edits."""

import shutil

import pytest
from sqlmodel import Session, select

from knowledge.curated import CuratedError
from knowledge.models import Document, Fact
from knowledge.queries import counts
from knowledge.db import session_scope
from knowledge.seeding import bundled_seeds_dir, ensure_seeded, reload_curated, seed_fingerprint


def _counts(engine):
    with Session(engine) as session:
        return counts(session)


def test_loading_the_seeds_twice_changes_nothing(services):
    engine = services.knowledge.engine
    before = _counts(engine)
    report = ensure_seeded(engine, force=True)
    assert not report.changed
    assert _counts(engine) == before
    assert before["documents"] == 4


def test_every_fact_names_its_source(services):
    with Session(services.knowledge.engine) as session:
        facts = session.exec(select(Fact)).all()
    assert facts
    for fact in facts:
        assert fact.document_id is not None or fact.source_note, fact.statement


def test_seed_documents_keep_their_file_names_and_metadata(services):
    with Session(services.knowledge.engine) as session:
        docs = {d.key: d for d in session.exec(select(Document))}
    assert set(docs) == {p.stem for p in bundled_seeds_dir().glob("*.txt")}
    assert docs["000_c04b250c322b28b2"].publisher == "Archyworldys"
    assert all(d.title and not d.body.startswith("---") for d in docs.values())


def test_most_article_facts_carry_the_sentence_they_came_from(services):
    with Session(services.knowledge.engine) as session:
        from_articles = session.exec(select(Fact).where(Fact.document_id.is_not(None))).all()
    with_evidence = [f for f in from_articles if f.evidence]
    assert len(with_evidence) / len(from_articles) > 0.8


@pytest.fixture
def seeds_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(bundled_seeds_dir(), target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def test_reload_applies_an_edit_to_the_curated_file(services, seeds_copy):
    from bot.messages import Message

    # Asked before the edit: the answer remembered for the old knowledge must not outlive it.
    assert "+5%" in services.engine.handle(Message(text="/ai-stock SenseTime")).plain_text()
    path = seeds_copy / "knowledge.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("{firm: sensetime, change: 5,", "{firm: sensetime, change: 6,")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    report = reload_curated(services.knowledge.engine, seeds_copy)
    assert report.facts_added == 1 and report.facts_removed == 1
    services.knowledge.invalidate()
    reply = services.engine.handle(Message(text="/ai-stock SenseTime"))
    assert "+6%" in reply.plain_text() and "+5%" not in reply.plain_text()
    assert not reload_curated(services.knowledge.engine, seeds_copy).changed


def test_a_curated_fact_naming_an_unknown_entity_is_refused_and_changes_nothing(services, seeds_copy):
    path = seeds_copy / "knowledge.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{firm: minimax, change: 11,", "{firm: minimaks, change: 11,"),
                    encoding="utf-8")
    before = _counts(services.knowledge.engine)
    with pytest.raises(CuratedError, match="minimaks"):
        reload_curated(services.knowledge.engine, seeds_copy)
    assert _counts(services.knowledge.engine) == before


def test_a_store_seeded_in_an_older_format_resyncs_though_the_files_are_the_same(services, monkeypatch):
    import knowledge.seeding as seeding
    from knowledge.models import Entity, StoreMeta
    from knowledge.store import Knowledge

    engine = services.knowledge.engine
    with session_scope(engine) as session:  # as an older bot stored topics: no keywords in data
        for topic in session.exec(select(Entity).where(Entity.kind == "topic")):
            topic.data = {}
            session.add(topic)
        monkeypatch.setattr(seeding, "SEED_FORMAT", seeding.SEED_FORMAT - 1)
        session.get(StoreMeta, seeding.SEED_FINGERPRINT).text = seed_fingerprint(bundled_seeds_dir())
    monkeypatch.undo()
    assert not Knowledge(engine).snapshot().topic_phrases
    ensure_seeded(engine)
    assert Knowledge(engine).snapshot().topic_phrases
