"""The leader's workbook outside the chat: exports, the maturity chart, the diploma, links."""
