"""Feeds end to end: `aibot feeds add` and `aibot feeds poll` against a small web server on
127.0.0.1 serving an Atom feed, an RSS feed and article pages (one of them failing)."""

from __future__ import annotations

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Tech Wire</title>
  <id>urn:harbour</id>
  <updated>2026-03-10T08:00:00Z</updated>
  <entry>
    <title>MiniMax slides as investors take profits</title>
    <id>urn:harbour:1</id>
    <link href="{base}/news/minimax-slides.html"/>
    <published>2026-03-10T07:00:00Z</published>
    <updated>2026-03-10T07:00:00Z</updated>
    <summary>MiniMax shares fell.</summary>
  </entry>
  <entry>
    <title>A page that is down</title>
    <id>urn:harbour:2</id>
    <link href="{base}/news/broken.html"/>
    <updated>2026-03-10T06:00:00Z</updated>
  </entry>
</feed>"""

RSS_ITEM = """<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>
<pubDate>{date}</pubDate><description>Summary only.</description></item>"""

PARAGRAPHS = {
    "/news/minimax-slides.html": [
        "MiniMax shares fell 9% in Hong Kong on Tuesday as investors took profits after the M2.5 rally.",
        "Traders said the pull-back followed weeks of gains across Chinese AI stocks, and volumes were heavy.",
    ],
    "/news/qwen-downloads.html": [
        "Alibaba said its Qwen models passed a new download milestone among open model developers.",
        "The company credited coding models such as Qwen3-Coder for most of the recent growth in use.",
    ],
    "/news/kimi-update.html": [
        "Moonshot AI released Kimi K2.5 with longer context and a faster agent mode for developers.",
        "The Beijing company said paying users of Kimi doubled in the quarter, without giving figures.",
    ],
}


def page(path: str) -> bytes:
    title = path.rsplit("/", 1)[-1].removesuffix(".html").replace("-", " ").title()
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[path])
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World | Markets</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>").encode()


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(RSS_ITEM.format(title=t, base=base, path=p, date=d) for t, p, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Lantern AI News</title>'
            f"<link>{base}/</link><description>AI news</description>{entries}</channel></rss>").encode()


RSS_ITEMS = [
    ("Qwen passes a download milestone", "/news/qwen-downloads.html", "Mon, 09 Mar 2026 10:00:00 GMT"),
    # The same story as in the Atom feed: stored once, however many feeds carry it.
    ("MiniMax slides (syndicated)", "/news/minimax-slides.html", "Tue, 10 Mar 2026 07:30:00 GMT"),
]


def serve_feeds(web) -> None:
    web.serve("/atom.xml", ATOM.format(base=web.base).encode(), "application/atom+xml", etag='"atom-1"')
    web.serve("/rss.xml", rss(web.base, RSS_ITEMS), "application/rss+xml", etag='"rss-1"')
    for path in PARAGRAPHS:
        web.serve(path, page(path))
    web.serve("/news/broken.html", b"<html><body>Internal error</body></html>", status=500)


def test_feeds_are_polled_politely_and_each_entry_is_ingested_once(cli, store, web):
    serve_feeds(web)
    assert cli("feeds", "add", web.url("/atom.xml")).returncode == 0
    assert cli("feeds", "add", web.url("/rss.xml")).returncode == 0
    again = cli("feeds", "add", web.url("/rss.xml"))
    assert again.returncode == 1 and "already following" in again.stdout
    documents = store("SELECT count(*) FROM document")[0][0]

    first = cli("feeds", "poll")
    assert first.returncode == 1  # one page failed, and that is reported
    assert f"{web.url('/atom.xml')}: 1 added, 0 skipped, 1 failed" in first.stdout
    assert f"{web.url('/rss.xml')}: 1 added, 1 skipped, 0 failed" in first.stdout
    assert f"refused  {web.url('/news/broken.html')}: page failed: HTTP 500" in first.stdout
    rows = store("SELECT title, publisher, url, published, origin FROM document WHERE origin = 'feed' ORDER BY url")
    assert [(r[0], r[1], r[2], str(r[3])) for r in rows] == [
        ("MiniMax slides as investors take profits", "Harbour Tech Wire", web.url("/news/minimax-slides.html"), "2026-03-10"),
        ("Qwen passes a download milestone", "Lantern AI News", web.url("/news/qwen-downloads.html"), "2026-03-09"),
    ]
    assert store("SELECT count(*) FROM document")[0][0] == documents + 2
    body = store("SELECT body FROM document WHERE url = :u", u=web.url("/news/minimax-slides.html"))[0][0]
    assert "fell 9%" in body and "Home | World" not in body  # the full text from the page, not the summary
    agents = {headers.get("User-Agent", "") for _path, headers in web.requests}
    assert agents and all(a.startswith("aibot/") for a in agents)

    # Nothing changed: both feeds answer 304 and no page is fetched again.
    web.requests.clear()
    second = cli("feeds", "poll")
    assert second.returncode == 0, second.stdout
    assert f"{web.url('/atom.xml')}: not modified" in second.stdout
    assert sorted(web.paths_requested()) == ["/atom.xml", "/rss.xml"]
    assert {h.get("If-None-Match") for _p, h in web.requests} == {'"atom-1"', '"rss-1"'}
    assert store("SELECT count(*) FROM document")[0][0] == documents + 2

    # The RSS feed gains an entry: only the new page is fetched; the old ones are not re-read.
    web.serve("/rss.xml", rss(web.base, RSS_ITEMS + [("Kimi update", "/news/kimi-update.html",
                                                      "Wed, 11 Mar 2026 09:00:00 GMT")]),
              "application/rss+xml", etag='"rss-2"')
    web.requests.clear()
    third = cli("feeds", "poll")
    assert f"{web.url('/rss.xml')}: 1 added, 0 skipped, 0 failed" in third.stdout
    assert sorted(web.paths_requested()) == ["/atom.xml", "/news/kimi-update.html", "/rss.xml"]

    listing = cli("feeds", "list")
    assert f"{web.url('/rss.xml')} (Lantern AI News): 2 ingested" in listing.stdout
    stats = dict(line.split() for line in cli("stats").stdout.splitlines())
    assert stats["feeds"] == "2" and stats["feed_entries"] == "3"

    # The new articles answer questions at once, with their source.
    answer = cli("ask", "/ai-stock MiniMax")
    assert "fell 9%, as of 2026-03-10 (reported by Harbour Tech Wire)" in answer.stdout

    atom_id = store("SELECT id FROM feed WHERE url = :u", u=web.url("/atom.xml"))[0][0]
    entries = "SELECT count(*) FROM feed_entry WHERE feed_id = :f"
    assert store(entries, f=atom_id)[0][0] == 2  # one added, one failed
    rss_id = store("SELECT id FROM feed WHERE url = :u", u=web.url("/rss.xml"))[0][0]
    rss_entries = store(entries, f=rss_id)[0][0]
    removed = cli("feeds", "remove", web.url("/atom.xml"))
    assert removed.returncode == 0 and "Stopped following" in removed.stdout
    # The database's ON DELETE CASCADE removes the feed's entries (on SQLite and Postgres alike).
    assert store(entries, f=atom_id)[0][0] == 0
    assert store(entries, f=rss_id)[0][0] == rss_entries == 3
    assert web.url("/atom.xml") not in cli("feeds", "list").stdout
    assert store("SELECT count(*) FROM document WHERE origin = 'feed'")[0][0] == 3  # articles stay


def test_timeouts_size_limits_and_bad_feeds_are_reported_not_fatal(cli, store, web):
    web.serve("/slow.xml", b"<rss></rss>", "application/rss+xml", delay=3)
    web.serve("/huge.xml", b"<rss>" + b" " * 50_000 + b"</rss>", "application/rss+xml")
    web.serve("/not-a-feed.xml", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    for path in ("/slow.xml", "/huge.xml", "/not-a-feed.xml", "/missing.xml"):
        assert cli("feeds", "add", web.url(path)).returncode == 0
    assert cli("feeds", "add", "ftp://example.org/feed").returncode == 1
    before = store("SELECT count(*) FROM document")[0][0]
    result = cli("feeds", "poll", env={"FEED_TIMEOUT_SECONDS": "1", "FEED_MAX_BYTES": "10000"})
    assert result.returncode == 1
    assert f"{web.url('/slow.xml')}: error: timed out" in result.stdout
    assert f"{web.url('/huge.xml')}: error: too large" in result.stdout
    assert f"{web.url('/not-a-feed.xml')}: error: not an RSS or Atom feed" in result.stdout
    assert f"{web.url('/missing.xml')}: error: HTTP 404" in result.stdout
    assert store("SELECT count(*) FROM document")[0][0] == before
    assert "error: timed out" in cli("feeds", "list").stdout


async def test_the_poller_service_runs_a_poll_and_stops(make_settings, web, store):
    from bot.app import BACKGROUND, load_factory
    from bot.services import build_services
    from knowledge.feeds.subscriptions import add_feed

    assert "knowledge.feeds.service:create" in BACKGROUND
    services = build_services(make_settings())
    try:
        assert load_factory("knowledge.feeds.service:create")(
            build_services(make_settings(feed_poll_minutes=0))) is None  # polling switched off
        web.serve("/rss.xml", rss(web.base, RSS_ITEMS[:1]), "application/rss+xml")
        web.serve("/news/qwen-downloads.html", page("/news/qwen-downloads.html"))
        add_feed(services.knowledge.engine, web.url("/rss.xml"))
        poller = load_factory("knowledge.feeds.service:create")(services)
        await poller.start()
        assert poller.scheduler.get_job("feed-poll") is not None
        reports = await poller.poll_once()
        await poller.stop()
        assert [r.count("added") for r in reports] == [1]
        # The running bot sees the new article without a restart.
        titles = {d.title for d in services.knowledge.snapshot().documents.values()}
        assert "Qwen passes a download milestone" in titles
        assert store("SELECT count(*) FROM document WHERE origin = 'feed'")[0][0] == 1
    finally:
        services.knowledge.engine.dispose()


def test_a_chinese_page_in_gbk_is_read_in_its_charset_and_linked(cli, store, web):
    paragraphs = ["智谱股价周一上涨12%，投资者看好其新发布的GLM-5模型在编程任务上的表现。",
                  "分析师表示，稀宇科技和商汤也受到市场关注，但涨幅较小，成交量有所放大。"]
    html = ("<html><head><title>智谱股价上涨</title></head><body><article><h1>智谱股价上涨</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    web.serve("/zh.xml", rss(web.base, [("智谱股价上涨", "/zh/zhipu.html", "Mon, 16 Mar 2026 02:00:00 GMT")]),
              "application/rss+xml")
    web.serve("/zh/zhipu.html", html.encode("gbk"), "text/html; charset=gbk")
    cli("feeds", "add", web.url("/zh.xml"))
    result = cli("feeds", "poll")
    assert result.returncode == 0, result.stdout
    body = store("SELECT body FROM document WHERE origin = 'feed'")[0][0]
    assert paragraphs[0] in body
    linked = {r[0] for r in store("SELECT DISTINCT e.key FROM mention m JOIN entity e ON e.id = m.entity_id "
                                  "JOIN document d ON d.id = m.document_id WHERE d.origin = 'feed'")}
    assert {"zhipu-ai", "minimax", "sensetime", "glm-5"} <= linked
    move = store("SELECT f.number, f.as_of FROM fact f JOIN entity e ON e.id = f.subject_id "
                 "WHERE f.origin = 'extracted' AND e.key = 'zhipu-ai' AND f.kind = 'stock_move'")
    assert [(r[0], str(r[1])) for r in move] == [(12.0, "2026-03-16")]


def test_a_gbk_page_declaring_its_charset_only_in_meta_is_read_in_it(cli, store, web):
    paragraphs = ["智谱股价周一上涨12%，投资者看好其新发布的GLM-5模型在编程任务上的表现。",
                  "分析师表示，稀宇科技和商汤也受到市场关注，但涨幅较小，成交量有所放大。"]
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "<title>智谱股价上涨</title></head><body><article><h1>智谱股价上涨</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    web.serve("/zh.xml", rss(web.base, [("智谱股价上涨", "/zh/zhipu.html", "Mon, 16 Mar 2026 02:00:00 GMT")]),
              "application/rss+xml")
    web.serve("/zh/zhipu.html", html.encode("gbk"), "text/html")  # no charset in the header
    cli("feeds", "add", web.url("/zh.xml"))
    result = cli("feeds", "poll")
    assert result.returncode == 0, result.stdout
    body = store("SELECT body FROM document WHERE origin = 'feed'")[0][0]
    assert paragraphs[0] in body and paragraphs[1] in body and "\ufffd" not in body


def test_a_plain_text_page_is_read_as_plain_text(cli, store, web):
    text = ("Moonshot AI released Kimi K2.5 with longer context and a faster agent mode for developers.\n\n"
            "The Beijing company said paying users of Kimi doubled in the quarter, without giving figures.\n")
    web.serve("/plain.xml", rss(web.base, [("Kimi K2.5 released", "/news/kimi.txt", "Wed, 11 Mar 2026 09:00:00 GMT")]),
              "application/rss+xml")
    web.serve("/news/kimi.txt", text.encode(), "text/plain")
    cli("feeds", "add", web.url("/plain.xml"))
    result = cli("feeds", "poll")
    assert result.returncode == 0, result.stdout
    assert f"{web.url('/plain.xml')}: 1 added, 0 skipped, 0 failed" in result.stdout
    rows = store("SELECT title, url, published, body FROM document WHERE origin = 'feed'")
    assert [(r[0], r[1], str(r[2])) for r in rows] == [("Kimi K2.5 released", web.url("/news/kimi.txt"), "2026-03-11")]
    assert "paying users of Kimi doubled" in rows[0][3]


def test_a_page_is_decoded_in_the_charset_of_its_header_then_its_meta_else_left_to_the_extractor():
    from knowledge.feeds.fetching import Fetched

    def page(body: bytes, charset: str | None) -> Fetched:
        return Fetched(200, body, "http://x/", "text/html", None, None, charset)

    meta = '<html><head><meta charset="GBK"><title>智谱</title></head><body><p>智谱股价</p></body></html>'
    assert page(meta.encode("gbk"), None).html() == meta
    assert page(meta.encode("utf-8"), "utf-8").html() == meta  # the header wins over the page
    undeclared = "<html><body><p>智谱股价</p></body></html>".encode("gbk")
    assert page(undeclared, None).html() == undeclared  # bytes: trafilatura detects the encoding
    assert page(meta.encode("gbk"), "no-such-charset").html() == meta


def test_a_page_without_a_content_type_is_read_and_a_repeated_entry_is_stored_once(cli, store, web):
    text = ("<html><head><title>Kimi K2.5 released</title></head><body><article><h1>Kimi K2.5 released</h1>"
            "<p>Moonshot AI released Kimi K2.5 with longer context and a faster agent mode for developers.</p>"
            "<p>The Beijing company said paying users of Kimi doubled in the quarter, without giving figures.</p>"
            "</article></body></html>")
    item = ("Kimi K2.5 released", "/news/kimi.html", "Wed, 11 Mar 2026 09:00:00 GMT")
    web.serve("/twice.xml", rss(web.base, [item, item]), "application/rss+xml")  # the same guid twice
    web.serve("/news/kimi.html", text.encode(), "")  # no Content-Type header
    cli("feeds", "add", web.url("/twice.xml"))
    result = cli("feeds", "poll")
    assert result.returncode == 0, result.stdout
    assert f"{web.url('/twice.xml')}: 1 added, 0 skipped, 0 failed" in result.stdout
    assert web.paths_requested().count("/news/kimi.html") == 1
    assert [r[0] for r in store("SELECT status FROM feed_entry")] == ["added"]
    assert "paying users of Kimi doubled" in store("SELECT body FROM document WHERE origin = 'feed'")[0][0]
