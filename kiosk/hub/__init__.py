"""The hub: one per site; HTTP JSON API + server-sent events over the queue store."""
