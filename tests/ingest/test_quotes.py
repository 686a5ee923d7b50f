"""`aibot quotes import` and the market data `/ai-stock` shows from it."""

from __future__ import annotations

CSV = """date,ticker,close,change
2026-02-06,0100.HK,80.00,
2026-02-27,HKEX:0100,100.00,1.5
2026-03-06,0100,110.00,2.0
2026-03-06,TSLA,250.00,
2026-03-06,9999,1.00,
not a date,0100,1,
"""


def test_import_reports_unknown_tickers_and_the_stock_answer_shows_closes(cli, store, tmp_path):
    path = tmp_path / "closes.csv"
    path.write_text(CSV, encoding="utf-8")
    result = cli("quotes", "import", str(path))
    assert result.returncode == 1  # some rows were not imported, and the exit code says so
    assert "unknown  'TSLA' (line 5): not a tracked ticker or firm; not imported" in result.stdout
    assert "unknown  '9999' (line 6)" in result.stdout
    assert "bad      line 7:" in result.stdout
    assert "Summary: 3 quotes imported, 0 updated, 2 rows for unknown tickers or firms, 1 bad rows" in result.stdout
    rows = store("SELECT e.key, q.ticker, q.day, q.close FROM quote q JOIN entity e ON e.id = q.entity_id ORDER BY q.day")
    assert [(r[0], r[1], str(r[2]), r[3]) for r in rows] == [
        ("minimax", "0100", "2026-02-06", 80.0), ("minimax", "0100", "2026-02-27", 100.0),
        ("minimax", "0100", "2026-03-06", 110.0),
    ]

    answer = cli("ask", "/ai-stock MiniMax")
    assert ("Market data: 0100 closed at 110 on 2026-03-06; over a week +10%, over a month +37.5%."
            in answer.stdout)
    assert "MiniMax shares rose 11%" in answer.stdout  # the reported move stays beside the data
    assert "market data (closes.csv), 2026-03-06 (as of 2026-03-06)" in answer.stdout

    # Importing the same file again changes nothing; by firm name works, typos are not guessed.
    again = cli("quotes", "import", str(path))
    assert "Summary: 0 quotes imported, 0 updated" in again.stdout
    by_name = tmp_path / "by-name.csv"
    by_name.write_text("date,firm,close\n2026-03-06,稀宇,111\n2026-03-06,Minimaxx,5\n2026-03-06,UCloud,30\n",
                       encoding="utf-8")
    named = cli("quotes", "import", str(by_name))
    assert "unknown  'Minimaxx'" in named.stdout
    assert "1 quotes imported, 1 updated" in named.stdout
    assert store("SELECT close FROM quote WHERE day = '2026-03-06' AND ticker = '0100'")[0][0] == 111.0

    stats = dict(line.split() for line in cli("stats").stdout.splitlines())
    assert stats["quotes"] == "4" and stats["newest_quote"] == "2026-03-06"


def test_a_firm_with_only_market_data_gets_it_and_bad_files_are_refused(cli, tmp_path):
    path = tmp_path / "nvda.csv"
    path.write_text("date,symbol,close\n2026-03-05,NVDA,120\n", encoding="utf-8")
    assert cli("quotes", "import", str(path)).returncode == 0
    answer = cli("ask", "/ai-stock Nvidia")
    assert "no stock move for Nvidia in articles" in answer.stdout
    assert "NVDA closed at 120 on 2026-03-05; over a week no close a week earlier" in answer.stdout

    headerless = tmp_path / "bad.csv"
    headerless.write_text("2026-03-05,NVDA,120\n", encoding="utf-8")
    refused = cli("quotes", "import", str(headerless))
    assert refused.returncode == 1 and "needs a header with date, ticker (or firm) and close" in refused.stdout
    binary = tmp_path / "blob.csv"
    binary.write_bytes(bytes(range(128, 256)))
    assert "cannot be read as UTF-8" in cli("quotes", "import", str(binary)).stdout
