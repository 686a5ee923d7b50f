"""The digest's content and chart, built from the seeded store."""

import io
import struct
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.digest import claims
from bot.digest.chart import GAIN, LOSS, moves_chart
from bot.digest.content import FIELD_LIMIT, Window, weekly_digest
from bot.digest.runner import channel_digest

UTC = timezone.utc


@pytest.fixture
def fresh_week(services):
    now = datetime.now(UTC) + timedelta(minutes=1)  # the seed documents were stored moments ago
    return Window(now - timedelta(days=7), now, ZoneInfo("Europe/Berlin"))


def field(reply, label):
    return next(f.value for f in reply.fields if f.label.startswith(label))


def test_the_digest_ranks_moves_by_size_with_sign_date_and_source(services, fresh_week):
    reply = weekly_digest(services.knowledge.snapshot(), fresh_week)
    moves = field(reply, "Stock moves").splitlines()
    assert moves[0].startswith("1. Zhipu AI: +30%") and moves[1].startswith("2. UCloud Tech: +20%")
    assert all("reported" in line and line.endswith(")") for line in moves)  # a date and a source each
    assert any("down (no figure given)" in line for line in moves[-2:])  # figure-less falls come last
    claims_field = field(reply, "Claims")
    assert "[unverified: CNBC could not verify it]" in claims_field
    assert "New articles" in [f.label for f in reply.fields] and reply.sources
    assert all(len(f.value) <= FIELD_LIMIT for f in reply.fields)
    assert "@everyone" not in reply.plain_text() and "<!channel>" not in reply.plain_text()


def test_the_chart_is_a_real_png_with_both_colours(services, fresh_week):
    reply = weekly_digest(services.knowledge.snapshot(), fresh_week)
    chart = reply.attachments[0]
    assert chart.mime_type == "image/png" and chart.filename.endswith(".png")
    width, height = png_size(chart.content)
    assert width >= 800 and height >= 250 and len(chart.content) > 10_000

    png = moves_chart([("Gainer", 12.5), ("Loser", -8.0)], title="Reported stock moves, test week")
    colours = colours_in(png)
    assert hex_rgb(GAIN) in colours and hex_rgb(LOSS) in colours


def test_a_week_with_nothing_new_is_one_short_line(services):
    later = datetime.now(UTC) + timedelta(days=30)
    reply = weekly_digest(services.knowledge.snapshot(), Window(later - timedelta(days=7), later, ZoneInfo("UTC")))
    assert reply.text.startswith("Nothing new since") and "\n" not in reply.text
    assert not reply.fields and not reply.attachments


def test_a_channel_digest_starts_where_its_last_one_ended(services, subscribe_channel):
    sub = subscribe_channel(services.knowledge, "C1")
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert "Stock moves" in channel_digest(services.knowledge, sub, now).plain_text()
    held = claims.try_claim(services.knowledge.engine, subscription_id=sub.id, period="p", due_at=now,
                            owner="me", now=now, lease=timedelta(minutes=5))
    claims.record_sent(services.knowledge.engine, held, now=now, covered_until=now)
    assert channel_digest(services.knowledge, sub, now + timedelta(days=7)).text.startswith("Nothing new since")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def colours_in(png: bytes) -> set[tuple[int, int, int]]:
    from matplotlib.image import imread

    pixels = (imread(io.BytesIO(png), format="png")[:, :, :3] * 255).round().astype(int)
    return {tuple(p) for p in pixels.reshape(-1, 3)}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_a_release_line_hides_the_models_it_names_not_models_whose_name_it_contains(services):
    from types import SimpleNamespace

    from bot.digest.content import _named_in

    snap = services.knowledge.snapshot()
    glm5 = snap.entity("glm-5").ref.id
    assert glm5 in _named_in(snap, [SimpleNamespace(statement="Zhipu AI released GLM-5.")])
    assert glm5 not in _named_in(snap, [SimpleNamespace(statement="Zhipu AI released GLM-5.1.")])
