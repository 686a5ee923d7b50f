"""What kind of question is this? Keyword rules over words and their stems, English and Chinese.

Rules rather than a classifier: the intents are few, the vocabulary is small and stable, and a
rule that misfires can be read and fixed. Each intent lists the words that signal it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from knowledge.vocabulary import COMMON_WORDS


class Intent(str, Enum):
    STOCK = "stock"
    COMPARE = "compare"
    MAKER = "maker"
    ACQUISITION = "acquisition"
    IPO = "ipo"
    OPINION = "opinion"
    VERIFY = "verify"
    COUNT = "count"
    RELEASE = "release"
    AFFILIATION = "affiliation"
    CAPABILITY = "capability"
    RANKING = "ranking"
    WHY = "why"


_WORDS: dict[Intent, tuple[str, ...]] = {
    Intent.STOCK: ("stock", "stocks", "share", "shares", "shareholders", "price", "prices", "rose", "rise",
                   "risen", "rises", "fell", "fall", "falls", "fallen", "drop", "dropped", "drops", "gain",
                   "gained", "gains", "jump", "jumped", "surge", "surged", "slump", "slumped", "rally",
                   "rallied", "trading", "traded", "ticker", "market", "valuation", "investors", "equity",
                   "climb", "climbed", "climbs", "soar", "soared", "soars", "plunge", "plunged", "tumble",
                   "tumbled", "sank", "slid", "spiked", "declined", "crashed", "rebounded", "skyrocketed",
                   "gainers", "losers", "movers"),
    Intent.COMPARE: ("compare", "compared", "comparison", "versus", "vs", "vs."),
    Intent.MAKER: ("built", "build", "builds", "made", "makes", "make", "maker", "developed", "develops",
                   "developer", "created", "creates", "creator", "behind", "owns", "owner", "produced", "trained"),
    Intent.ACQUISITION: ("acquire", "acquired", "acquires", "acquiring", "acquisition", "bought", "buy", "buys",
                         "buying", "purchase", "purchased", "takeover", "merger", "deal"),
    Intent.IPO: ("ipo", "ipos", "listed", "listing", "public", "float", "floated", "debut", "debuted"),
    Intent.OPINION: ("think", "thinks", "thought", "say", "says", "said", "believe", "believes", "view",
                     "views", "opinion", "predict", "predicts", "estimate", "estimates", "expect", "expects",
                     "according", "argue", "argues", "likely", "likelihood", "probability", "odds", "suggest", "suggests", "warn", "warns", "claim", "claims"),
    Intent.VERIFY: ("verified", "verify", "unverified", "true", "really", "confirmed", "proof", "evidence",
                    "better", "beat", "beats", "rival", "rivals", "surpass", "surpasses", "outperform",
                    "outperforms", "benchmark", "benchmarks"),
    Intent.COUNT: ("many", "number", "count", "much"),
    Intent.RELEASE: ("release", "released", "releases", "launch", "launched", "launches", "unveiled", "models",
                     "model", "products", "ship", "shipped"),
    Intent.AFFILIATION: ("company", "firm", "employer", "work", "works", "working", "role", "job", "position",
                         "title", "with"),
    Intent.CAPABILITY: ("generate", "generates", "do", "does", "can", "capable", "capabilities", "specialised",
                        "specialized", "specialises", "specializes", "specialise", "specialize", "good", "used",
                        "use", "features", "strengths", "focus"),
    Intent.RANKING: ("most", "biggest", "largest", "best", "top", "highest", "least", "worst", "lowest",
                     "rank", "ranking", "which", "all", "list"),
    Intent.WHY: ("why", "reason", "reasons", "because", "drivers", "driving", "motivation"),
}

_CHINESE: dict[Intent, tuple[str, ...]] = {
    Intent.STOCK: ("股价", "股票", "股份", "涨", "跌", "市值", "股"),
    Intent.COMPARE: ("比较", "对比", "相比"),
    Intent.MAKER: ("开发", "研发", "谁做", "哪家公司", "出品"),
    Intent.ACQUISITION: ("收购", "并购"),
    Intent.IPO: ("上市",),
    Intent.OPINION: ("认为", "看法", "观点", "表示"),
    Intent.COUNT: ("多少", "几个"),
    Intent.RELEASE: ("发布", "模型"),
    Intent.CAPABILITY: ("能做", "能力", "擅长", "生成"),
    Intent.WHY: ("为什么", "原因"),
    Intent.RANKING: ("最", "哪家", "哪些", "排名", "排行"),
}

_WORD = re.compile(r"[a-z0-9][a-z0-9.\-']*")
_LOOKUP: dict[str, set[Intent]] = {}
for _intent, _words in _WORDS.items():
    for _w in _words:
        _LOOKUP.setdefault(_w, set()).add(_intent)

INTENT_WORDS = frozenset(_LOOKUP)
RELEASE_VERBS = frozenset({"release", "released", "releases", "launch", "launched", "launches", "unveiled",
                           "ship", "shipped"})


@dataclass(frozen=True)
class Parsed:
    text: str
    words: tuple[str, ...]
    intents: frozenset[Intent]

    def has(self, *intents: Intent) -> bool:
        return any(i in self.intents for i in intents)


def words_of(text: str) -> tuple[str, ...]:
    lowered = text.casefold().replace("’", "'")
    return tuple(w.rstrip(".-'").removesuffix("'s") for w in _WORD.findall(lowered))


def parse(text: str) -> Parsed:
    words = words_of(text)
    intents: set[Intent] = set()
    for word in words:
        intents |= _LOOKUP.get(word, set())
    # "最近" (recently) and "最新" (newest) are not superlatives: without them, "最" marks a ranking.
    chinese = text.replace("最近", " ").replace("最新", " ")
    for intent, keywords in _CHINESE.items():
        if any(k in chinese for k in keywords):
            intents.add(intent)
    joined = " ".join(words)
    if "how much" in joined and Intent.STOCK not in intents:
        intents.discard(Intent.COUNT)  # "how much did X rise" is a stock question, handled above
    if "went public" in joined or "go public" in joined or "going public" in joined:
        intents.add(Intent.IPO)
    if "good at" not in joined and "good" in words:
        intents.discard(Intent.CAPABILITY)
    if "with" in words and not {"company", "firm", "work", "works", "working"} & set(words):
        intents.discard(Intent.AFFILIATION)  # "with" alone is too common to mean "works with"
    return Parsed(text=text, words=words, intents=frozenset(intents))


def content_words(words: tuple[str, ...]) -> list[str]:
    """Words that carry the question's specific meaning: not common, not intent signals."""
    return [w for w in words if w not in COMMON_WORDS and w not in INTENT_WORDS and len(w) > 1 and not w.isdigit()]


# Particles and question words of Chinese questions; what is left after removing them and the
# intent keywords is the thing asked about ("字节跳动的股价" -> "字节跳动").
_CHINESE_FILLER = ("的", "了", "吗", "呢", "吧", "么", "怎么样", "怎样", "如何", "什么", "多少", "是", "有", "在",
                   "请问", "告诉我", "一下", "得", "家", "公司", "最近", "哪些", "哪个", "谁")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Longest first, so "怎么样" goes before "么".
_CHINESE_REMOVED = sorted({k for ks in _CHINESE.values() for k in ks} | set(_CHINESE_FILLER), key=len, reverse=True)


def chinese_remainder(text: str) -> str | None:
    """The Chinese words of a question that are neither intent keywords nor particles, if any."""
    rest = "".join(_CJK_RUN.findall(text))
    for keyword in _CHINESE_REMOVED:
        rest = rest.replace(keyword, " ")
    words = [w for w in rest.split() if len(w) >= 2]
    return " ".join(words) or None
