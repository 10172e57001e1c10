"""Which audience track (content.tracks) a leader learns: their latest cohort's.

The per-organisation view (`Content.for_tenant`) stays the default track's; the services that
show or count a leader's modules and exercises ask here for that leader's curriculum.
"""

from __future__ import annotations

from typing import Protocol

from content.models import Content


class TrackOf(Protocol):
    """The audience track of a person's cohort (storage.cohorts); None: the default track."""

    async def track_of(self, person_id: int) -> str | None: ...


async def curriculum_for(content: Content, tracks: TrackOf | None, person_id: int) -> Content:
    """`content` (a tenant's view) with the modules and exercises of the person's track. No
    lookup when the content has one track only."""
    if tracks is None or len(content.tracks) < 2:
        return content
    return content.for_track(await tracks.track_of(person_id))
