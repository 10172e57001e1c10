"""Reflections over HTTP: too long, drafts that survive a restart, text typed in chat, edits
that update the channel post, a reflection made private, and a leader without a group."""

from __future__ import annotations

from tests.learning.conftest import Learner
from tests.team.conftest import TEAM_ID, Channel

LIMIT = 2500


async def open_reflection(jonas: Learner, number: int = 1, title: str = "Enhetsmöte") -> None:
    await jonas.say("modul")
    await jonas.click("Starta modulen")
    await jonas.click(f"Övning {number}: {title}")
    await jonas.click("Gör övningen")
    await jonas.click("Skriv reflektion")


async def test_a_text_of_25000_characters_gets_the_too_long_answer_not_a_broken_button(
    channel: Channel, jonas: Learner
) -> None:
    """Past 20,000 characters the card's payload was refused as forged: "the button no longer
    works", the text gone. Now it is shown back with its length."""
    await channel.install()
    await open_reflection(jonas)
    huge = "Jag skrev och skrev. " * 1200  # 25,200 characters

    await jonas.click("Skicka", reflection=huge, share="false")

    assert f"Din reflektion är {len(huge.strip())} tecken lång" in jonas.texts()
    assert jonas.input("reflection")["value"] == huge.strip()


async def test_too_long_says_so_and_keeps_the_text(channel: Channel, jonas: Learner) -> None:
    await channel.install()
    await open_reflection(jonas)
    long_text = "Det här gick bra. " * 200  # 3,600 characters
    await jonas.click("Skicka", reflection=long_text, share="true")

    assert f"Din reflektion är {len(long_text.strip())} tecken lång" in jonas.texts()
    assert f"högst {LIMIT} tecken" in jonas.texts()
    assert jonas.input("reflection")["value"] == long_text.strip()  # nothing lost
    assert jonas.input("share")["value"] == "true"
    # Nothing past the limit is stored: the draft keeps what fitted (here: nothing yet).
    entry = await jonas.bot.services.workbook.reflection(await jonas.person_id(), "unit_meeting")
    assert entry is None
    await jonas.click("Spara utkast", reflection="Första tankarna.", share="true")
    await jonas.click("Spara utkast", reflection=long_text, share="true")
    assert f"Din reflektion är {len(long_text.strip())} tecken lång" in jonas.texts()
    assert jonas.input("reflection")["value"] == long_text.strip()
    entry = await jonas.bot.services.workbook.reflection(await jonas.person_id(), "unit_meeting")
    assert entry is not None and entry.draft and entry.text == "Första tankarna."

    await jonas.click("Skicka", reflection="Kortare nu.", share="true")
    assert "delad med ditt Innovationsteam" in jonas.texts()


async def test_a_draft_survives_a_restart(channel: Channel, jonas: Learner) -> None:
    await channel.install()
    await channel.deliver()
    before = len(channel.said())
    await open_reflection(jonas)
    await jonas.click("Spara utkast", reflection="Första tankarna om mötet.", share="false")
    assert "Utkastet är sparat i din arbetsbok (4 ord)" in jonas.texts()

    await jonas.bot.restart()
    await jonas.say("modul")
    assert "Påbörjad – du har ett sparat utkast" in jonas.texts()
    await jonas.click("Övning 1: Enhetsmöte")
    await jonas.click("Skriv reflektion")
    assert jonas.input("reflection")["value"] == "Första tankarna om mötet."
    assert jonas.input("share")["value"] == "false"  # the choice is kept too
    await jonas.bot.services.sender.tick()
    assert len(channel.said()) == before  # a draft is never posted


async def test_text_typed_in_chat_goes_into_the_open_reflection(
    channel: Channel, jonas: Learner
) -> None:
    await channel.install()
    await open_reflection(jonas)
    await jonas.say("Mötet blev livligt och alla ville säga något.")
    assert jonas.input("reflection")["value"] == "Mötet blev livligt och alla ville säga något."
    assert "sparat det som utkast" in jonas.texts()
    await jonas.say("Nästa gång tar jag punkten först.")
    assert jonas.input("reflection")["value"] == (
        "Mötet blev livligt och alla ville säga något.\n\nNästa gång tar jag punkten först."
    )
    [answer] = await jonas.say("avbryt")
    assert answer["text"].startswith("Okej, jag har avbrutit.")
    after = await jonas.say("Något helt annat")
    assert "Något helt annat" not in str(after)  # no longer taken for the reflection
    entry = await jonas.bot.services.workbook.reflection(await jonas.person_id(), "unit_meeting")
    assert entry is not None and entry.draft and "Något helt annat" not in entry.text


async def test_text_typed_in_chat_never_grows_the_draft_past_the_limit(
    channel: Channel, jonas: Learner
) -> None:
    await channel.install()
    await open_reflection(jonas)
    paragraph = "Vi provade något nytt på mötet och det gick över förväntan. " * 15  # 900
    stored = []
    for _ in range(6):  # 6 x 900 characters typed: past the limit after the second
        await jonas.say(paragraph)
        entry = await jonas.bot.services.workbook.reflection(
            await jonas.person_id(), "unit_meeting"
        )
        assert entry is not None
        stored.append(len(entry.text))
    assert max(stored) <= LIMIT
    assert stored[-1] == stored[1]  # the draft kept what fitted
    assert "tecken lång, men högst 2500 tecken får plats" in jonas.texts()
    assert len(jonas.input("reflection")["value"]) > LIMIT  # shown back to shorten, not lost
    await jonas.click("Skicka", reflection=paragraph, share="false")
    assert "Din reflektion är sparad i arbetsboken" in jonas.texts()


async def test_an_edit_updates_the_post_and_private_withdraws_it(
    channel: Channel, jonas: Learner
) -> None:
    await channel.install()
    await channel.deliver()
    await open_reflection(jonas)
    await jonas.click("Skicka", reflection="Version ett.", share="true")
    await channel.deliver()
    [post] = [s for s in channel.connector.sent if s.body.get("text", "").endswith("Enhetsmöte_")]
    assert post.operation in ("send", "reply")

    await jonas.click("Ändra reflektionen")
    assert "Spara utkast" not in jonas.texts()  # a sent reflection is changed, not drafted
    await jonas.click("Skicka", reflection="Version två.", share="true")
    assert "inlägget i er kanal är uppdaterat" in jonas.texts()
    await channel.deliver()
    updates = [s for s in channel.connector.sent if s.operation == "update"]
    assert [(u.conversation_id, u.activity_id) for u in updates] == [(TEAM_ID, post.activity_id)]
    assert "Version två." in updates[0].body["text"]
    assert "(uppdaterad)" in updates[0].body["text"]
    assert channel.connector.activities[post.activity_id]["text"].startswith(
        "**Jonas:** Version två."
    )

    await jonas.click("Ändra reflektionen")
    await jonas.click("Skicka", reflection="Version tre, bara för mig.", share="false")
    assert "delas inte längre" in jonas.texts()
    await channel.deliver()
    shown = channel.connector.activities[post.activity_id]["text"]
    assert shown == "Jonas har valt att inte längre dela sin reflektion från Enhetsmöte."
    assert not any("Version tre" in str(s.body) for s in channel.connector.sent)


async def test_without_a_group_it_is_saved_and_shared_later(
    bot, channel: Channel, jonas: Learner
) -> None:
    await jonas.say("hej")  # greeted: no team yet
    await jonas.say("modul")
    await jonas.click("Starta modulen")
    await jonas.click("Övning 1: Enhetsmöte")
    await jonas.click("Gör övningen")
    await jonas.click("Skriv reflektion")
    await jonas.click("Skicka", reflection="Innan jag hade en grupp.", share="true")
    assert "så snart du är med i ett" in jonas.texts()

    await channel.install()  # now Jonas has an Innovationsteam
    await bot.services.reflections.post_unposted()
    await channel.deliver()
    assert any("Innan jag hade en grupp." in t for t in channel.texts())
    await bot.services.reflections.post_unposted()  # posted once
    await channel.deliver()
    assert sum("Innan jag hade en grupp." in t for t in channel.texts()) == 1
