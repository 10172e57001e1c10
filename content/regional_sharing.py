"""Texts of regional sharing and of the rest of regions (regional_sharing.yaml): a leader
sharing a text with their regional cohort, the programme owner reading what was shared, moving
a regional meeting and telling participants, a municipality leaving a region, and inviting
municipalities by name."""

from typing import Annotated

from content.schema import ContentModel
from content.text import Template, Text, uses


class SharingTexts(ContentModel):
    """The leader's "region" card, the preview and the programme owner's card of shares."""

    title: Text
    intro: Annotated[Template, uses("region", "cohort")]
    not_participant: Text
    texts_heading: Text
    no_texts: Text
    kind_meeting: Text
    kind_exercise: Text
    kind_team: Text
    entry_line: Annotated[Template, uses("kind", "date")]
    preview_button: Text
    mine_heading: Text
    mine_none: Text
    mine_line: Annotated[Template, uses("shown_as", "date")]
    withdraw_button: Text
    from_region_heading: Text
    from_region_none: Text
    shared_by: Annotated[Template, uses("shown_as", "date")]
    preview_title: Text
    preview_audience: Annotated[Template, uses("region", "owner", "cohort", "municipalities")]
    preview_copy: Text
    attribution_label: Text
    attribution_name: Annotated[Template, uses("first_name", "municipality")]
    attribution_municipality: Annotated[Template, uses("municipality")]
    confirm_button: Text
    cancel_button: Text
    shared: Annotated[Template, uses("region")]
    withdrawn: Text
    not_yours: Text
    no_owner: Text
    owner_button: Annotated[Template, uses("name")]
    owner_title: Annotated[Template, uses("cohort")]
    owner_intro: Text
    owner_none: Text
    owner_back: Text
    from_region_button: Text


class MovingTexts(ContentModel):
    """Moving a regional meeting from the schedule card, and what participants are told."""

    heading: Text
    meeting_label: Text
    date_label: Text
    start_label: Text
    button: Text
    moved: Annotated[Template, uses("theme", "when")]
    cancelled: Annotated[Template, uses("theme")]
    moved_title: Annotated[Template, uses("theme")]
    moved_notice: Text
    cancelled_title: Annotated[Template, uses("theme")]
    cancelled_notice: Annotated[Template, uses("theme", "when")]
    no_meeting: Text


class LeavingTexts(ContentModel):
    """A coordinator takes their municipality out of a region."""

    button: Text
    left: Annotated[Template, uses("name")]
    not_joined: Text
    state_left: Text


class InvitingTexts(ContentModel):
    """Inviting municipalities by name as well as by tenant id."""

    label: Text
    placeholder: Text
    ambiguous: Text


class RegionalWorkbookTexts(ContentModel):
    """The leader's workbook (PDF and Markdown): the section of regional-meeting reflections."""

    heading: Text


class RegionalSharingTexts(ContentModel):
    sharing: SharingTexts
    workbook: RegionalWorkbookTexts
    moving: MovingTexts
    leaving: LeavingTexts
    inviting: InvitingTexts
