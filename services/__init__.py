"""The journey's use cases, with no Teams in them: they decide, store through a unit of work,
and announce what happened as domain events (services.events) that other features subscribe to.
"""
