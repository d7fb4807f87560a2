"""The scrutiny domain: aggregates, events, deadline rules and the application service.

Nothing here imports web, SQL or scheduler code (ARCHITECTURE.md, Rooms).
"""
