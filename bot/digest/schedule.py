"""When a subscription is due: its CronTrigger (which handles timezones and daylight saving), the
latest due time at or before a moment, and the period (ISO week) a due time belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"([01]?\d|2[0-3])[:.h]?([0-5]\d)")


class ScheduleError(ValueError):
    """Text that is not a weekday, a time or a timezone; the message is for the user."""


@dataclass(frozen=True)
class Schedule:
    weekday: str  # mon..sun
    time: str  # HH:MM
    timezone: str  # IANA name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def trigger(self):
        # Imported here so that `aibot ask` does not load APScheduler just to list commands.
        from apscheduler.triggers.cron import CronTrigger

        hour, minute = (int(part) for part in self.time.split(":"))
        return CronTrigger(day_of_week=self.weekday, hour=hour, minute=minute, timezone=self.zone)

    def describe(self) -> str:
        return f"every {self.weekday.capitalize()} at {self.time} ({self.timezone})"


def parse_weekday(text: str) -> str:
    word = text.strip().casefold()
    for day in WEEKDAYS:
        if len(word) >= 3 and day.startswith(word[:3]) and _full_name(day).startswith(word):
            return day
    raise ScheduleError(f"{text[:20]!r} is not a weekday; use mon, tue, wed, thu, fri, sat or sun.")


def _full_name(day: str) -> str:
    return {"mon": "monday", "tue": "tuesday", "wed": "wednesday", "thu": "thursday", "fri": "friday",
            "sat": "saturday", "sun": "sunday"}[day]


def parse_time(text: str) -> str:
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ScheduleError(f"{text[:20]!r} is not a time; use 24-hour HH:MM, for example 09:00.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_timezone(text: str) -> str:
    name = text.strip()
    if name.upper() == "UTC":
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"{name[:40]!r} is not a timezone I know; use a name like Europe/London "
                            "or Asia/Shanghai.") from None
    return name


def default_schedule(settings) -> tuple[Schedule | None, list[tuple[str, ScheduleError]]]:
    """The configured default schedule, parsed like a typed one ("Monday" -> "mon"), and the
    settings that are wrong (by variable name); the schedule is None when any is wrong. Shared by
    /ai-digest and `aibot config check`, so what passes one works in the other."""
    parts, errors = [], []
    for name, parse, value in (("DIGEST_DEFAULT_WEEKDAY", parse_weekday, settings.digest_default_weekday),
                               ("DIGEST_DEFAULT_TIME", parse_time, settings.digest_default_time),
                               ("TIMEZONE", parse_timezone, settings.timezone)):
        try:
            parts.append(parse(value))
        except ScheduleError as exc:
            errors.append((name, exc))
    return (None if errors else Schedule(*parts)), errors


def parse_schedule(words: list[str], *, default: Schedule) -> Schedule:
    """`[weekday] [HH:MM] [timezone]`, in that order, each optional."""
    weekday, time, zone = default.weekday, default.time, default.timezone
    rest = list(words)
    if rest and not rest[0][:1].isdigit() and "/" not in rest[0] and rest[0].upper() != "UTC":
        weekday = parse_weekday(rest.pop(0))
    if rest and rest[0][:1].isdigit():
        time = parse_time(rest.pop(0))
    if rest:
        zone = parse_timezone(rest.pop(0))
    if rest:
        raise ScheduleError(f"I did not understand {' '.join(rest)[:40]!r}; the order is weekday, time, timezone.")
    return Schedule(weekday, time, zone)


def latest_due(schedule: Schedule, now: datetime) -> datetime | None:
    """The most recent scheduled time at or before `now` (aware), or None within the past 8 days."""
    trigger = schedule.trigger()
    due = trigger.get_next_fire_time(None, now - timedelta(days=8))
    latest = None
    while due is not None and due <= now:
        latest = due
        due = trigger.get_next_fire_time(due, due + timedelta(seconds=1))
    return latest


def next_due(schedule: Schedule, now: datetime) -> datetime:
    return schedule.trigger().get_next_fire_time(None, now + timedelta(seconds=1))


def period_of(moment: datetime, zone: ZoneInfo) -> str:
    """The ISO week a moment falls in, in the channel's timezone: "2026-W48"."""
    year, week, _ = moment.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def as_utc(moment: datetime) -> datetime:
    """Aware UTC from either an aware datetime or a naive one stored as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
