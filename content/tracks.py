"""Audience tracks: the curriculum (modules and exercise library) packaged per audience.

A track is a folder with the same curriculum files as content/data: `track.yaml` (its name, who
it is for, how many exercises its library has, and which theme each maturity area suggests),
`modules.yaml` and `exercises.yaml`. The leaders' journey is the default track: its files are
content/data's own (content/data/track.yaml names it). Other tracks live in
content/data/tracks/<id>/. Every other file (messages, coordinator texts, the journey, the
maturity model) is shared by all tracks. A cohort chooses its track (services.cohorts).
"""

from pydantic import Field, PositiveInt

from content.curriculum import ExerciseLibrary, Module
from content.schema import ContentModel
from content.text import Id, Text

DEFAULT_TRACK = "ledare"
TRACKS_DIR = "tracks"  # under the data directory: one folder per track other than the default


class TrackFile(ContentModel):
    """track.yaml: the track's name and description as coordinators see them on the cohort card.
    exercise_count: the library has exactly this many (a lost exercise is a broken file, not a
    smaller track). area_themes: maturity area id -> theme id of this track (for the default
    track it is workbook.yaml's). library_intro: instead of learning.yaml's, which names the
    leaders' modules."""

    id: Id
    name: Text
    description: Text
    exercise_count: PositiveInt
    area_themes: dict[Id, Id] | None = None
    # The library's introduction when it names the modules ("modul 2–6" in learning.yaml).
    library_intro: Text | None = None


class Track(ContentModel):
    """One loaded, validated track."""

    id: Id
    name: Text
    description: Text
    modules: tuple[Module, ...] = Field(min_length=1)
    exercises: ExerciseLibrary
    area_themes: dict[Id, Id]
    library_intro: Text | None = None
