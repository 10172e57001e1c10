"""The demo calendars shipped with the package: the Teams emulator's people, in Uppsala.

The files recur weekly from January 2026 without end, so any coming week shows realistic busy
times. They are package data: read them in place, and copy them (`copy_demo_calendars`) into a
directory of your own before booking into them.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

DEMO_DIRECTORY = "demo_calendars"


def package_demo_directory() -> Path:
    """The directory of demo `.ics` files inside the installed `scheduling` package."""
    directory = files("scheduling") / DEMO_DIRECTORY
    if not isinstance(directory, Path):  # a zipped install: the files have no path to read
        raise RuntimeError("the demo calendars need the scheduling package installed as files")
    return directory


def copy_demo_calendars(target: Path) -> list[Path]:
    """Copy the demo calendars into `target`, keeping any calendar file already there.

    Returns the files copied (none on a second run), so a bot started again keeps its bookings.
    """
    target.mkdir(parents=True, exist_ok=True)
    present = {path.name.lower() for path in target.iterdir()}
    copied: list[Path] = []
    for source in sorted(package_demo_directory().glob("*.ics")):
        if source.name.lower() not in present:
            destination = target / source.name
            shutil.copyfile(source, destination)
            copied.append(destination)
    return copied
