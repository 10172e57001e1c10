"""The `expeditionsboten slots` contract: people and acceptance checks rely on it exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest

from cli import main

ZONE = "Europe/Stockholm"


# The CLI counts notice from --now, so the week is fixed and the machine's date does not matter.
NOW = "2027-01-04T08:00:00+00:00"
WEEK = date(2027, 1, 18)  # a Monday with no holiday that week


def calendar(*events: tuple[date, str, str]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for n, (day, start, end) in enumerate(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{n}-{day}@test",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Stockholm:{day:%Y%m%d}T{start.replace(':', '')}00",
            f"DTEND;TZID=Europe/Stockholm:{day:%Y%m%d}T{end.replace(':', '')}00",
            "SUMMARY:Möte",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


@pytest.fixture
def week() -> date:
    return WEEK


@pytest.fixture
def ics_dir(tmp_path: Path, week: date) -> Path:
    (tmp_path / "anna@kommun.se.ics").write_text(calendar((week, "08:00", "10:00")))
    (tmp_path / "per@kommun.se.ics").write_text(calendar((week, "10:00", "11:00")))
    return tmp_path


def run_cli(*args: str) -> int:
    """The command in a thread of its own: its asyncio.run must not touch pytest-asyncio's loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(main, list(args)).result()


def slots(capsys, *args: str) -> tuple[int, str, str]:
    code = run_cli("slots", *args)
    out, err = capsys.readouterr()
    return code, out, err


def base(ics_dir: Path, week: date, *extra: str) -> list[str]:
    return [
        "--ics-dir", str(ics_dir),
        "--attendee", "anna@kommun.se",
        "--attendee", "per@kommun.se",
        "--duration", "60",
        "--from", week.isoformat(),
        "--to", (week + timedelta(days=4)).isoformat(),
        "--now", NOW,
        *extra,
    ]  # fmt: skip


def test_json_gives_ranked_slots_in_the_organisations_zone(
    capsys, ics_dir: Path, week: date
) -> None:
    code, out, _ = slots(capsys, *base(ics_dir, week, "--json"))

    assert code == 0
    result = json.loads(out)
    assert result["reason"] is None
    first = result["slots"][0]
    assert first["start"].startswith(f"{week.isoformat()}T11:00:00+0")  # after both meetings
    assert first["end"].startswith(f"{week.isoformat()}T12:00:00+0")
    assert [slot["rank"] for slot in result["slots"]] == [1, 2, 3]
    days = {slot["start"][:10] for slot in result["slots"]}
    assert len(days) == 3, "proposals are spread over different days"


def test_readable_list_is_swedish(capsys, ics_dir: Path, week: date) -> None:
    code, out, _ = slots(capsys, *base(ics_dir, week, "--count", "1"))
    assert code == 0
    assert out.strip() == f"1. måndag {week.day} {_month(week)} kl. 11:00–12:00"


def test_part_of_day_is_preferred(capsys, ics_dir: Path, week: date) -> None:
    code, out, _ = slots(capsys, *base(ics_dir, week, "--part-of-day", "eftermiddag", "--json"))
    assert code == 0
    first = json.loads(out)["slots"][0]
    assert 12 <= int(first["start"][11:13]) < 17


def test_a_weekend_gives_a_swedish_reason(capsys, tmp_path: Path, week: date) -> None:
    saturday = week + timedelta(days=5)
    (tmp_path / "anna@kommun.se.ics").write_text(calendar())
    code, out, _ = slots(
        capsys,
        "--ics-dir", str(tmp_path), "--attendee", "anna@kommun.se", "--duration", "60",
        "--from", saturday.isoformat(), "--to", (saturday + timedelta(days=1)).isoformat(),
        "--now", NOW, "--json",
    )  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["slots"] == []
    assert result["reason"].startswith("Det finns ingen arbetstid i den valda perioden.")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"--attendee": "okand@kommun.se"}, "okand@kommun.se"),
        ({"--duration": "0"}, "--duration"),
        ({"--duration": "-30"}, "--duration"),
        ({"--to": "2000-01-01"}, "--to"),
        ({"--from": "första december"}, "--from"),
        ({"--part-of-day": "natt"}, "natt"),
        ({"--tz": "Mars/Olympus"}, "Mars/Olympus"),
        ({"--now": "i morgon"}, "--now"),
        ({"--now": "2027-01-04T08:00"}, "--now"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys, ics_dir: Path, week: date, change: dict, says: str
) -> None:
    args = base(ics_dir, week)
    for flag, value in change.items():
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    code, out, err = slots(capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert says in err
    assert "Traceback" not in err


def test_an_unparsable_calendar_exits_2_naming_the_file(capsys, ics_dir: Path, week: date) -> None:
    (ics_dir / "per@kommun.se.ics").write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n"
    )
    code, _, err = slots(capsys, *base(ics_dir, week))
    assert code == 2
    assert "per@kommun.se.ics" in err
    assert len(err.strip().splitlines()) == 1


def test_missing_arguments_exit_2_with_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli("slots", "--duration", "60")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "required" in err


def test_the_console_script_runs(ics_dir: Path, week: date) -> None:
    script = Path(sys.executable).parent / "expeditionsboten"
    result = subprocess.run(
        [str(script), "slots", *base(ics_dir, week, "--json", "--count", "1")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["slots"][0]["rank"] == 1


def _month(day: date) -> str:
    names = "januari februari mars april maj juni juli augusti september oktober november december"
    return names.split()[day.month - 1]


def test_tentative_blocks_unless_allowed(capsys, tmp_path: Path, week: date) -> None:
    lines = calendar((week, "08:00", "17:00")).replace(
        "SUMMARY:Möte", "SUMMARY:Kanske\r\nSTATUS:TENTATIVE"
    )
    (tmp_path / "anna@kommun.se.ics").write_text(lines)
    args = [
        "--ics-dir", str(tmp_path), "--attendee", "anna@kommun.se", "--duration", "60",
        "--from", week.isoformat(), "--to", week.isoformat(), "--now", NOW, "--json",
    ]  # fmt: skip

    _, strict, _ = slots(capsys, *args)
    _, relaxed, _ = slots(capsys, *args, "--allow-tentative")

    assert json.loads(strict)["slots"] == []
    assert json.loads(relaxed)["slots"][0]["start"].startswith(f"{week.isoformat()}T08:00")
