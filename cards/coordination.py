"""The coordinator's roles card ("samordnare"): who coordinates and coaches, name or remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import StringConstraints

from cards.elements import Json, action_set, card, choices, execute, heading, text, text_input
from chat.actions import ActionPayload
from content.coordination import RoleTexts
from content.models import Content
from storage.roles import RoleHolder, RoleName

NAME_ROLE = "name_role"
REMOVE_ROLE = "remove_role"
EMAIL_INPUT, ROLE_INPUT = "email", "role"

Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=320)]


class NameRole(ActionPayload):
    """NAME_ROLE: the address typed on the card and the role chosen."""

    email: Address
    role: Literal["coordinator", "coach"]


class RemoveRole(ActionPayload):
    """REMOVE_ROLE: whose role, by the address on the button."""

    email: Address


def role_word(texts: RoleTexts, role: RoleName) -> str:
    return str(getattr(texts.names, role.value))


def roles_card(content: Content, holders: Sequence[RoleHolder], *, note: str | None = None) -> Json:
    texts = content.coordination.roles
    body: list[Json] = [heading(texts.title)]
    if note:
        body.append(text(note, bold=True))
    body.append(text(texts.intro))
    for holder in holders:
        line = texts.holder_line.format(email=holder.email, role=role_word(texts, holder.role))
        if holder.person_id is None:
            line = f"{line} {texts.not_met_yet}"
        body += [
            text(line, spacing="Small"),
            action_set(
                execute(
                    texts.remove_button.format(email=holder.email),
                    REMOVE_ROLE,
                    {EMAIL_INPUT: holder.email},
                )
            ),
        ]
    if not holders:
        body.append(text(texts.none_yet, subtle=True))
    body += [
        text_input(
            EMAIL_INPUT,
            texts.email_label,
            placeholder=texts.email_placeholder,
            error=texts.email_required,
        ),
        choices(
            ROLE_INPUT,
            texts.role_label,
            [
                (role.value, role_word(texts, role))
                for role in (RoleName.COORDINATOR, RoleName.COACH)
            ],
            value=RoleName.COORDINATOR.value,  # chosen already: nothing to require
        ),
    ]
    return card(
        body,
        [execute(texts.add_button, NAME_ROLE, primary=True)],
        fallback_text=f"{texts.title}. {texts.intro}",
    )
