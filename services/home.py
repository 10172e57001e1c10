"""Where a leader stands on the journey: the home card's view ("meny", "hej")."""

from __future__ import annotations

from dataclasses import dataclass

from learning.progress import ModuleStatus, current_module
from services.learning import LearningService
from storage.onboarding import OnboardingProgressStore
from storage.participation import ParticipationStore


@dataclass(frozen=True, slots=True)
class Home:
    onboarding_done: bool
    statuses: tuple[ModuleStatus, ...]
    paused: bool = False

    @property
    def current(self) -> ModuleStatus | None:
        """The module to work on next; None once the whole journey is done."""
        return current_module(self.statuses)


class HomeService:
    def __init__(
        self,
        onboarding: OnboardingProgressStore,
        learning: LearningService,
        participation: ParticipationStore,
    ) -> None:
        self._onboarding = onboarding
        self._learning = learning
        self._participation = participation

    async def home(self, person_id: int, tenant_id: str) -> Home:
        progress = await self._onboarding.get(person_id)
        statuses = await self._learning.statuses(person_id, tenant_id)
        paused = (await self._participation.get(person_id)).paused
        return Home(progress is not None and progress.completed, statuses, paused)
