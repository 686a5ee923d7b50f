"""From a Slack request to a posted answer: build the neutral Message, run the engine in a worker
thread (it is synchronous), and post what it returns the way Slack users expect (public answers
in the channel or thread, errors and usage help only to the asker)."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import records
from adapters.slack.blocks import SlackMessage, render
from adapters.slack.client import response_client
from adapters.slack.people import AdminCheck
from bot.inflight import InFlight
from bot.messages import Message
from bot.replies import Reply
from bot.safety import clean_input
from bot.services import Services

log = logging.getLogger("adapters.slack")
# Answers being computed and posted at once. Acks never wait for these; bounding them keeps a
# burst of requests acknowledged at the speed of an empty Bolt app (Slack's 3-second limit), and
# keeps outgoing posts from flooding Slack's rate limits. Later answers queue (a response_url
# stays valid for 30 minutes).
ANSWERS_IN_FLIGHT = 4
# A slash command's answer rides in its acknowledgement when it is ready within this budget
# (Slack waits 3 seconds for the ack): the user sees it at once, and it costs no Web API call.
# Slower answers are acknowledged empty and follow through response_url.
ACK_ANSWER_SECONDS = 1.5
# The only command that reads `Message.user_is_admin`: only it costs a users.info lookup.
ADMIN_COMMAND = "ai-digest"


FOLLOW_UP = "thread follow-up"  # the event kind of a reply in a thread the bot is known to be in


@dataclass
class Where:
    """Where an answer goes and who asked."""

    channel_id: str
    user_id: str | None = None
    team_id: str | None = None
    thread_ts: str | None = None
    is_direct: bool = False
    response_url: str | None = None


class Delivery:
    """Counts what was posted, so a failure before the first post can release its event claim."""

    def __init__(self) -> None:
        self.posted = 0


class Conversation:
    def __init__(self, services: Services, admins: AdminCheck, session=None):
        self.services = services
        self.session = session  # the adapter's shared aiohttp session
        self.engine = services.engine
        self.db = services.knowledge.engine
        self.admins = admins
        self.slots = asyncio.Semaphore(ANSWERS_IN_FLIGHT)
        self.in_flight = InFlight()

    # -- asking ---------------------------------------------------------------------------------

    def command_of(self, text: str) -> str:
        """The command a message runs ("ai-stock" for "@bot stock MiniMax"), or "question"."""
        command, _ = self.engine.route(clean_input(text))
        return command.name if command else "question"

    async def message(self, client: AsyncWebClient, text: str, where: Where, command: str | None = None,
                      **extra) -> Message:
        """`command` is `command_of(text)` when the caller has it already. Only a user running the
        admin command is looked up (a users.info call): questions need no admin flag."""
        if command is None:
            command = self.command_of(text)
        admin = command == ADMIN_COMMAND and await self.admins.is_admin(client, user_id=where.user_id,
                                                                           team_id=where.team_id)
        return Message(text=text, platform="slack", user_id=where.user_id, channel_id=where.channel_id,
                       workspace_id=where.team_id, thread_id=where.thread_ts, is_direct=where.is_direct,
                       user_is_admin=admin, extra=extra)

    async def answer(self, message: Message) -> Reply:
        return await self.engine.handle_async(message)

    # -- posting --------------------------------------------------------------------------------

    async def post(self, client: AsyncWebClient, reply: Reply, parts: list[SlackMessage], where: Where,
                   delivery: Delivery | None = None) -> None:
        """Into the channel (or thread); a private reply only to the asker, unless in a DM."""
        ephemeral = reply.private and not where.is_direct and where.user_id
        for part in parts:
            if ephemeral:
                await client.chat_postEphemeral(channel=where.channel_id, user=where.user_id, text=part.text,
                                                blocks=part.blocks, thread_ts=where.thread_ts)
            else:
                await client.chat_postMessage(channel=where.channel_id, text=part.text, blocks=part.blocks,
                                              thread_ts=where.thread_ts, unfurl_links=False, unfurl_media=False)
            if delivery is not None:
                delivery.posted += 1

    async def respond(self, reply: Reply, parts: list[SlackMessage], response_url: str) -> None:
        """Through a slash command's response_url: in the channel, or ephemeral for private replies."""
        webhook = response_client(response_url, self.session)
        kind = _response_type(reply)
        for part in parts:
            response = await webhook.send(text=part.text, blocks=part.blocks, response_type=kind,
                                          replace_original=False)
            if response.status_code != 200:
                raise RuntimeError(f"response_url answered {response.status_code}")

    # -- whole requests -------------------------------------------------------------------------

    async def handle_event(self, client: AsyncWebClient, *, event_id: str | None, text: str, where: Where,
                           kind: str) -> None:
        """A mention, DM or thread follow-up: answered once per event id, whatever Slack redelivers."""
        async with self.in_flight.track(), self.slots:
            await self._handle_event(client, event_id=event_id, text=text, where=where, kind=kind)

    async def _handle_event(self, client: AsyncWebClient, *, event_id: str | None, text: str, where: Where,
                            kind: str) -> None:
        started = time.perf_counter()
        if event_id and not await asyncio.to_thread(records.claim_event, self.db, event_id=event_id,
                                                    team_id=where.team_id):
            log.info("slack event already answered", extra=_fields(event_id, kind, started, where, event_id))
            return
        delivery = Delivery()
        command = self.command_of(text)
        try:
            reply = await self.answer(await self.message(client, text, where, command, event_id=event_id))
            # Before posting (a quick reply must find it); a follow-up's thread is known already.
            if where.thread_ts and not where.is_direct and kind != FOLLOW_UP:
                await asyncio.to_thread(records.remember_thread, self.db, channel_id=where.channel_id,
                                        thread_ts=where.thread_ts, team_id=where.team_id)
            await self.post(client, reply, render(reply), where, delivery)
        except BaseException:
            if event_id and delivery.posted == 0:  # nothing reached the user: let a redelivery answer
                await asyncio.to_thread(records.release_event, self.db, event_id=event_id)
            log.exception("slack event failed", extra=_fields(event_id, kind, started, where, event_id))
            raise
        log.info("slack %s answered", kind, extra=_fields(event_id, command, started, where, event_id))

    async def handle_command(self, client: AsyncWebClient, ack, *, text: str, where: Where,
                             request_id: str | None, command: str) -> None:
        """Acknowledge with the answer when it is quick (almost always: the engine answers in
        milliseconds), otherwise acknowledge at once and answer through response_url."""
        started = time.perf_counter()
        # Nothing to wait for when the snapshot is in memory and the command neither looks up
        # the admin flag nor works on the database (only /ai-digest does either): then the answer
        # is computed right here, without a task and a timer.
        quick = self.engine.knowledge.is_fresh() and command != ADMIN_COMMAND
        async with self.in_flight.track():
            try:
                if quick:
                    reply = await self._reply_for(client, text, where, command)
                else:
                    answering = asyncio.ensure_future(self._reply_for(client, text, where, command))
                    await asyncio.wait({answering}, timeout=ACK_ANSWER_SECONDS)
                    reply = answering.result() if answering.done() else None
                if reply is None:
                    await ack()  # Slack's 3 seconds are nearly up: the answer follows
                    async with self.slots:  # latency_ms includes the wait for a slot
                        reply = await answering
                        await self._send(client, reply, render(reply), where)
                else:
                    first, *rest = render(reply)
                    await ack(text=first.text, blocks=first.blocks, response_type=_response_type(reply))
                    if rest:  # an answer longer than one message: the other parts follow
                        async with self.slots:
                            await self._send(client, reply, rest, where)
            except Exception:
                log.exception("slack command failed", extra=_fields(request_id, command, started, where))
                raise
        log.info("slack command answered", extra=_fields(request_id, command, started, where))

    async def answer_later(self, client: AsyncWebClient, *, text: str, where: Where, request_id: str | None,
                           command: str) -> None:
        """For requests already acknowledged (a button press: its ack cannot carry a message)."""
        started = time.perf_counter()  # latency_ms includes the wait for a slot
        try:
            async with self.in_flight.track(), self.slots:
                reply = await self._reply_for(client, text, where)
                await self._send(client, reply, render(reply), where)
        except Exception:
            log.exception("slack command failed", extra=_fields(request_id, command, started, where))
            raise
        log.info("slack command answered", extra=_fields(request_id, command, started, where))

    async def _reply_for(self, client: AsyncWebClient, text: str, where: Where, command: str | None = None) -> Reply:
        return await self.answer(await self.message(client, text, where, command))

    async def _send(self, client: AsyncWebClient, reply: Reply, parts: list[SlackMessage], where: Where) -> None:
        if where.response_url:
            await self.respond(reply, parts, where.response_url)
        else:
            await self.post(client, reply, parts, where)


def _response_type(reply: Reply) -> str:
    return "ephemeral" if reply.private else "in_channel"


def _fields(request_id: str | None, command: str, started: float, where: Where, event_id: str | None = None) -> dict:
    fields = {"request_id": request_id or uuid.uuid4().hex[:12], "platform": "slack", "command": command,
              "latency_ms": round((time.perf_counter() - started) * 1000, 1), "channel": where.channel_id}
    if event_id:
        fields["event_id"] = event_id
    return fields
