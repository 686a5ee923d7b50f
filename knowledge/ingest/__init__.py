"""Getting new knowledge in: article files, HTML pages, feed entries and market data.

Every article goes through `saving.store_article`: one document, one transaction."""
