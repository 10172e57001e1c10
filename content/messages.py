"""Texts of the conversation around the cards: help, commands, meetings (messages.yaml)."""

from typing import Annotated

from pydantic import (
    Field,
    PositiveInt,
    field_validator,
    model_validator,
)

from content.schema import ContentModel, unique
from content.text import Id, Template, Text, uses

# --- messages.yaml ------------------------------------------------------------------------


class HelpCommand(ContentModel):
    id: Id
    command: Text
    description: Text
    synonyms: tuple[Text, ...] = ()  # other ways to write it: inflections, English, questions
    button: Text | None = None  # its title on a button; default: the command, capitalised

    @property
    def button_title(self) -> str:
        return self.button or self.command[:1].upper() + self.command[1:]


class UnderstandingTexts(ContentModel):
    """What the bot understands beyond the commands, and what it says when it is unsure."""

    greetings: tuple[Text, ...] = Field(min_length=1)
    thanks: tuple[Text, ...] = Field(min_length=1)
    words_before: tuple[Text, ...] = ()  # "visa", "kan du visa": around a command, no meaning
    words_after: tuple[Text, ...] = ()  # "tack", "snälla"
    greeting_reply: Text
    thanks_reply: Text
    did_you_mean: Text
    did_you_mean_one: Annotated[Template, uses("command")]
    none_of_them_button: Text
    none_of_them_reply: Text
    not_understood: Text


class ChannelHelp(ContentModel):
    """The help card in a team channel: the group's commands only (the rest is personal)."""

    title: Text
    intro: Text
    commands: tuple[HelpCommand, ...] = Field(min_length=1)
    happens_heading: Text
    happens: tuple[Text, ...] = Field(min_length=1)
    personal_note: Text


class NoSlotMessages(ContentModel):
    """Why no meeting time was found: one sentence per reason (cards.slot_reasons.describe)."""

    and_word: Text  # joins the last two names: "Anna, Per och Karin"
    window_too_short: Text
    window_in_past: Text
    no_working_time: Text
    no_working_time_for: Annotated[Template, uses("names")]
    no_shared_working_hours: Text
    away_one: Annotated[Template, uses("names")]
    away_many: Annotated[Template, uses("names")]
    away_one_until: Annotated[Template, uses("names", "date")]
    away_many_until: Annotated[Template, uses("names", "date")]
    busy_one: Annotated[Template, uses("names")]
    busy_many: Annotated[Template, uses("names")]
    no_common_time: Text


class MeetingFollowupMessages(ContentModel):
    """Around an Innovationsteam meeting: preparation, digest, reflection, shared insights."""

    preparation_title: Annotated[Template, uses("title")]
    preparation_time: Annotated[Template, uses("time_range")]
    preparation_reflections: Text  # meetings without preparation questions (2-5)
    purpose_heading: Text
    facilitation_heading: Text
    digest_intro: Annotated[Template, uses("title")]
    digest_item: Annotated[Template, uses("first_name", "exercise")]
    digest_empty: Text
    reflection_title: Text
    reflection_intro: Annotated[Template, uses("title")]
    reflection_label: Text
    reflection_placeholder: Text
    reflection_required: Text
    reflection_max_chars: PositiveInt
    reflection_button: Text
    reflection_saved: Text
    reflection_not_yours: Text
    insights_title: Text
    insights_intro: Annotated[Template, uses("title")]
    insight_label: Annotated[Template, uses("number")]
    insight_required: Text
    insight_max_chars: PositiveInt
    insights_button: Text
    insights_saved: Annotated[Template, uses("first_name")]


class HomeTexts(ContentModel):
    """The leader's home card ("meny", "hej"): where they are, the next step, the navigation."""

    title: Annotated[Template, uses("first_name")]
    intro: Text
    tile_done: Text
    tile_steps: Annotated[Template, uses("done", "total")]
    progress_alt: Annotated[Template, uses("done", "total")]
    next_onboarding: Text
    next_onboarding_button: Text
    next_module: Annotated[Template, uses("number", "title")]
    next_module_button: Annotated[Template, uses("number")]
    journey_done: Text
    resume_button: Text


class MyTeamTexts(ContentModel):
    """ "Innovationsteam": the leader's group, who is in it and when they meet next."""

    title: Annotated[Template, uses("name")]
    members: Annotated[Template, uses("names")]
    next_meeting: Annotated[Template, uses("time_range", "title")]
    no_meeting: Text
    channel_hint: Text
    no_team: Text


class ParticipationTexts(ContentModel):
    """ "pausa", "fortsätt", "påminnelser av/på"."""

    paused: Text
    paused_alone: Text  # in no Innovationsteam
    already_paused: Text
    resumed: Text
    paused_note: Text
    nudges_off: Text
    nudges_on: Text
    nudges_already_off: Text
    nudges_already_on: Text


class ChannelTexts(ContentModel):
    """A member writing to the bot in the team channel."""

    free_text: Annotated[Template, uses("first_name")]
    wrote_privately: Annotated[Template, uses("first_name")]
    no_private_chat: Annotated[Template, uses("first_name")]


class Messages(ContentModel):
    """Everything the bot says outside the curriculum texts; templates use str.format."""

    welcome_title: Annotated[Template, uses("first_name")]
    # Words quoted back to the reader: Swedish ”…”, English “…”.
    quoted: Annotated[Template, uses("text")]
    welcome_fallback: Text
    start_button: Text
    welcome_why_button: Text
    next_button: Text
    help_title: Text
    help_intro: Text
    help_commands: tuple[HelpCommand, ...] = Field(min_length=1)
    help_fallback: Text
    help_buttons: tuple[Id, ...] = Field(min_length=1)  # the common commands, as buttons
    help_more_button: Text
    # "Dina stöttepelare" in help, when the organisation has named them.
    help_supporters_title: Text
    help_supporter: Annotated[Template, uses("name", "role", "contact")]
    channel_help: ChannelHelp
    turn_error: Text
    cancelled: Text
    nothing_to_cancel: Text
    stale_action: Text
    understanding: UnderstandingTexts
    start_module_button: Text
    continue_button: Text
    tips_hint: Text
    notes_label: Text
    reflection_saved: Text
    reflection_shared: Text
    channel_welcome: Text
    ordinals: tuple[Text, ...] = Field(min_length=1)
    ordinal_beyond: Annotated[Template, uses("number")]
    meeting_proposal_intro: Annotated[Template, uses("ordinal", "title")]
    meeting_proposal_found: Text
    confirm_button: Text
    reject_button: Text
    confirm_soon: Text
    proposal_declined: Text
    no_common_time: Text
    booked_title: Text
    booked_text: Annotated[Template, uses("title", "time_range")]
    introduction_title: Text
    introduction_intro: Text
    introduction_who_label: Text
    introduction_who_placeholder: Text
    introduction_leads_label: Text
    introduction_leads_placeholder: Text
    introduction_goal_label: Text
    introduction_required: Text
    introduction_max_chars: PositiveInt  # per answer
    # Any text over its limit: nothing is stored, the text is shown back.
    text_too_long: Annotated[Template, uses("length", "limit")]
    introduction_button: Text
    introduction_post: Annotated[Template, uses("first_name", "who", "leads", "goal")]
    introduction_thanks: Annotated[Template, uses("first_name")]
    introduction_change_button: Text
    introduction_goal_from_workbook: Text
    introduction_goal_question: Text
    introduction_goal_updated: Text
    introduction_goal_kept: Text
    yes_button: Text
    no_button: Text
    introductions_status: Annotated[Template, uses("count", "total")]
    not_a_member: Text
    meeting_confirmed_by: Annotated[Template, uses("names")]
    meeting_waiting_for: Annotated[Template, uses("names")]
    meeting_you_confirmed: Text
    meeting_choose: Text
    meeting_option_without: Annotated[Template, uses("names")]
    meeting_option_after_return: Text
    meeting_confirm_without_button: Annotated[Template, uses("names")]
    meeting_confirm_after_return_button: Text
    meeting_join_button: Text
    meeting_not_in_calendar: Text
    meeting_subject: Annotated[Template, uses("title")]
    meeting_booking_failed: Text
    preparation_intro: Text
    reminder: Annotated[Template, uses("time")]
    reminder_reflections: Annotated[Template, uses("time")]
    reflections_digest_title: Text
    congratulations: Annotated[Template, uses("next_module")]
    journey_completed: Text
    no_slot: NoSlotMessages
    meeting_followup: MeetingFollowupMessages
    home: HomeTexts
    my_team: MyTeamTexts
    participation: ParticipationTexts
    channel: ChannelTexts

    @field_validator("help_commands")
    @classmethod
    def _unique_commands(cls, value: tuple[HelpCommand, ...]) -> tuple[HelpCommand, ...]:
        unique(value, lambda command: command.id, "command id")
        return unique(value, lambda command: command.command.casefold(), "command")

    def help_command(self, command_id: str) -> HelpCommand | None:
        return next((entry for entry in self.help_commands if entry.id == command_id), None)

    @model_validator(mode="after")
    def _help_names_known_commands(self) -> "Messages":
        """Buttons and the channel's entries name commands of help_commands, by the same words."""
        words = {entry.id: entry.command for entry in self.help_commands}
        unknown = [i for i in self.help_buttons if i not in words]
        unknown += [
            entry.id for entry in self.channel_help.commands if words.get(entry.id) != entry.command
        ]
        if unknown:
            raise ValueError(f"help_buttons/channel_help: not a help command as written: {unknown}")
        return self

    def ordinal(self, number: int) -> str:
        """The ordinal for a number (1 -> första / first), ordinal_beyond past the list."""
        if 1 <= number <= len(self.ordinals):
            return self.ordinals[number - 1]
        return self.ordinal_beyond.format(number=number)


def understanding_both(messages: Messages, swedish: Messages) -> Messages:
    """`messages` (another language's) that also understand every Swedish word: a command typed
    in Swedish works for everyone, whatever language the bot speaks to them. Its own words come
    first, so a word both languages give to different commands keeps its own meaning."""
    swedish_words = {entry.id: (entry.command, *entry.synonyms) for entry in swedish.help_commands}
    commands = tuple(
        entry.model_copy(
            update={"synonyms": _both(entry.synonyms, swedish_words.get(entry.id, ()))}
        )
        for entry in messages.help_commands
    )
    own, theirs = messages.understanding, swedish.understanding
    understanding = own.model_copy(
        update={
            name: _both(getattr(own, name), getattr(theirs, name))
            for name in ("greetings", "thanks", "words_before", "words_after")
        }
    )
    return messages.model_copy(update={"help_commands": commands, "understanding": understanding})


def _both(own: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*own, *other)))
