"""The welcome a leader gets on installing the app or writing first, and the journey's elements."""

from __future__ import annotations

from cards.elements import Json, action_set, card, container, execute, heading, text, toggle
from chat.actions import ActionPayload
from content.language import ENGLISH, SWEDISH, Language
from content.models import Content

START_JOURNEY = "start_journey"
CHOOSE_LANGUAGE = "choose_language"
LEARN_MORE = "learn-to-innovate"
WHY = "organisation-why"


class StartJourney(ActionPayload):
    """START_JOURNEY, "Sätt igång!" on the welcome card: nothing but the verb."""


class ChooseLanguage(ActionPayload):
    """CHOOSE_LANGUAGE, "In English" / "På svenska" on the welcome card."""

    language: Language


def welcome_card(content: Content, first_name: str) -> Json:
    """Välkommen [förnamn]!, the organisation's own "why", and "Lär dig innovera i din vardag"."""
    journey, messages, organisation = content.journey, content.messages, content.organisation
    learn = journey.learn_to_innovate
    title = (
        messages.welcome_title.format(first_name=first_name)
        if first_name
        else journey.welcome.heading
    )
    # Short in sight (who we are, why you are here, "Sätt igång!"); the organisation's own
    # "why" and the three sections of "Lär dig innovera i din vardag" unfold on request.
    body = [
        text(journey.welcome.heading.upper(), subtle=True, size="Small", bold=True),
        heading(title),
        text(journey.welcome.lead, bold=True),
        text(journey.welcome.body),
        container(
            [
                text(organisation.why_title, bold=True),
                action_set(toggle(messages.welcome_why_button, WHY)),
                container(
                    list(map(text, organisation.why_paragraphs)), element_id=WHY, visible=False
                ),
            ],
            style="emphasis",
            separator=True,
        ),
        action_set(toggle(learn.title, LEARN_MORE)),
        container(
            [
                block
                for section in learn.sections
                for block in (text(section.heading, bold=True), text(section.text, spacing="Small"))
            ],
            element_id=LEARN_MORE,
            visible=False,
        ),
    ]
    return card(
        body,
        [execute(messages.start_button, START_JOURNEY, primary=True), *_other_language(content)],
        fallback_text=messages.welcome_fallback,
        speak=title,
    )


def _other_language(content: Content) -> list[Json]:
    """The button to the other language, when the content has it (one built by hand in a
    test may know only Swedish)."""
    other = SWEDISH if content.language == ENGLISH else ENGLISH
    if content.for_language(other) is content:
        return []
    label = content.languages.other_language_button
    return [execute(label, CHOOSE_LANGUAGE, {"language": other})]


def journey_elements_card(content: Content, next_action: Json) -> Json:
    """What the journey is made of: Innovationsteam, Arbetsboken, Tidsplan, Hjälp."""
    journey = content.journey
    return card(
        [
            heading(journey.overview_title),
            text(journey.elements_intro),
            *(
                container(
                    [text(element.name, bold=True), text(element.description, spacing="None")]
                )
                for element in journey.elements
            ),
        ],
        actions=[next_action],
        fallback_text=f"{journey.elements_intro} "
        + ", ".join(element.name for element in journey.elements),
    )
