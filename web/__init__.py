"""The bot's own web pages beside /api/messages: the signed downloads."""
