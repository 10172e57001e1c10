"""The Innovationsteam's five meetings."""

from content import Content

REFLECTION_AGENDA = [
    ("Checka in", None),
    ("Gå laget runt – hur gick övningarna?", None),
    ("Vilka likheter och olikheter har ni sett?", "Skriv ner tre gemensamma insikter"),
    ("Checka ut", None),
]


def test_five_meetings_one_a_month(content: Content) -> None:
    meetings = content.social_learning.meetings
    assert [meeting.month for meeting in meetings] == [1, 2, 3, 4, 5]
    assert meetings[0].title == "Hur ska vi arbeta tillsammans?"
    assert all(meeting.facilitation for meeting in meetings)


def test_the_first_meeting_is_for_getting_to_know_each_other(content: Content) -> None:
    first = content.social_learning.meeting(1)
    assert first.purpose_for(6) == (
        "Träffa er lärgrupp (6 personer)",  # the group's real size, not the seed's "4 pers."
        "Lära känna varandra",
        "Bestämma framtida möten",
    )
    assert first.format[0].bullets[1] == "15-20 minuters livemöte"
    assert first.resources == (
        "Instruktioner vad ledaren ska dela skriftligt",
        "Instruktioner för hur första mötet faciliteras",
    )


def test_the_preparation_questions_have_the_seeds_typos_fixed(content: Content) -> None:
    assert content.social_learning.meeting(1).preparation_questions == (
        "När är du som gladast på jobbet?",
        "Vad vill du göra mer av som du idag inte gör pga tidsbrist?",
        "Finns det något i en arbetsmiljö som gör dig obekväm?",
    )


def test_meetings_two_to_five_share_their_reflections(content: Content) -> None:
    for month in (2, 3, 4, 5):
        meeting = content.social_learning.meeting(month)
        agenda = [(item.text, item.detail) for item in meeting.agenda.items]
        assert meeting.agenda.title == "Agenda – Dela era reflektioner"
        assert agenda == REFLECTION_AGENDA
        assert meeting.purpose[0] == "Dela reflektioner"
        assert not meeting.preparation_questions


def test_meetings_two_to_four_ask_what_happened(content: Content) -> None:
    for month in (2, 3, 4):
        meeting = content.social_learning.meeting(month)
        assert meeting.purpose == ("Dela reflektioner", "Lära av varandra", "Stötta varandra")
        assert meeting.format[0].bullets == (
            "Vad hände? Vad fungerade/var utmanande?",
            "Vad lärde du dig om dig själv/ditt team/innovation?",
        )
        assert "Förslag på ytterligare aktiviteter: problemlösning, rådgivning osv." in (
            meeting.resources
        )


def test_the_last_meeting_celebrates(content: Content) -> None:
    last = content.social_learning.meeting(5)
    assert last.purpose[-1] == "Fira tillsammans 🎉"
    assert last.format[1].bullets == (
        "Hur har du/ditt team utvecklats under tiden?",
        "Vilka förändringar ser du?",
        "Vad bör arbetas vidare med?",
        "Vad ska du göra härnäst?",
    )
