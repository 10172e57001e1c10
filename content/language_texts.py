"""What the bot says when someone chooses its language ("english" / "svenska"): languages.yaml."""

from content.schema import ContentModel
from content.text import Text


class LanguageTexts(ContentModel):
    # Said in the language just chosen: the English twin's when they chose English.
    chosen: Text
    # A word about how to switch back, in the language just chosen.
    switch_back: Text
    # The welcome card's button to the other language, written in that language so that
    # someone who cannot read this one still finds it (Teams sends no locale with the install
    # notice that may bring the first welcome).
    other_language_button: Text
