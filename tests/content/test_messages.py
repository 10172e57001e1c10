"""The bot's sentences and their placeholders."""

import pytest

from cards.learning_texts import duration_text
from chat.commands import Command
from chat.understanding import SMALL_TALK
from content import Content
from content.text import placeholders_of


def test_the_prototypes_channel_messages(content: Content) -> None:
    messages = content.messages
    assert messages.channel_welcome == (
        "Hej och välkommen till ditt Innovationsteam! Här på Teams kommer all kommunikation att "
        "ske. Introducera dig gärna med vem du är och vad målet med din resa är. :)"
    )
    intro = messages.meeting_proposal_intro.format(
        ordinal=messages.ordinal(1), title=content.social_learning.meeting(1).title
    )
    assert intro == (
        "Nu är det dags att boka Expeditionens första gemensamma övning: "
        "Hur ska vi arbeta tillsammans?"
    )
    assert messages.reminder.format(time="14:00").startswith(
        "Psst! Imorgon kl. 14:00 har ni ert teammöte i Expedition Innovation."
    )
    assert messages.congratulations.format(next_module=2) == (
        "Grattis – nu kan du gå vidare till Modul 2!"
    )
    assert (messages.confirm_button, messages.booked_title) == ("Bekräfta tid", "Bokat!")


def test_welcome_title_uses_the_first_name(content: Content) -> None:
    assert content.messages.welcome_title.format(first_name="Daniela") == "Välkommen Daniela!"
    assert content.messages.start_button == "Sätt igång!"


def test_help_lists_every_command(content: Content) -> None:
    """Each command once (small talk has its own words), so help and understanding know it."""
    ids = [command.id for command in content.messages.help_commands]
    assert sorted(ids) == sorted(command.value for command in Command if command not in SMALL_TALK)
    assert content.messages.help_commands[0].command == "hjälp"


def test_ordinals_fall_back_to_a_number(content: Content) -> None:
    assert content.messages.ordinal(5) == "femte"
    assert content.messages.ordinal(12) == "nr 12"
    english = content.for_language("en").messages
    assert (english.ordinal(5), english.ordinal(12)) == ("fifth", "no. 12")


def test_hours_are_written_with_the_languages_decimal_mark(content: Content) -> None:
    assert duration_text(content, 150) == "2,5 timmar"
    assert duration_text(content.for_language("en"), 150) == "2.5 hours"
    assert duration_text(content.for_language("en"), 120) == "2 hours"


def test_placeholders_are_read_from_templates() -> None:
    assert placeholders_of("Imorgon kl. {time}, {title}!") == {"time", "title"}
    assert placeholders_of("Inga {{klamrar}}") == frozenset()


@pytest.mark.parametrize("template", ["Hej {}!", "Hej {0}!", "Hej {namn.förnamn}!", "Hej {namn"])
def test_malformed_placeholders_are_refused(template: str) -> None:
    with pytest.raises(ValueError):
        placeholders_of(template)


def test_each_meeting_after_the_first_is_reminded_in_its_own_words(content: Content) -> None:
    meetings = content.social_learning.meetings
    first, *later = meetings
    assert first.reminder is None and first.preparation_questions  # the questions' reminder
    reminders = [meeting.reminder for meeting in later]
    assert all(reminders) and len(set(reminders)) == len(later)
    for meeting in later:
        assert meeting.reminder is not None and "frågorna" not in meeting.reminder
        assert meeting.reminder.format(time="14:00").startswith("Psst! Imorgon kl. 14:00")
