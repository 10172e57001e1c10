"""All content in one typed, immutable object, and per-tenant views of it.

Every model forbids unknown keys, so a misspelt key in a YAML file is a load error.
Checks that span several files (modules against the exercise library, overrides against
module ids) live in content.loader, where the file can be named.
"""

from collections.abc import Iterable, Mapping

from pydantic import (
    Field,
    PrivateAttr,
)

from content.contacts import ContactTexts
from content.coordination import CoordinationTexts
from content.curriculum import ExerciseLibrary, Module
from content.evaluations import EvaluationTexts
from content.journey import Journey, Organisation, PartOfDay
from content.language import DEFAULT_LANGUAGE, Language, current_language
from content.language_texts import LanguageTexts
from content.learning_texts import LearningTexts
from content.maturity import MaturityModel
from content.messages import Messages
from content.onboarding_texts import OnboardingTexts
from content.overrides import OrganisationOverride, PublishedSettings
from content.regional_sharing import RegionalSharingTexts
from content.schema import ContentModel, find
from content.social_learning import SocialLearning
from content.tracks import Track
from content.workbook_texts import WorkbookTexts

# --- everything -----------------------------------------------------------------------------


class _TenantViews:
    """Per-tenant views of one base Content, built on first use and then reused: the file's
    override, then what a coordinator published from Teams (replaced on publish)."""

    def __init__(self, base: "Content", overrides: Mapping[str, OrganisationOverride]) -> None:
        self.base = base
        self.overrides = dict(overrides)
        self.published: dict[str, PublishedSettings] = {}
        self.views: dict[str, Content] = {}

    def get(self, tenant_id: str | None) -> "Content":
        key = _key(tenant_id)
        override, published = self.overrides.get(key), self.published.get(key)
        if override is None and published is None:
            return self.base
        view = self.views.get(key)
        if view is None:
            view = override.apply(self.base) if override is not None else self.base
            view = published.apply(view) if published is not None else view
            view._tenant = key
            self.views[key] = view
        return view

    def publish(self, tenant_id: str, settings: PublishedSettings) -> None:
        key = _key(tenant_id)
        self.published[key] = settings
        self.views.pop(key, None)


def _key(tenant_id: str | None) -> str:
    return (tenant_id or "").strip().lower()


class Content(ContentModel):
    language: Language = DEFAULT_LANGUAGE  # the language of every text below
    journey: Journey
    parts_of_day: tuple[PartOfDay, ...]
    modules: tuple[Module, ...]
    exercises: ExerciseLibrary
    maturity: MaturityModel
    social_learning: SocialLearning
    messages: Messages
    onboarding: OnboardingTexts
    learning: LearningTexts
    workbook: WorkbookTexts
    coordination: CoordinationTexts
    evaluations: EvaluationTexts
    regional_sharing: RegionalSharingTexts
    contacts: ContactTexts
    languages: LanguageTexts
    organisation: Organisation
    # The default track (the leaders' journey: modules and exercises above) first, then the
    # others (content/data/tracks/<id>/); a cohort picks one (content.tracks).
    tracks: tuple[Track, ...] = Field(min_length=1)

    _tenants: _TenantViews | None = PrivateAttr(default=None)
    # Each language's whole content (with its own tenant views), shared by all of them.
    _languages: dict[Language, "Content"] | None = PrivateAttr(default=None)
    _tenant: str | None = PrivateAttr(default=None)  # whose view this is (for_language)

    @staticmethod
    def in_languages(by_language: Mapping[Language, "Content"]) -> "Content":
        """The default language's content, knowing every language's (for_language)."""
        languages = dict(by_language)
        for content in languages.values():
            content._languages = languages
        return languages[DEFAULT_LANGUAGE]

    def for_language(self, language: Language | None = None) -> "Content":
        """This content in `language` (default: the language being spoken now): a tenant's view
        stays that tenant's (a track view becomes the tenant's: apply for_track again). This
        content itself when it is in that language or knows no other (built by hand in tests)."""
        language = language or current_language()
        other = self._languages.get(language) if self._languages else None
        if other is None or language == self.language:
            return self
        if self._tenant is None or other._tenants is None:
            return other
        return other._tenants.get(self._tenant)

    def with_overrides(self, overrides: Iterable[OrganisationOverride]) -> "Content":
        """This content as the default, with organisation overrides for their tenants."""
        base = self.model_copy()
        by_tenant: dict[str, OrganisationOverride] = {}
        for override in overrides:
            for tenant_id in override.tenant_ids:
                if tenant_id in by_tenant:
                    raise ValueError(f"tenant {tenant_id} has more than one organisation file")
                by_tenant[tenant_id] = override
        base._tenants = _TenantViews(base, by_tenant)
        base._languages = None  # the other languages' views have other overrides (in_languages)
        return base

    def for_tenant(self, tenant_id: str | None, language: Language | None = None) -> "Content":
        """The content as the tenant's organisation sees it, in `language` (default: the
        language being spoken now, content.language); defaults for unknown tenants."""
        language = language or current_language()
        content = self
        if self._languages is not None and language != self.language:
            content = self._languages.get(language, self)
        if content._tenants is None:
            return content
        return content._tenants.get(tenant_id)

    def publish(self, tenant_id: str, settings: PublishedSettings) -> None:
        """From now on the tenant sees these settings over its file's (no restart), in every
        language: they are the organisation's own words."""
        if self._tenants is None:
            raise RuntimeError("publish needs the content loaded with its overrides")
        for content in (self._languages or {self.language: self}).values():
            if content._tenants is not None:
                content._tenants.publish(tenant_id, settings)

    def published_version(self, tenant_id: str) -> int | None:
        """The version of the tenant's settings this process shows; None: only the files."""
        found = self._tenants.published.get(_key(tenant_id)) if self._tenants else None
        return found.version if found is not None else None

    @property
    def default_track(self) -> Track:
        return self.tracks[0]

    def track(self, track_id: str | None) -> Track | None:
        """The track of that id; None: no such track (a cohort's track removed since)."""
        return next((track for track in self.tracks if track.id == track_id), None)

    def for_track(self, track_id: str | None) -> "Content":
        """This content (a tenant's view) with the curriculum of a track: its modules, exercise
        library, suggested themes per maturity area and library introduction; everything else
        stays. None, the
        default track or a track the content no longer has: this content unchanged. The
        organisation's films and exercise examples name the default track's modules and
        exercises, so another track has none."""
        track = self.track(track_id)
        if track is None or track.id == self.default_track.id:
            return self
        workbook = self.workbook.model_copy(update={"area_themes": track.area_themes})
        learning = self.learning
        if track.library_intro is not None:
            learning = learning.model_copy(update={"library_intro": track.library_intro})
        return self.model_copy(
            update={
                "modules": track.modules,
                "exercises": track.exercises,
                "workbook": workbook,
                "learning": learning,
            }
        )

    @property
    def track_id(self) -> str:
        """The track this content shows (the default track's id unless for_track chose one)."""
        modules = self.modules
        for track in self.tracks[1:]:
            if track.modules[0].id == modules[0].id:
                return track.id
        return self.default_track.id

    def module(self, module_id: str) -> Module:
        return find(self.modules, lambda module: module.id == module_id, module_id)

    def module_of_theme(self, theme_id: str) -> Module:
        """The module that holds a theme of the exercise library (the loader checks each theme
        has one): the library and the plan name a theme by its module, "Modul 4: ..."."""
        return find(self.modules, lambda module: module.theme == theme_id, theme_id)

    def module_number(self, number: int) -> Module:
        return find(self.modules, lambda module: module.number == number, str(number))

    def part_of_day(self, part_id: str) -> PartOfDay:
        return find(self.parts_of_day, lambda part: part.id == part_id, part_id)
