"""Platform adapters: each converts its platform's events into the core's neutral Message,
calls the engine, and renders the Reply its own way."""
