"""What the bot says when someone chooses its language ("english" / "svenska"): languages.yaml."""

from content.schema import ContentModel
from content.text import Text


class LanguageTexts(ContentModel):
    # Said in the language just chosen: the English twin's when they chose English.
    chosen: Text
    # A word about how to switch back, in the language just chosen.
    switch_back: Text
