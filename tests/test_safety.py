"""Cleaning what users type and defusing what is sent back (bot/safety.py)."""

import pytest

from bot.safety import clean_input, defuse_mentions


@pytest.mark.parametrize("raw, clean", [
    ("  How did\tMiniMax\n\nmove?  ", "How did MiniMax move?"),
    ("stock\x00Mini\x07Max", "stock Mini Max"),
    ("ＭｉｎｉＭａｘ　股价", "MiniMax 股价"),  # NFKC: full-width letters and space
    ("<@U123> stock <!channel> MiniMax @here", "stock MiniMax"),
    ("<@123456> <#42> hi", "hi"),
    ("plain question", "plain question"),
])
def test_clean_input(raw, clean):
    assert clean_input(raw) == clean


def test_defusing_leaves_plain_text_alone_and_makes_mentions_inert():
    assert defuse_mentions("MiniMax rose 11% <in HK>") == "MiniMax rose 11% <in HK>"
    out = defuse_mentions("@everyone <!here> <@U1> <@&99> mail a@b.com")
    for live in ("@everyone", "<!here>", "<@U1>", "<@&99>"):
        assert live not in out
    assert "a@b.com" in out
