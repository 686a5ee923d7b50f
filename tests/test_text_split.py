"""Long text is split within a limit, at the best break available, and nothing is lost."""

from bot.text_split import clip, split_text


def test_paragraph_breaks_are_preferred_to_line_and_word_breaks():
    text = "first paragraph line one\nline two\n\nsecond paragraph with more words"
    assert split_text(text, 45) == ["first paragraph line one\nline two", "second paragraph with more words"]


def test_nothing_is_lost_and_every_piece_fits():
    text = ("word " * 500 + "\n") * 3 + "x" * 700
    pieces = split_text(text, 300)
    assert all(len(p) <= 300 for p in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_blank_text_gives_no_pieces_and_labels_are_clipped_visibly():
    assert split_text("   ", 10) == []
    assert clip("a" * 20, 10) == "a" * 9 + "…" and clip("short", 10) == "short"
