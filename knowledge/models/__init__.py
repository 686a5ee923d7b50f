"""Every table of the store. Each area keeps its tables in its own module; importing this package
registers all of them on SQLModel's metadata (Alembic and create_all both rely on that)."""

from knowledge.models.core import (  # noqa: F401
    Alias,
    Document,
    Entity,
    Fact,
    Mention,
    Passage,
    StoreMeta,
)
from knowledge.models.feeds import Feed, FeedEntry  # noqa: F401
from knowledge.models.quotes import Quote  # noqa: F401
from knowledge.models.slack import SlackHandledEvent, SlackThread  # noqa: F401
from knowledge.models.digest import DigestClaim, DigestSubscription  # noqa: F401
