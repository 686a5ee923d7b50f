"""`aibot ingest PATH...`: files and folders of articles, one transaction per file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from knowledge.ingest.reading import ARTICLE_SUFFIXES, Overrides, Refused, read_article
from knowledge.ingest.saving import ADDED, REFUSED, SKIPPED, Outcome, store_article
from knowledge.queries import build_resolver


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def summary(self) -> str:
        facts = sum(o.facts for o in self.outcomes)
        return (f"{self.count(ADDED)} added ({facts} facts), {self.count(SKIPPED)} skipped, "
                f"{self.count(REFUSED)} refused")


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """Files to ingest, in a stable order, and outcomes for what cannot even be tried.

    In a folder, files that are not articles (.png, .pdf...) and hidden files are skipped and
    listed; a file named explicitly is always tried, so its refusal says why.
    """
    files: list[Path] = []
    early: list[Outcome] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.suffix.casefold() in ARTICLE_SUFFIXES:
                    files.append(child)
                else:
                    early.append(Outcome(str(child), SKIPPED, "not an article file (.txt, .md or .html)"))
        elif path.is_file():
            files.append(path)
        else:
            early.append(Outcome(str(path), REFUSED, "not found"))
    return files, early


def ingest_paths(engine: Engine, paths: list[Path], *, max_bytes: int, overrides: Overrides | None = None,
                 on_progress: Callable[[Outcome], None] | None = None) -> IngestReport:
    files, early = collect_files(paths)
    return ingest_files(engine, files, early, max_bytes=max_bytes, overrides=overrides, on_progress=on_progress)


def ingest_files(engine: Engine, files: list[Path], early: Sequence[Outcome] = (), *, max_bytes: int,
                 overrides: Overrides | None = None,
                 on_progress: Callable[[Outcome], None] | None = None) -> IngestReport:
    """Ingest files already collected (`collect_files`); `early` are the outcomes it reported."""
    report = IngestReport(outcomes=list(early))
    with Session(engine) as session:
        resolver = build_resolver(session)
    overrides = overrides or Overrides()
    for path in files:
        try:
            article = overrides.apply(read_article(path, max_bytes=max_bytes))
            outcome = store_article(engine, article, resolver=resolver, name=str(path))
        except Refused as exc:
            outcome = Outcome(str(path), REFUSED, str(exc))
        report.outcomes.append(outcome)
        if on_progress:
            on_progress(outcome)
    return report
