"""The leader's home card ("meny", "hej") and their Innovationsteam ("innovationsteam").

The home card is the seed's navigation with visual progress: one tile per module (green when
done, blue where the leader is), the next step as the main button, then Innovationsteam,
Arbetsboken, Tidsplan and Hjälp.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from cards.elements import Json, card, execute, heading, text
from cards.learning_actions import MODULE_OVERVIEW
from cards.navigation import command_button, navigation
from cards.progress import progress_tiles
from cards.slot_reasons import join_names
from chat.commands import Command
from content.dates import format_time_range_sv
from content.models import Content
from services.home import Home
from services.my_team import MyTeam


def home_card(content: Content, home: Home, first_name: str) -> Json:
    texts = content.messages.home
    current = home.current
    title = texts.title.format(first_name=first_name)
    body: list[Json] = [
        heading(title),
        text(texts.intro, spacing="None"),
        progress_tiles(content, home.statuses, current),
    ]
    actions: list[Json] = []
    if home.paused:
        next_step = content.messages.participation.paused_note
        actions.append(command_button(texts.resume_button, Command.CONTINUE, primary=True))
    elif not home.onboarding_done:
        next_step = texts.next_onboarding
        actions.append(command_button(texts.next_onboarding_button, Command.CONTINUE, primary=True))
    elif current is not None:
        module = current.module
        next_step = texts.next_module.format(number=module.number, title=module.title)
        button = texts.next_module_button.format(number=module.number)
        actions.append(execute(button, MODULE_OVERVIEW, {"module": module.id}, primary=True))
    else:
        next_step = texts.journey_done
    body.append(text(next_step, bold=True))
    return card(body, actions + navigation(content), fallback_text=f"{title} {next_step}")


def my_team_card(content: Content, team: MyTeam | None) -> Json:
    texts = content.messages.my_team
    if team is None:
        others = navigation(content, here=Command.MY_TEAM)
        return card([text(texts.no_team)], others, fallback_text=texts.no_team)
    title = texts.title.format(name=team.name)
    names = join_names(team.members, content.messages.no_slot.and_word)
    meeting = team.next_meeting
    if meeting is None:
        when = texts.no_meeting
    else:
        zone = ZoneInfo(content.organisation.time_zone)
        when = texts.next_meeting.format(
            time_range=format_time_range_sv(meeting.start, meeting.end, zone),
            title=content.social_learning.meeting(meeting.number).title,
        )
    body = [
        heading(title, size="Medium"),
        text(texts.members.format(names=names)),
        text(when, bold=True),
        text(texts.channel_hint, subtle=True),
    ]
    others = navigation(content, here=Command.MY_TEAM)
    return card(body, others, fallback_text=f"{title}. {when}")
