"""Every verb this area adds explains itself, and `aibot knowledge stats` is `aibot stats`."""

import subprocess

import pytest

from tests.processes import AIBOT


@pytest.mark.parametrize("verb", [["ingest"], ["feeds"], ["feeds", "add"], ["feeds", "list"], ["feeds", "remove"],
                                  ["feeds", "poll"], ["quotes"], ["quotes", "import"], ["knowledge", "stats"]])
def test_every_ingest_verb_has_help(verb):
    result = subprocess.run([AIBOT, *verb, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


def test_knowledge_stats_matches_stats(cli):
    plain = cli("stats")
    nested = cli("knowledge", "stats")
    assert plain.returncode == nested.returncode == 0
    assert plain.stdout == nested.stdout
    stats = dict(line.split() for line in plain.stdout.splitlines())
    assert stats["feeds"] == "0" and stats["quotes"] == "0" and stats["newest_quote"] == "-"
    assert stats["newest_added"] != "-"
