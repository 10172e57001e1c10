"""The meeting cards on their own: the prototype's time format, and a join link once booked."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cards.meeting_followup import (
    SharedText,
    digest_card,
    insights_card,
    preparation_card,
    reflection_card,
)
from cards.meetings import booked_card, proposal_time
from content.loader import load_content
from tests.card_schema import assert_valid_card, card_texts

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_the_time_reads_as_in_the_prototype() -> None:
    start = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # 14:00 in Stockholm
    end = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)

    assert proposal_time(start, end, STOCKHOLM) == "ONSDAG DEN 2 DECEMBER KL 14:00 – 15:00"


def test_a_booked_teams_meeting_offers_its_join_link() -> None:
    card = booked_card(
        load_content(),
        meeting_id=7,
        title="Hur ska vi arbeta tillsammans?",
        start=datetime(2026, 12, 2, 13, 0, tzinfo=UTC),
        end=datetime(2026, 12, 2, 14, 0, tzinfo=UTC),
        zone=STOCKHOLM,
        join_url="https://teams.microsoft.com/l/meetup-join/abc",
        in_calendar=True,
        user_ids=["29:a", "29:b"],
    )

    assert_valid_card(card)
    assert "Bokat!" in card_texts(card)
    assert "onsdag 2 december kl. 14:00–15:00" in card_texts(card)
    [join] = card["actions"]
    assert (join["type"], join["title"]) == ("Action.OpenUrl", "Anslut till mötet")
    assert card["refresh"]["userIds"] == ["29:a", "29:b"]


def test_every_meeting_has_a_valid_preparation_card_with_its_content() -> None:
    content = load_content()
    start = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)
    end = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    for meeting in content.social_learning.meetings:
        card = preparation_card(
            content,
            meeting,
            start=start,
            end=end,
            zone=STOCKHOLM,
            join_url="https://t.example/j",
            members=6,
        )
        assert_valid_card(card)
        texts = card_texts(card)
        assert f"Inför mötet: {meeting.title}" in texts
        assert "Ni ses onsdag 2 december kl. 14:00–15:00." in texts
        assert meeting.purpose_for(6)[0] in texts
        assert "{" not in texts
        assert meeting.agenda.title in texts
        assert meeting.facilitation in texts
        if meeting.month == 1:
            assert "När är du som gladast på jobbet?" in texts
        else:
            assert "De reflektioner du väljer att dela" in texts
    assert "Fira tillsammans 🎉" in card_texts(
        preparation_card(
            content,
            content.social_learning.meeting(5),
            start=start,
            end=end,
            zone=STOCKHOLM,
            join_url=None,
            members=4,
        )
    )


def test_the_digest_reflection_and_insights_cards_validate() -> None:
    content = load_content()
    meeting = content.social_learning.meeting(2)
    empty = digest_card(content, meeting, [])
    full = digest_card(content, meeting, [SharedText("Anna", "Enhetsmöte", "Det gick bra.")])
    reflection = reflection_card(content, meeting, meeting_id=3, note="Skriv något.")
    insights = insights_card(
        content,
        meeting,
        meeting_id=3,
        user_ids=["29:a"],
        saved=["Ett", "Två", "Tre"],
        saved_by="Anna",
    )
    for card in (empty, full, reflection, insights):
        assert_valid_card(card)
    assert "Ingen har delat någon reflektion" in card_texts(empty)
    assert "Anna om Enhetsmöte" in card_texts(full)
    assert "Era reflektioner från övningarna" in card_texts(full)
    [field] = [e for e in reflection["body"] if e["type"] == "Input.Text"]
    assert field["isMultiline"] and field["isRequired"] and field["errorMessage"]
    fields = [e for e in insights["body"] if e["type"] == "Input.Text"]
    assert [f["label"] for f in fields] == ["Insikt 1", "Insikt 2", "Insikt 3"]
    assert [f["value"] for f in fields] == ["Ett", "Två", "Tre"]
    assert "Sparat av Anna" in card_texts(insights)
