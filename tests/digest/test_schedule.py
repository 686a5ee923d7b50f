"""Parsing schedules, and due times computed by APScheduler's CronTrigger across daylight saving."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.digest.schedule import Schedule, ScheduleError, latest_due, next_due, parse_schedule, period_of

DEFAULT = Schedule("mon", "09:00", "UTC")


@pytest.mark.parametrize("words, expected", [
    ([], ("mon", "09:00", "UTC")),
    (["friday"], ("fri", "09:00", "UTC")),
    (["Fri", "7:30"], ("fri", "07:30", "UTC")),
    (["wed", "18:05", "Asia/Shanghai"], ("wed", "18:05", "Asia/Shanghai")),
    (["08:00"], ("mon", "08:00", "UTC")),
    (["Europe/London"], ("mon", "09:00", "Europe/London")),
])
def test_parse_schedule(words, expected):
    assert parse_schedule(words, default=DEFAULT) == Schedule(*expected)


@pytest.mark.parametrize("words, complaint", [
    (["blursday"], "not a weekday"),
    (["mon", "25:00"], "not a time"),
    (["mon", "09:00", "Mars/Olympus"], "not a timezone"),
    (["mon", "09:00", "UTC", "extra"], "did not understand"),
])
def test_bad_schedules_say_what_is_wrong(words, complaint):
    with pytest.raises(ScheduleError, match=complaint):
        parse_schedule(words, default=DEFAULT)


def test_due_times_keep_local_time_across_daylight_saving():
    schedule = Schedule("mon", "09:00", "Europe/London")
    # London leaves summer time on 25 Oct 2026: 09:00 local is 08:00 UTC before, 09:00 UTC after.
    before = latest_due(schedule, datetime(2026, 10, 20, tzinfo=timezone.utc))
    after = latest_due(schedule, datetime(2026, 10, 27, tzinfo=timezone.utc))
    assert before.astimezone(timezone.utc).hour == 8
    assert after.astimezone(timezone.utc).hour == 9
    assert after.astimezone(timezone.utc) - before.astimezone(timezone.utc) == timedelta(days=7, hours=1)


def test_latest_and_next_due_bracket_now():
    schedule = Schedule("wed", "12:00", "Asia/Shanghai")
    now = datetime(2026, 11, 25, 3, 59, tzinfo=timezone.utc)  # 11:59 in Shanghai, Wednesday
    assert latest_due(schedule, now).astimezone(ZoneInfo("Asia/Shanghai")).day == 18
    assert next_due(schedule, now).astimezone(ZoneInfo("Asia/Shanghai")).day == 25
    assert latest_due(schedule, now + timedelta(minutes=1)) == next_due(schedule, now)


def test_period_is_the_week_in_the_channels_timezone():
    moment = datetime(2026, 11, 29, 20, 0, tzinfo=timezone.utc)  # Sunday evening UTC
    assert period_of(moment, ZoneInfo("UTC")) == "2026-W48"
    assert period_of(moment, ZoneInfo("Asia/Shanghai")) == "2026-W49"  # already Monday there
