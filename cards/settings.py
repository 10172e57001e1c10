"""The coordinator's settings cards ("inställningar"): the form, and the preview to publish."""

from __future__ import annotations

from cards.elements import Json, action_set, bullets, card, execute, heading, text, text_input
from chat.actions import ActionPayload, RowId
from content.dates import format_date_sv
from content.journey import Organisation
from content.models import Content
from storage.org_settings import SettingsVersion

PREVIEW_SETTINGS = "preview_settings"
PUBLISH_SETTINGS = "publish_settings"
RESTORE_SETTINGS = "restore_settings"
EDIT_SETTINGS = "edit_settings"
NAME_INPUT, WHY_INPUT, SUPPORTERS_INPUT = "name", "why", "supporters"


class SettingsPayload(ActionPayload):
    """PREVIEW_SETTINGS: the form as typed (checked by the service, so nothing typed is lost)."""

    name: str = ""
    why: str = ""
    supporters: str = ""


class VersionPayload(ActionPayload):
    """PUBLISH_SETTINGS and RESTORE_SETTINGS: which version."""

    version: RowId


def settings_card(
    content: Content,
    organisation: Organisation,
    in_force: SettingsVersion | None,
    earlier: list[SettingsVersion],
    *,
    typed: SettingsPayload | None = None,
    note: str | None = None,
) -> Json:
    """The form, filled with what leaders see now (or what was typed, after a problem)."""
    texts, zone = content.coordination.settings, content.organisation.time_zone
    if typed is None:
        typed = SettingsPayload(
            name=organisation.name,
            why="\n\n".join(organisation.why_paragraphs),
            supporters="\n".join(
                f"{s.name}; {s.role}; {s.contact}" for s in organisation.supporters
            ),
        )
    body: list[Json] = [heading(texts.title)]
    if note:
        body.append(text(note, bold=True))
    body.append(text(texts.intro))
    if in_force is None:
        body.append(text(texts.from_file, subtle=True))
    else:
        date = format_date_sv(in_force.published_at or in_force.created_at, zone)
        body.append(text(texts.in_force.format(version=in_force.version, date=date), subtle=True))
    body += [
        text_input(NAME_INPUT, texts.name_label, value=typed.name),
        text_input(WHY_INPUT, texts.why_label, value=typed.why, multiline=True),
        text(texts.why_hint, subtle=True, spacing="None"),
        text_input(
            SUPPORTERS_INPUT,
            texts.supporters_label,
            value=typed.supporters,
            placeholder=texts.supporters_placeholder,
            multiline=True,
        ),
        text(texts.supporters_hint, subtle=True, spacing="None"),
    ]
    if earlier:
        body.append(text(texts.earlier_heading, bold=True))
    for old in earlier:
        date = format_date_sv(old.published_at or old.created_at, zone)
        body += [
            text(texts.earlier_line.format(version=old.version, date=date), spacing="Small"),
            action_set(
                execute(
                    texts.restore_button.format(version=old.version),
                    RESTORE_SETTINGS,
                    {"version": old.version},
                )
            ),
        ]
    return card(
        body,
        [execute(texts.preview_button, PREVIEW_SETTINGS, primary=True)],
        fallback_text=f"{texts.title}. {texts.intro}",
    )


def typed_from(draft: SettingsVersion) -> SettingsPayload:
    """A draft back on the form, as the coordinator typed it."""
    settings = draft.draft
    return SettingsPayload(
        name=settings.name,
        why="\n\n".join(settings.why_paragraphs),
        supporters="\n".join("; ".join(supporter) for supporter in settings.supporters),
    )


def preview_card(content: Content, draft: SettingsVersion) -> Json:
    """The draft as leaders would see it: the name, the "why" and the Stöttepelare."""
    texts, settings = content.coordination.settings, draft.draft
    help_ = content.messages
    supporters = [
        help_.help_supporter.format(name=name, role=role, contact=contact)
        for name, role, contact in settings.supporters
    ]
    body: list[Json] = [
        heading(texts.preview_title.format(version=draft.version)),
        text(texts.preview_intro, subtle=True),
        text(settings.name, bold=True, size="Medium"),
        *map(text, settings.why_paragraphs),
        text(texts.preview_supporters, bold=True),
        bullets(supporters) if supporters else text(texts.no_supporters, subtle=True),
    ]
    return card(
        body,
        [
            execute(
                texts.publish_button, PUBLISH_SETTINGS, {"version": draft.version}, primary=True
            ),
            execute(texts.edit_button, EDIT_SETTINGS, {"version": draft.version}),
        ],
        fallback_text=texts.preview_title.format(version=draft.version),
    )
