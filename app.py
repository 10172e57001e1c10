"""Composition root: settings -> storage -> services -> dialogs -> bot -> adapter -> app, scheduler.

`python app.py` starts the bot on its embedded defaults (SQLite, loopback, no Microsoft 365).
Everything is built inside `create_app`, so tests and benchmarks run as many bots as they like.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from aiohttp import web

from bot.adapter import MAX_BODY_BYTES
from bot.addresses import ConnectorAddressBook
from bot.edge import Edge
from chat.actions import CardActions
from chat.commands import CommandHandlers
from chat.delivery import Messenger
from chat.tenants import AllowedTenants
from clock import Clock, system_clock
from content.loader import load_content
from content.models import Content
from dialogs.booking import WorkSessionsDialog
from dialogs.celebrations import CelebrationDialog
from dialogs.channel import ChannelDesk
from dialogs.cohort_arrival import CohortArrival
from dialogs.contacts import ContactsDialog
from dialogs.coordination import CoordinationDialog
from dialogs.evaluations import EvaluationsDialog
from dialogs.feedback import FeedbackDialog
from dialogs.groups import GroupsDialog
from dialogs.home import HomeDialog
from dialogs.language import LanguageDialog
from dialogs.learning import LearningDialog
from dialogs.meeting_followup import MeetingFollowupDialog
from dialogs.meetings import MeetingsDialog
from dialogs.onboarding import OnboardingDialog
from dialogs.participation import ParticipationDialog
from dialogs.privacy import PrivacyDialog
from dialogs.reflections import ReflectionsDialog
from dialogs.regional_meetings import RegionalMeetingsDialog
from dialogs.regional_sharing import RegionalSharingDialog
from dialogs.regions import RegionDialog
from dialogs.router import Router
from dialogs.settings import SettingsDialog
from dialogs.team import TeamDialog
from dialogs.workbook import WorkbookDialog
from scheduling.availability import CalendarProvider
from scheduling.calendars import IcsCalendars, copy_demo_calendars
from scheduling.rate_limits import RateLimiter, shared_tenant_budget
from scheduling.scheduler import Scheduler
from scheduling.sender import OutboxSender
from services.agenda import Agenda
from services.app_installs import AppInstallService
from services.bus import EventBus
from services.celebrations import CelebrationService
from services.cohort_addresses import AddressLookupService
from services.cohorts import CohortService
from services.contacts import TICK_SECONDS as CONTACTS_TICK_SECONDS
from services.contacts import ContactService
from services.coordination import CoordinationService
from services.evaluations import EvaluationService
from services.events import (
    GroupRegistered,
    GroupSessionHeld,
    IntroductionsComplete,
    JourneyCompleted,
    MeetingBooked,
    MeetingHeld,
    MemberLeft,
    ModuleCompleted,
    PersonErased,
    WorkSessionsBooked,
)
from services.feedback import FeedbackService
from services.feedback_digest import TICK_SECONDS as DIGEST_TICK_SECONDS
from services.feedback_digest import FeedbackDigests
from services.follow_up import FollowUpService
from services.group_channels import TICK_SECONDS as GROUP_CHANNELS_TICK_SECONDS
from services.group_channels import GroupChannels
from services.group_planning import GroupPlanning
from services.home import HomeService
from services.learning import LearningService
from services.meeting_followup import MeetingFollowupService
from services.meetings import MeetingPlanner
from services.my_team import MyTeamService
from services.onboarding import Onboarding
from services.org_settings import SYNC_SECONDS as SETTINGS_SYNC_SECONDS
from services.org_settings import SettingsService
from services.participation import ParticipationService
from services.privacy import ChannelPosts, PrivacyService
from services.private_replies import PrivateReplies
from services.reflections import ReflectionsService
from services.regional_meetings import MeetingService as RegionalMeetingService
from services.regional_sharing import SharingService
from services.regions import RegionService
from services.team import TeamService
from services.work_sessions import WorkSessionPlanner
from services.workbook import CheckpointPrompts, WorkbookService
from settings import Settings
from storage import migrate
from storage.address_lookups import AddressLookups
from storage.audit import AuditLog
from storage.celebrations import Celebrations
from storage.cohort_installs import CohortInstalls
from storage.cohorts import Cohorts
from storage.conversations import Conversations
from storage.database import Database
from storage.directory import Directory
from storage.evaluations import Evaluations
from storage.feedback import Feedback
from storage.follow_up import FollowUpFacts
from storage.group_plans import GroupPlans
from storage.groups import Groups
from storage.introductions import Introductions
from storage.languages import PersonLanguages
from storage.learning_plans import LearningPlans
from storage.learning_progress import LearningProgress
from storage.meeting_followup import BookedMeetings
from storage.meetings import Meetings
from storage.onboarding import OnboardingProgressStore
from storage.org_settings import OrganisationSettings
from storage.outbox import Outbox
from storage.participation import ParticipationStore
from storage.personal_data import PersonalData
from storage.processed_activities import ProcessedActivities
from storage.roles import Roles
from storage.work_sessions import WorkSessions
from storage.workbook import Workbook
from web.files import add_routes as add_file_routes
from workbook.files import WorkbookFiles
from workbook.follow_up_files import follow_up_chart, follow_up_xlsx
from workbook.links import FileKind, Links, LinkSigner

if TYPE_CHECKING:  # msgraph is imported only when Graph is configured
    from scheduling.teams_apps import GraphAppInstaller

log = logging.getLogger("expeditionsboten")

# Teams redelivers within minutes; a day of activity ids is plenty to recognise a redelivery.
DEDUPE_WINDOW = timedelta(days=1)
OUTBOX_TICK_SECONDS = 5
LEARNING_TICK_SECONDS = 600  # nudges are due at a full hour; ten minutes late is fine
MEETINGS_TICK_SECONDS = 60  # reminders are outbox rows already; this finds meetings that ended
APP_INSTALLS_TICK_SECONDS = 10  # installs for a cohort's leaders, through Graph (if configured)
ADDRESS_LOOKUPS_TICK_SECONDS = 5  # cohort leaders' addresses asked of Teams, a few per tenant


@dataclass(frozen=True)
class Services:
    """What the running app is made of; tests reach in through `app[SERVICES]`."""

    settings: Settings
    content: Content
    database: Database
    directory: Directory
    conversations: Conversations
    processed: ProcessedActivities
    edge: Edge
    messenger: Messenger
    actions: CardActions
    commands: CommandHandlers
    onboarding: OnboardingDialog
    booking: WorkSessionsDialog
    work_sessions: WorkSessionPlanner
    workbook: Workbook
    groups: Groups
    meetings: Meetings
    team: TeamService
    planner: MeetingPlanner
    learning: LearningService
    followup: MeetingFollowupService
    router: Router
    scheduler: Scheduler
    calendars: CalendarProvider
    outbox: Outbox
    sender: OutboxSender
    limiter: RateLimiter
    files: WorkbookFiles
    personal_data: PersonalData
    workbooks: WorkbookService
    reflections: ReflectionsService
    coordination: CoordinationService
    org_settings: SettingsService
    evaluations: EvaluationService
    regional_meetings: RegionalMeetingService
    contacts: ContactService
    app_installer: GraphAppInstaller | None = None  # closed at stop


SERVICES = web.AppKey("services", Services)


def create_app(
    settings: Settings, *, content: Content | None = None, clock: Clock = system_clock
) -> web.Application:
    services = build_services(
        settings, content or load_content(organisations_dir=settings.organisations_dir), clock
    )
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SERVICES] = services
    app.router.add_post("/api/messages", _messages)
    app.router.add_get("/healthz", _health)
    add_file_routes(
        app, services.files, services.content, AllowedTenants.of(settings.allowed_tenants)
    )
    app.on_startup.append(_start)
    app.on_cleanup.append(_stop)
    return app


def build_services(settings: Settings, content: Content, clock: Clock) -> Services:
    database = Database(settings.database_url, clock=clock)
    directory, conversations = Directory(database), Conversations(database)
    processed = ProcessedActivities(database)

    actions, commands, events = CardActions(), CommandHandlers(), EventBus()
    calendars = build_calendars(settings, clock)
    workbook, plans, sessions = Workbook(database), LearningPlans(database), WorkSessions(database)
    work_sessions = WorkSessionPlanner(
        content,
        directory,
        calendars,
        plans,
        sessions,
        database=database,
        events=events,
        clock=clock,
    )
    onboarding_progress = OnboardingProgressStore(database)
    onboarding_steps = Onboarding(
        content,
        onboarding_progress,
        plans,
        workbook,
        work_sessions,
        directory,
        database=database,
        tracks=Cohorts(database),  # the modules of the leader's cohort's track
    )
    onboarding = OnboardingDialog(content, onboarding_steps)
    onboarding.register(actions, commands)
    # After a booking at the onboarding's last step, its summary (the booking completes the
    # step itself: WorkSessionsBooked, subscribed below).
    outbox = Outbox(database)
    groups, meetings = Groups(database), Meetings(database)
    agenda = Agenda(sessions, meetings, clock=clock)
    booking = WorkSessionsDialog(content, work_sessions, agenda, follow_up=onboarding)
    booking.register(actions, commands)
    team = TeamService(
        content,
        database=database,
        directory=directory,
        groups=groups,
        introductions=Introductions(database),
        conversations=conversations,
        outbox=outbox,
        workbook=workbook,
        onboarding=onboarding_steps,
        events=events,
        cohorts=Cohorts(database),
    )
    team_dialog = TeamDialog(content, team)
    team_dialog.register(actions)
    planner = MeetingPlanner(
        content,
        groups,
        meetings,
        conversations,
        outbox,
        calendars,
        database=database,
        events=events,
        clock=clock,
    )
    MeetingsDialog(content, planner).register(actions)
    # The workbook outside the chat: signed links to files served by this app (web.files).
    personal_data = PersonalData(database)
    links = Links(
        LinkSigner.from_setting(settings.link_secret.get_secret_value(), clock),
        settings.link_base_url,
    )
    files = WorkbookFiles(
        content, workbook, personal_data, links, clock=clock, tracks=Cohorts(database)
    )
    workbooks = WorkbookService(content, workbook, personal_data, files)
    WorkbookDialog(content, workbooks).register(actions, commands)
    privacy = PrivacyService(
        personal_data,
        files,
        directory,
        conversations,
        events=events,
        calendars=calendars,
        meetings=meetings,
    )
    PrivacyDialog(content, privacy).register(actions, commands)
    progress = LearningProgress(database)
    learning = LearningService(
        content,
        progress,
        workbook,
        plans,
        conversations,
        outbox,
        workbooks,
        database=database,
        events=events,
        clock=clock,
        tracks=Cohorts(database),  # a leader learns their cohort's track (content.tracks)
    )
    reflections = ReflectionsService(
        content, progress, workbook, conversations, outbox, learning, database=database
    )
    learning_dialog = LearningDialog(
        content, learning, ReflectionsDialog(content, reflections, workbooks)
    )
    learning_dialog.register(actions, commands)
    participation = ParticipationStore(database)
    home = HomeService(onboarding_progress, learning, participation)
    home_dialog = HomeDialog(
        content,
        home,
        MyTeamService(groups, meetings, clock=clock),
        resume_onboarding=onboarding.resume,
    )
    home_dialog.register(commands)
    ParticipationDialog(
        content,
        ParticipationService(participation, groups, planner, database=database),
        where_was_i=home_dialog.where_was_i,
    ).register(commands)
    LanguageDialog(content, directory).register(actions, commands)
    # Around each meeting: preparation, reminder, digest, reflections and insights afterwards.
    followup = MeetingFollowupService(
        content,
        database=database,
        booked=BookedMeetings(database),
        meetings=meetings,
        groups=groups,
        conversations=conversations,
        outbox=outbox,
        workbook=workbook,
        plans=plans,
        progress=progress,
        events=events,
        clock=clock,
        reminder_hour=settings.meeting_reminder_hour,
        tracks=Cohorts(database),  # the group session of the member's own track's module
    )
    MeetingFollowupDialog(content, followup).register(actions)
    # The journey's reactions, in one place: introductions done -> the first meeting proposed;
    # someone left -> proposals rechecked; a meeting booked -> preparation and reminders;
    # a meeting held -> each attendee's group session recorded (and the module perhaps
    # completed), then the next meeting proposed.
    events.subscribe(IntroductionsComplete, lambda e: planner.propose_next(e.group_id, e.tenant_id))
    events.subscribe(MemberLeft, lambda e: planner.recheck(e.group_id, e.tenant_id))
    events.subscribe(MeetingBooked, lambda e: followup.booked(e.meeting_id))
    events.subscribe(
        GroupSessionHeld, lambda e: learning.group_session_held(e.person_id, e.module_id)
    )
    events.subscribe(MeetingHeld, lambda e: planner.propose_next(e.group_id, e.tenant_id))
    # A leader's last module done -> the journey's end recorded, the diploma available.
    events.subscribe(JourneyCompleted, workbooks.record_journey_completed)
    # Half of the modules done -> the halfway self-assessment asked for; the journey's end ->
    # the last one (the start is asked in the onboarding).
    prompts = CheckpointPrompts(
        content,
        workbooks,
        progress,
        conversations,
        outbox,
        languages=PersonLanguages(database),
        tracks=Cohorts(database),
    )
    events.subscribe(ModuleCompleted, prompts.module_completed)
    events.subscribe(JourneyCompleted, prompts.journey_completed)
    # Times set aside at the onboarding's last step complete it.
    events.subscribe(WorkSessionsBooked, onboarding_steps.work_sessions_booked)
    # Someone erased -> the bot's channel posts that quoted them deleted (through the outbox).
    events.subscribe(PersonErased, ChannelPosts(outbox, directory).delete_erased)
    # The coordinator's side: roles checked per municipality, the follow-up and its CSV.
    roles = Roles(database)
    coordination = CoordinationService(roles, AuditLog(database), directory, database=database)
    follow_up_facts = FollowUpFacts(database)
    follow_up = FollowUpService(content, follow_up_facts, coordination)
    files.serve(
        FileKind.FOLLOW_UP_CSV,
        lambda owner: follow_up.csv(owner.organisation_id, owner.person_id, owner.tenant_id),
    )
    # Suggestions: answered through the outbox (relayed when anonymous), a digest each Monday.
    feedback_store = Feedback(database)
    files.serve(
        FileKind.FOLLOW_UP_XLSX,
        lambda owner: follow_up.export(
            owner.organisation_id, owner.person_id, owner.tenant_id, follow_up_xlsx, detail="xlsx"
        ),
    )
    files.serve_scoped(
        FileKind.FOLLOW_UP_CHART,
        lambda owner, scope: follow_up.scope_export(
            owner.organisation_id,
            owner.person_id,
            owner.tenant_id,
            scope,
            follow_up_chart,
            detail="chart",
        ),
    )
    feedback = FeedbackService(
        feedback_store,
        coordination,
        max_chars=content.coordination.feedback.max_chars,
        content=content,
        conversations=conversations,
        outbox=outbox,
        database=database,
    )
    FeedbackDialog(content, feedback).register(actions, commands)
    digests = FeedbackDigests(
        content, feedback_store, roles, conversations, outbox, database=database, clock=clock
    )
    cohort_store = Cohorts(database)
    # "fira": a celebration to a cohort with its achievements, and who has earned a diploma.
    celebrations = CelebrationService(
        content,
        coordination,
        cohort_store,
        Celebrations(database),
        follow_up_facts,
        conversations,
        outbox,
        database=database,
    )
    CelebrationDialog(content, celebrations).register(actions, commands)
    app_installer = build_app_installer(settings)
    app_installs = (
        AppInstallService(
            content,
            app_installer,
            CohortInstalls(database),
            conversations,
            outbox,
            database=database,
        )
        if app_installer is not None
        else None
    )
    cohorts = CohortService(
        content,
        coordination,
        cohort_store,
        conversations,
        outbox,
        onboarding_steps,
        database=database,
        installs=app_installs,
    )
    coordination_dialog = CoordinationDialog(
        content, coordination, follow_up, feedback, links, cohorts
    )
    coordination_dialog.register(actions, commands)
    # Evaluations: dates and questions per cohort; the job sends each out at its morning.
    evaluations = EvaluationService(
        content,
        coordination,
        Evaluations(database),
        Cohorts(database),
        conversations,
        outbox,
        database=database,
    )
    EvaluationsDialog(content, evaluations, coordination, links).register(actions, commands)
    files.serve(
        FileKind.EVALUATIONS_CSV,
        lambda owner: evaluations.csv(owner.organisation_id, owner.person_id, owner.tenant_id),
    )
    # The organisation's own settings: in force here at once, on other replicas by a tick.
    org_settings = SettingsService(
        OrganisationSettings(database), coordination, content, database=database
    )
    SettingsDialog(content, org_settings).register(actions, commands)
    # Learning groups for a cohort ("grupper"), linked to their team when the app is added;
    # their channels created by the bot where Graph and a parent team are configured.
    group_channels = build_group_channels(
        settings, content, calendars, GroupPlans(database), conversations, outbox, database
    )
    group_planning = GroupPlanning(
        content,
        coordination,
        Cohorts(database),
        GroupPlans(database),
        Roles(database),
        calendars,
        conversations,
        outbox,
        database=database,
        channel_team_id=settings.group_channels_team_id if group_channels else None,
    )
    events.subscribe(GroupRegistered, group_planning.group_registered)
    events.subscribe(GroupRegistered, cohorts.group_registered)  # addresses from the roster
    GroupsDialog(content, group_planning).register(actions, commands)
    # Regions (issue 16): programme owners across tenants, coordinators answering for their own.
    region_service = RegionService(content, coordination, database=database)
    sharing = SharingService(content, coordination, region_service, database=database)
    # One-to-one contacts between leaders of a region's municipalities ("kontakt").
    contacts = ContactService(content, region_service, database=database)
    ContactsDialog(content, contacts).register(actions, commands)
    RegionDialog(content, region_service, coordination, cohorts, sharing, contacts).register(
        actions, commands
    )
    RegionalSharingDialog(content, sharing).register(actions)
    regional_meetings = RegionalMeetingService(
        content, coordination, region_service, database=database
    )
    RegionalMeetingsDialog(content, regional_meetings).register(actions)
    router = Router(
        content=content,
        welcome=CohortArrival(content, cohorts, onboarding),
        team=team_dialog,
        actions=actions,
        commands=commands,
        # coordination first: it takes only "samordnare lägg till …"; then learning: it takes
        # only time statements and text for an open reflection card
        flows=(coordination_dialog, learning_dialog, onboarding),
        channel=ChannelDesk(content, PrivateReplies(conversations, outbox, database=database)),
        help_for=coordination_dialog.help_for,
    )
    edge = Edge(
        settings.bot_framework_config(),
        router,
        allowed_tenants=settings.allowed_tenants,
        content=content,
        directory=directory,
        conversations=conversations,
        processed=processed,
        database=database,
        service_urls=settings.service_urls,
        language_from_locale=settings.language_from_locale,
    )
    # Everything said later is an outbox row first, sent through the edge's clients.
    # Teams' per-tenant limit is per app: replicas share it (Redis or PostgreSQL).
    limiter = RateLimiter(tenant_budget=shared_tenant_budget(database, settings.redis_url))
    sender = OutboxSender(
        outbox,
        edge.messenger,
        limiter=limiter,
        clock=clock,
        tenants=AllowedTenants.of(settings.allowed_tenants),
    )
    # Addresses of cohort leaders met only in the personal chat, asked of Teams by a job.
    address_lookups = AddressLookupService(
        ConnectorAddressBook(edge.clients),
        AddressLookups(database),
        cohorts,
        database=database,
        pace=limiter,
    )
    scheduler = Scheduler(settings.zone)
    scheduler.every("send-outbox", OUTBOX_TICK_SECONDS, sender.tick)
    scheduler.every("organisation-settings", SETTINGS_SYNC_SECONDS, org_settings.sync)
    if app_installs is not None:
        scheduler.every("app-installs", APP_INSTALLS_TICK_SECONDS, app_installs.tick)
    scheduler.every("learning", LEARNING_TICK_SECONDS, learning.tick)
    scheduler.every("reflections", LEARNING_TICK_SECONDS, reflections.post_unposted)
    scheduler.every("meetings", MEETINGS_TICK_SECONDS, followup.tick)
    scheduler.every("feedback-digest", DIGEST_TICK_SECONDS, digests.tick)
    scheduler.every("bookings", MEETINGS_TICK_SECONDS, planner.recover_bookings)
    if group_channels is not None:
        scheduler.every("group-channels", GROUP_CHANNELS_TICK_SECONDS, group_channels.tick)
    scheduler.every("evaluations", MEETINGS_TICK_SECONDS, evaluations.tick)
    scheduler.every("regional-meetings", MEETINGS_TICK_SECONDS, regional_meetings.tick)
    scheduler.every("contacts", CONTACTS_TICK_SECONDS, contacts.tick)
    scheduler.every("address-lookups", ADDRESS_LOOKUPS_TICK_SECONDS, address_lookups.tick)
    scheduler.every(
        "prune-processed-activities",
        3600,
        lambda: processed.prune(received_before=clock() - DEDUPE_WINDOW),
    )
    return Services(
        settings=settings,
        content=content,
        database=database,
        directory=directory,
        conversations=conversations,
        processed=processed,
        edge=edge,
        messenger=edge.messenger,
        actions=actions,
        commands=commands,
        onboarding=onboarding,
        booking=booking,
        work_sessions=work_sessions,
        workbook=workbook,
        groups=groups,
        meetings=meetings,
        team=team,
        planner=planner,
        learning=learning,
        followup=followup,
        router=router,
        scheduler=scheduler,
        calendars=calendars,
        outbox=outbox,
        sender=sender,
        limiter=limiter,
        files=files,
        personal_data=personal_data,
        workbooks=workbooks,
        reflections=reflections,
        coordination=coordination,
        org_settings=org_settings,
        evaluations=evaluations,
        regional_meetings=regional_meetings,
        contacts=contacts,
        app_installer=app_installer,
    )


def build_app_installer(settings: Settings) -> GraphAppInstaller | None:
    """Installing the app for cohort leaders through Graph, when configured (else None: the
    coordinator gets the list and how to add the app)."""
    if not settings.installs_apps:
        return None
    from scheduling.calendars.graph import app_credential
    from scheduling.teams_apps import graph_app_installer

    credential = app_credential(
        settings.graph_tenant_id,
        settings.graph_client_id,
        settings.graph_client_secret.get_secret_value() or None,
    )
    return graph_app_installer(
        credential=credential,
        tenant_id=settings.graph_tenant_id,
        catalog_app_id=settings.teams_app_catalog_id,
        base_url=settings.graph_base_url,
    )


def build_group_channels(
    settings: Settings,
    content: Content,
    calendars: CalendarProvider,
    plans: GroupPlans,
    conversations: Conversations,
    outbox: Outbox,
    database: Database,
) -> GroupChannels | None:
    """The channel job when a parent team is named and Graph is configured; else None (the
    coordinator is told what to create)."""
    team_id = settings.group_channels_team_id
    if not team_id:
        return None
    from scheduling.calendars.graph import GraphCalendars
    from scheduling.graph_channels import GraphChannels

    if not isinstance(calendars, GraphCalendars):
        log.warning("GROUP_CHANNELS_TEAM_ID is set but Graph is not configured: no channels")
        return None
    return GroupChannels(
        content,
        plans,
        GraphChannels(calendars.client),
        conversations,
        outbox,
        database=database,
        team_id=team_id,
    )


def build_calendars(settings: Settings, clock: Clock) -> CalendarProvider:
    """Microsoft Graph when configured; otherwise iCalendar files (the embedded default)."""
    if settings.uses_graph:
        from scheduling.calendars.graph import app_credential, graph_calendars

        credential = app_credential(
            settings.graph_tenant_id,
            settings.graph_client_id,
            settings.graph_client_secret.get_secret_value() or None,
        )
        return graph_calendars(
            credential=credential,
            zone=settings.zone,
            base_url=settings.graph_base_url,
            mailbox=settings.graph_mailbox or None,
        )
    return IcsCalendars(
        settings.calendar_dir or settings.demo_calendar_dir, zone=settings.zone, clock=clock
    )


async def _messages(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    return await services.edge.process(request)


async def _health(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    database_ok = await services.database.ping()
    revision = await migrate.current_revision(services.database) if database_ok else None
    schema_ok = revision == migrate.head_revision()
    healthy = database_ok and schema_ok and services.scheduler.running
    body = {
        "status": "ok" if healthy else "degraded",
        "database": "ok" if database_ok else "unreachable",
        "schema": revision or "none",
        "scheduler": "running" if services.scheduler.running else "stopped",
        "authentication": "on" if services.settings.authenticates else "off (local development)",
    }
    return web.json_response(body, status=200 if healthy else 503)


async def _start(app: web.Application) -> None:
    services = app[SERVICES]
    database = services.database
    if database.is_sqlite:
        await migrate.upgrade(database)  # the embedded default keeps itself up to date
    elif await migrate.current_revision(database) != migrate.head_revision():
        raise RuntimeError(
            "The database schema is not up to date: run `expeditionsboten migrate` first."
        )
    settings = services.settings
    if not settings.uses_graph and settings.calendar_dir is None:
        copied = copy_demo_calendars(settings.demo_calendar_dir)
        if copied:
            log.info("demo calendars copied to %s", settings.demo_calendar_dir)
    await services.org_settings.sync()  # what coordinators published, before the first turn
    services.scheduler.start()
    log.info(
        "Expeditionsboten ready on %s:%s (database %s, authentication %s)",
        services.settings.host,
        services.settings.port,
        database.url.render_as_string(hide_password=True),
        "on" if services.settings.authenticates else "off: local development, loopback only",
    )


async def _stop(app: web.Application) -> None:
    services = app[SERVICES]
    services.sender.stop_sending()  # sends in flight finish; nothing new starts
    await services.scheduler.stop()
    await services.edge.close()
    await services.calendars.close()
    if services.app_installer is not None:
        await services.app_installer.close()
    await services.limiter.close()
    await services.database.dispose()


if __name__ == "__main__":
    import sys

    from cli import main

    sys.exit(main(["serve", *sys.argv[1:]]))
