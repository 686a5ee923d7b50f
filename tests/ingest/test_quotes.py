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


def test_a_firm_name_must_be_a_whole_name_or_alias_not_a_phrase_containing_one(cli, store, tmp_path):
    """"Tencent Music" is another firm: its prices must not be filed under Tencent."""
    path = tmp_path / "names.csv"
    path.write_text("date,firm,close\n2026-03-06,Tencent Music,9.5\n2026-03-06,MiniMax shares,1\n"
                    "2026-03-06,tencent holdings,400\n2026-03-06,腾讯,401\n", encoding="utf-8")
    result = cli("quotes", "import", str(path))
    assert "unknown  'Tencent Music' (line 2)" in result.stdout
    assert "unknown  'MiniMax shares' (line 3)" in result.stdout
    assert "1 quotes imported, 1 updated" in result.stdout  # the alias in English, then in Chinese
    rows = store("SELECT e.key, q.close FROM quote q JOIN entity e ON e.id = q.entity_id")
    assert [(r[0], r[1]) for r in rows] == [("tencent", 401.0)]


def test_a_month_before_is_the_same_day_or_the_months_last_day():
    from datetime import date

    from knowledge.market_data import month_before

    assert month_before(date(2026, 3, 31)) == date(2026, 2, 28)
    assert month_before(date(2024, 3, 30)) == date(2024, 2, 29)
    assert month_before(date(2026, 1, 15)) == date(2025, 12, 15)
    assert month_before(date(2026, 5, 31)) == date(2026, 4, 30)
    assert month_before(date(2026, 3, 6)) == date(2026, 2, 6)


def test_reading_market_data_does_not_import_the_csv_importer():
    import subprocess
    import sys

    code = ("import sys, knowledge.snapshot, bot.answering.market; "
            "print('knowledge.ingest.quotes' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
