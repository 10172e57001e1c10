"""The files a leader can download, made on request from their own rows only.

A signed link (workbook.links) names the person, the tenant and the kind of file. `render`
looks the person up in that tenant (an erased person, or one of another tenant, is not found),
reads that person's rows and nobody else's, and makes the file; PDFs and PNGs are drawn in a
worker thread so the bot keeps answering Teams meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from clock import Clock
from content.models import Content
from learning.tracks import TrackOf, curriculum_for
from storage.personal_data import Owner, PersonalData
from storage.workbook import Workbook
from workbook.chart import render_chart
from workbook.data_report import data_json, data_pdf
from workbook.diploma import diploma_pdf
from workbook.export import WorkbookDocument, build_document, to_markdown, to_pdf
from workbook.links import FileKind, LinkClaims, Links
from workbook.maturity import maturity_chart_data


@dataclass(frozen=True, slots=True)
class FileBody:
    data: bytes
    content_type: str
    filename: str
    inline: bool = True


_NAMES = {
    FileKind.WORKBOOK_PDF: ("arbetsbok.pdf", "application/pdf", True),
    FileKind.WORKBOOK_MARKDOWN: ("arbetsbok.md", "text/markdown; charset=utf-8", False),
    FileKind.CHART: ("innovationsmognad.png", "image/png", True),
    FileKind.DIPLOMA: ("diplom.pdf", "application/pdf", True),
    FileKind.DATA_JSON: ("mina-data.json", "application/json; charset=utf-8", False),
    FileKind.DATA_PDF: ("mina-data.pdf", "application/pdf", True),
    FileKind.FOLLOW_UP_CSV: ("uppfoljning.csv", "text/csv; charset=utf-8", False),
    FileKind.EVALUATIONS_CSV: ("utvarderingar.csv", "text/csv; charset=utf-8", False),
    FileKind.FOLLOW_UP_XLSX: (
        "uppfoljning.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        False,
    ),
    FileKind.FOLLOW_UP_CHART: ("uppfoljning.png", "image/png", True),
}

# A file another capability makes for the link's holder (the follow-up's CSV): their person,
# organisation and tenant in; the bytes out, or None when they may not (or no longer) have it.
OtherFile = Callable[[Owner], Awaitable[bytes | None]]
# The same for a file with parts (one chart per scope): the signed scope in too.
ScopedFile = Callable[[Owner, str | None], Awaitable[bytes | None]]


class WorkbookFiles:
    def __init__(
        self,
        content: Content,
        workbook: Workbook,
        personal_data: PersonalData,
        links: Links,
        *,
        clock: Clock,
        tracks: TrackOf | None = None,
    ) -> None:
        self._content = content
        self._tracks = tracks
        self._workbook = workbook
        self._data = personal_data
        self.links = links
        self._clock = clock
        self._others: dict[FileKind, OtherFile] = {}
        self._scoped: dict[FileKind, ScopedFile] = {}

    def serve(self, kind: FileKind, make: OtherFile) -> None:
        """Serve a kind of file another capability makes, behind the same signed links."""
        self._others[kind] = make

    def serve_scoped(self, kind: FileKind, make: ScopedFile) -> None:
        """Serve a kind of file with parts; the link's signed scope names the part."""
        self._scoped[kind] = make

    async def content_of(self, owner: Owner) -> Content:
        """The content for the owner's workbook: the modules of their cohort's track, so that
        their reflections stand under their own modules."""
        content = self._content.for_tenant(owner.tenant_id)
        return await curriculum_for(content, self._tracks, owner.person_id)

    def url(self, person_id: int, tenant_id: str, kind: FileKind) -> str:
        return self.links.url(person_id, tenant_id, kind)

    async def render(self, claims: LinkClaims) -> FileBody | None:
        """The file the claims name, or None when there is nothing (any more) to give."""
        owner = await self._data.owner(claims.person_id, claims.tenant_id)
        if owner is None:
            return None
        content = await self.content_of(owner)
        scoped = self._scoped.get(claims.kind)
        if scoped is not None:
            data = await scoped(owner, claims.scope)
        else:
            data = await self._make(claims.kind, owner, content)
        if data is None:
            return None
        filename, content_type, inline = _NAMES[claims.kind]
        return FileBody(data, content_type, filename, inline)

    async def _make(self, kind: FileKind, owner: Owner, content: Content) -> bytes | None:
        now = self._clock()
        other = self._others.get(kind)
        if other is not None:
            return await other(owner)
        match kind:
            case FileKind.WORKBOOK_MARKDOWN:
                return to_markdown(await self.document(owner, content), content).encode()
            case FileKind.WORKBOOK_PDF:
                document = await self.document(owner, content)
                chart = await self.chart(owner.person_id, content)
                return await asyncio.to_thread(to_pdf, document, content, chart=chart, created=now)
            case FileKind.CHART:
                return await self.chart(owner.person_id, content)
            case FileKind.DIPLOMA:
                completed = await self._workbook.completed_at(owner.person_id)
                if completed is None:
                    return None
                name = owner.name or content.workbook.diploma_unnamed
                return await asyncio.to_thread(
                    diploma_pdf, content, name=name, completed_at=completed, created=now
                )
            case FileKind.DATA_JSON:
                return data_json(await self._data.export(owner.person_id))
            case FileKind.DATA_PDF:
                exported = await self._data.export(owner.person_id)
                return await asyncio.to_thread(data_pdf, content, exported, created=now)
        return None

    async def document(self, owner: Owner, content: Content) -> WorkbookDocument:
        return build_document(
            content,
            owner=owner.name,
            entries=await self._workbook.entries(owner.person_id),
            meeting_themes=await self._workbook.regional_meeting_themes(owner.person_id),
            assessments=await self._workbook.checkpoints(owner.person_id),
            completed_at=await self._workbook.completed_at(owner.person_id),
            now=self._clock(),
        )

    async def chart(self, person_id: int, content: Content) -> bytes | None:
        data = maturity_chart_data(content, await self._workbook.checkpoints(person_id))
        return await render_chart(data) if data is not None else None
