"""Following RSS and Atom feeds: subscriptions, polite fetching, polling and the scheduled poller."""
