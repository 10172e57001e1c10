""" "radera mina data" after a realistic journey: nothing that names or quotes her is left in any
table, in the SQLite database file and its write-ahead log, or in the calendar files, and the
bot's posts of her introduction and shared reflection are deleted from the channel."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import MetaData, select

from tests.learning.conftest import Learner
from tests.learning.test_reflections import open_reflection
from tests.team.conftest import Channel, introduce

REFLECTION = "Enhetsmötet blev livligt, alla ville säga något om schemat."
WHO = "Jag heter Jonas och är enhetschef."  # the answers as introduce() gives them
SHORT = "Rektor"  # a short answer is erased too


async def _every_value(jonas: Learner) -> str:
    metadata = MetaData()
    values = []
    async with jonas.bot.services.database.reading() as connection:
        await connection.run_sync(lambda sync: metadata.reflect(bind=sync))
        for table in metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                values += [f"{table.name}.{k}={v}" for k, v in row._mapping.items()]
    return "\n".join(values)


def _calendar_bytes(directory: Path | None) -> bytes:
    assert directory is not None
    return b"".join(path.read_bytes() for path in sorted(directory.rglob("*.ics")))


def _database_files(url: str) -> bytes:
    if not url.startswith("sqlite"):
        return b""
    path = Path(url.split("///", 1)[1])
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


async def test_erasure_leaves_nothing_that_names_or_quotes_her(
    channel: Channel, jonas: Learner, database_url: str
) -> None:
    member = channel.member("Jonas")
    await channel.install(by=member)  # the channel's reference was saved from her install
    await channel.deliver()
    [card] = channel.cards()
    await introduce(channel, member, card)
    await channel.click(
        member,
        channel.cards()[0],
        "Dela min presentation",
        who=SHORT,
        leads="Skola",
        goal="Mer tid",
    )
    await open_reflection(jonas)
    await jonas.click("Skicka", reflection=REFLECTION, share="true")
    await channel.deliver()
    assert any(REFLECTION in text for text in channel.texts())
    secrets = (
        REFLECTION,
        WHO,
        member.name,
        member.email,
        member.aad_object_id,
        # Her Teams id as her turns carry it (the fake roster's "user-id-0" lacks the "29:"
        # the activities have, so the roster's spelling is not hers in the database).
        jonas.user.aad_object_id,
        jonas.user.id,
    )
    before = await _every_value(jonas)
    calendars = _calendar_bytes(jonas.bot.services.settings.calendar_dir).lower()
    assert member.email.lower().encode() in calendars  # her demo calendar file
    assert [s for s in secrets if s not in before] == [WHO]  # replaced by the short answers
    assert f"who={SHORT}" in before

    theirs = {  # the bot's posts in the channel that quote her (the connector's latest content)
        activity_id
        for activity_id, body in channel.connector.activities.items()
        if any(text in json.dumps(body, ensure_ascii=False) for text in (REFLECTION, WHO, SHORT))
    }
    assert len(theirs) >= 3  # two introductions (the first, then the short one), a reflection

    await jonas.say("radera mina data")
    await jonas.click("Ja, radera")
    assert "Dina data är raderade" in jonas.texts()

    after = await _every_value(jonas)
    for secret in secrets:
        assert secret not in after, secret
    assert f"who={SHORT}" not in after
    # The bot deleted its own posts of her introduction and reflection from the channel (the
    # deletions are outbox rows, sent within Teams' limits like any message).
    await channel.deliver()
    assert theirs <= set(channel.connector.deleted_activity_ids)
    left = json.dumps(list(channel.connector.activities.values()), ensure_ascii=False)
    assert REFLECTION not in left and WHO not in left and SHORT not in left
    # Her calendar file is gone, and no calendar file or invitation names her.
    calendars = _calendar_bytes(jonas.bot.services.settings.calendar_dir).lower()
    assert member.email.lower().encode() not in calendars
    assert member.name.lower().encode() not in calendars
    files = _database_files(database_url)
    for secret in secrets:
        assert secret.encode() not in files, secret
