"""Fixtures for ingestion tests: a way to read the store directly, and a small web server on
127.0.0.1 that plays the outside world for feeds (Atom and RSS files, article pages, ETags)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import create_engine, text


@pytest.fixture
def store(db_url):
    """Run a SQL query against the test's store and return all rows."""
    engine = create_engine(db_url)

    def query(sql: str, **params):
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()

    yield query
    engine.dispose()


@dataclass
class Served:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    delay: float = 0.0


@dataclass
class FakeWeb:
    """What the server serves (path -> Served) and every request it received."""

    pages: dict[str, Served] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", **kw) -> None:
        self.pages[path] = Served(body, content_type, **kw)

    def paths_requested(self) -> list[str]:
        return [path for path, _ in self.requests]


@pytest.fixture
def web():
    fake = FakeWeb()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            fake.requests.append((self.path, dict(self.headers)))
            page = fake.pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            if page.delay:
                time.sleep(page.delay)
            if page.etag and self.headers.get("If-None-Match") == page.etag:
                self.send_response(304)
                self.send_header("ETag", page.etag)
                self.end_headers()
                return
            self.send_response(page.status)
            if page.content_type:  # "" serves the page with no Content-Type header at all
                self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            if page.etag:
                self.send_header("ETag", page.etag)
            self.end_headers()
            try:
                self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout or size limit): that is the point

        def log_message(self, *args):  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
