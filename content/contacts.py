"""Texts of the one-to-one contacts "på tu man hand" (contacts.yaml): the leader's request, the
proposal, the introduction once both said yes, and the region's count."""

from typing import Annotated

from pydantic import PositiveInt

from content.schema import ContentModel
from content.text import Template, Text, uses


class ContactTexts(ContentModel):
    max_intro_chars: PositiveInt  # the one-line introduction
    max_role_chars: PositiveInt
    answer_days: PositiveInt  # a proposal not answered within this many days expires
    # the request card
    title: Text
    intro: Text
    shown_note: Text  # what the other person will see: only what is typed here
    topic_label: Text
    same_area_choice: Text
    theme_choice: Annotated[Template, uses("theme")]
    intro_label: Text
    intro_placeholder: Text
    role_label: Text
    send_button: Text
    no_topic: Text
    no_intro: Text
    intro_too_long: Annotated[Template, uses("max")]
    role_too_long: Annotated[Template, uses("max")]
    no_maturity: Text
    no_region: Text
    requested: Text
    waiting: Annotated[Template, uses("topic", "since")]
    pending: Text
    withdraw_button: Text
    withdrawn: Text
    stop_button: Text
    stopped: Text
    nothing_to_stop: Text
    area_topic: Annotated[Template, uses("area")]
    # the proposal, in each person's own chat
    proposal_title: Text
    proposal_intro: Annotated[Template, uses("first_name", "municipality", "topic")]
    role_heading: Text
    says_heading: Text
    proposal_note: Annotated[Template, uses("days")]
    yes_button: Text
    no_button: Text
    said_yes: Text
    both_yes: Text
    said_no: Text
    not_for_you: Text
    no_contact: Text
    expired_silent: Text
    other_municipality: Text
    # the introduction once both said yes
    relay_title: Annotated[Template, uses("first_name")]
    relay_intro: Annotated[Template, uses("first_name", "municipality")]
    name_heading: Text
    email_heading: Text
    teams_heading: Text
    times_heading: Text
    no_times: Text
    relay_note: Text
    # the region's programme owner: a count, never who
    region_pairs: Annotated[Template, uses("count")]
    region_pairs_few: Annotated[Template, uses("minimum")]
