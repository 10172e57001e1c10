"""A message put in the outbox for later speaks its recipient's language, not that of whoever
caused it: a coordinator speaking English starts a cohort, each leader is welcomed in theirs."""

from __future__ import annotations

from pathlib import Path

from content.language import speaking
from scheduling.sender import OutboxSender
from services.cohorts import CohortService, Started
from storage.cohorts import Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.outbox import Outbox
from tests.card_schema import card_texts
from tests.clock import TestClock
from tests.coordination.support import UPPSALA, service
from tests.coordination.test_cohorts import START_AT, coordinator, reachable, request
from tests.fakes.connector import FakeConnector
from tests.languages import english_content
from tests.outbox.support import no_auth_messenger
from tests.services.test_onboarding import onboarding_on


async def test_each_leader_is_welcomed_at_the_start_in_their_own_language(
    database: Database, clock: TestClock, connector: FakeConnector, tmp_path: Path
) -> None:
    cohorts = CohortService(
        english_content(tmp_path),
        service(database),
        Cohorts(database),
        Conversations(database),
        Outbox(database),
        onboarding_on(database, clock),
        database=database,
    )
    anna = await coordinator(database)
    bo = await reachable(database, UPPSALA, "bo", connector.url)
    await reachable(database, UPPSALA, "cia", connector.url)
    await Directory(database).speak(bo, "en-US")  # Bo's Teams is in English; Cia's never said

    with speaking("en"):  # the coordinator's own turn is in English
        started = await cohorts.start(
            anna, UPPSALA, request("bo@kommun.example, cia@kommun.example")
        )
    assert isinstance(started, Started) and len(started.scheduled) == 2
    async with no_auth_messenger() as messenger:
        clock.move_to(START_AT)
        assert (await OutboxSender(Outbox(database), messenger, clock=clock).tick()).sent == 2

    welcomes = {
        sent.conversation_id: card_texts(sent.body["attachments"][0]["content"])
        for sent in connector.sent
    }
    assert "Welcome Bo!" in welcomes["a:bo"]
    assert "Välkommen Cia!" in welcomes["a:cia"]
