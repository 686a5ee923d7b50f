"""/ai-digest [subscribe|unsubscribe|preview|status] [weekday] [HH:MM] [timezone]: the weekly digest
for the channel the command is typed in."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.commands.registry import Command, Option, OptionKind, Registry, UsageError
from bot.digest import claims, subscriptions
from bot.digest.runner import channel_digest
from bot.digest.schedule import (
    WEEKDAYS, Schedule, ScheduleError, as_utc, default_schedule, latest_due, next_due, parse_schedule, parse_time,
    parse_timezone, period_of,
)
from bot.replies import Reply, ReplyKind, error, usage

ACTIONS = ("subscribe", "unsubscribe", "preview", "status")
ACTION = Option("action", "subscribe, unsubscribe, preview or status (default)", OptionKind.CHOICE,
                required=False, choices=ACTIONS)
WEEKDAY = Option("weekday", "Day to post on (subscribe; default Monday)", OptionKind.CHOICE,
                 required=False, choices=WEEKDAYS)
TIME = Option("time", "Time to post, 24-hour HH:MM (subscribe; default 09:00)", required=False)
ZONE = Option("timezone", "Timezone such as Europe/London (subscribe; default the bot's)", required=False)
LOCAL_PLATFORMS = ("console", "cli")  # the person at the terminal runs the bot: an admin


def parse_digest_args(ctx, text: str) -> dict[str, str]:
    words = text.split()
    if not words:
        return {}
    action = words[0].casefold()
    if action not in ACTIONS:
        raise UsageError(f"{words[0][:30]!r} is not an action; use one of: {', '.join(ACTIONS)}")
    values = {"action": action}
    if words[1:]:
        if action != "subscribe":
            raise UsageError(f"{action} takes no further words; only subscribe takes a schedule.")
        try:
            schedule = parse_schedule(words[1:], default=_default(ctx.settings))
        except ScheduleError as exc:
            raise UsageError(str(exc)) from None
        values.update(weekday=schedule.weekday, time=schedule.time, timezone=schedule.timezone)
    return values


def digest_command(ctx, options: dict[str, str]) -> Reply:
    action = options.get("action") or "status"
    message = ctx.message
    if not message.channel_id:
        return usage("/ai-digest", "Use /ai-digest in the channel that should get the digest.")
    where = {"platform": message.platform, "workspace_id": message.workspace_id, "channel_id": message.channel_id}
    engine = ctx.knowledge.engine
    now = datetime.now(timezone.utc)
    if action in ("subscribe", "unsubscribe") and not (message.user_is_admin or message.platform in LOCAL_PLATFORMS):
        who = "Slack workspace admins and the users listed in SLACK_ADMIN_USERS" if message.platform == "slack" \
            else "members with the Manage Server permission" if message.platform == "discord" else "admins"
        return error(f"Only {who} can {action} a channel to the weekly digest.", title="Not allowed")
    if action == "subscribe":
        try:
            schedule = _schedule_from(ctx.settings, options)
        except ScheduleError as exc:
            return usage("/ai-digest", str(exc))
        sub, created = subscriptions.subscribe(engine, schedule=schedule, user_id=message.user_id, **where)
        _notify(ctx)
        verb = "Subscribed" if created else "Schedule changed"
        return Reply(title="Weekly digest", text=f"{verb}: this channel gets the weekly digest {schedule.describe()}. "
                     f"The next one is due {_when(next_due(schedule, now), schedule)}.")
    sub = subscriptions.find(engine, **where)
    if action == "unsubscribe":
        if not subscriptions.unsubscribe(engine, **where):
            return usage("Weekly digest", "This channel is not subscribed to the weekly digest.")
        _notify(ctx)
        return Reply(title="Weekly digest", text="Unsubscribed: this channel will get no more weekly digests.")
    if action == "preview":
        # Shown to the asker only (a USAGE reply is private on every platform). Without the chart:
        # Slack cannot attach files to a message only one person sees.
        try:
            zone = sub.schedule.zone if sub else _default(ctx.settings).zone
        except ScheduleError as exc:
            return usage("/ai-digest", str(exc))
        reply = channel_digest(ctx.knowledge, sub, now, zone=zone, with_chart=False)
        reply.kind = ReplyKind.USAGE
        reply.title = "Preview: " + reply.title
        return reply
    return _status(engine, sub, now)


def _status(engine, sub, now: datetime) -> Reply:
    if sub is None:
        return Reply(title="Weekly digest", text="This channel is not subscribed. An admin can type "
                     "/ai-digest subscribe [weekday] [HH:MM] [timezone].")
    lines = [f"This channel gets the weekly digest {sub.schedule.describe()}.",
             f"Next due: {_when(next_due(sub.schedule, now), sub.schedule)}."]
    last = claims.last_sent(engine, subscription_id=sub.id)
    lines.append(f"Last sent: {_when(last.sent_at, sub.schedule)}." if last else "None sent yet.")
    # Only a failure since the last digest sent is news; only the current period's is still retried
    # (the due-check looks at the latest due time only, and the next digest covers the missed news).
    failures = [c for c in claims.history(engine, subscription_id=sub.id) if c.status in ("failed", "abandoned")
                and (last is None or as_utc(c.due_at) > as_utc(last.due_at))]
    if failures:
        latest = failures[-1]
        due = latest_due(sub.schedule, now)
        if latest.status == "abandoned":
            state = "the bot gave up after repeated failures"
        elif due is not None and latest.period == period_of(due, sub.schedule.zone):
            state = "it will be retried"
        else:
            state = "the next digest covers its news"
        lines.append(f"The {latest.period} digest failed to post; {state}.")
    return Reply(title="Weekly digest", text="\n".join(lines))


def _default(settings) -> Schedule:
    """The configured default schedule; a bad setting raises ScheduleError naming it."""
    schedule, errors = default_schedule(settings)
    if errors:
        name, exc = errors[0]
        raise ScheduleError(f"The bot's setting {name} is wrong: {exc} Ask the operator to fix it.")
    return schedule


def _schedule_from(settings, options: dict[str, str]) -> Schedule:
    default = _default(settings)
    return Schedule(
        options.get("weekday") or default.weekday,
        parse_time(options["time"]) if options.get("time") else default.time,
        parse_timezone(options["timezone"]) if options.get("timezone") else default.timezone,
    )


def _when(moment: datetime, schedule: Schedule) -> str:
    return f"{as_utc(moment).astimezone(schedule.zone):%a %d %b %Y %H:%M} ({schedule.timezone})"


def _notify(ctx) -> None:
    service = ctx.services.get("digest")
    if service is not None:  # the running scheduler picks the change up now, not at its next sweep
        service.schedule_changed()


def register(registry: Registry) -> None:
    registry.add(Command(
        name="ai-digest", summary="The weekly digest for this channel: subscribe, unsubscribe, preview, status",
        handler=digest_command, options=(ACTION, WEEKDAY, TIME, ZONE), parser=parse_digest_args,
        words=("digest",), reads_message=True, uses_store=True,
        examples=("/ai-digest subscribe", "/ai-digest subscribe fri 08:30 Asia/Shanghai", "/ai-digest status",
                  "/ai-digest preview"),
        details="Subscribing and unsubscribing are for admins. The digest lists new articles, reported stock "
                "moves (with a chart), new models, the most-mentioned firms and claims, each with its source.",
    ))
