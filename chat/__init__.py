"""The application's own words for a Teams turn: who speaks, what they want, what we answer.

`bot/` (the only package that knows the Bot Framework SDK) turns an activity into these types and
the replies back into activities; everything behind it (dialogs, services, the outbox sender)
speaks only this package. Moving to another SDK means rewriting `bot/`, nothing else.
"""
