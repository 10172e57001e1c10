"""Draw the app package icons: a compass, the expedition's instrument.

Run `python -m manifest.draw_icons` from the repository root to (re)write
`manifest/icons/color.png` (192x192, full colour) and `manifest/icons/outline.png`
(32x32, white on transparent). Both are drawn large and scaled down for smooth edges.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

COLOR_SIZE = 192
OUTLINE_SIZE = 32

# Keep ACCENT equal to "accentColor" in template.json: Teams shows it around the colour icon.
ACCENT = (0x1B, 0x5E, 0x6B)
NEEDLE_NORTH = (0xF2, 0x99, 0x4A)
WHITE = (0xFF, 0xFF, 0xFF)

_SUPERSAMPLE = 8
_NEEDLE_ANGLE = math.radians(45)  # the needle points north-east: on the move

ICONS_DIR = Path(__file__).resolve().parent / "icons"

Point = tuple[float, float]


def _circle(center: Point, radius: float) -> list[float]:
    x, y = center
    return [x - radius, y - radius, x + radius, y + radius]


def _needle(center: Point, length: float, half_width: float) -> tuple[list[Point], list[Point]]:
    """The two halves of a diamond needle: (north half, south half) as polygons."""
    cx, cy = center
    dx, dy = math.sin(_NEEDLE_ANGLE), -math.cos(_NEEDLE_ANGLE)  # screen y grows downwards
    px, py = -dy, dx  # perpendicular
    tip = (cx + dx * length, cy + dy * length)
    tail = (cx - dx * length, cy - dy * length)
    left = (cx + px * half_width, cy + py * half_width)
    right = (cx - px * half_width, cy - py * half_width)
    return [tip, left, right], [tail, right, left]


def _ticks(center: Point, inner: float, outer: float, width: float) -> list[list[Point]]:
    """Short radial bars at north, east, south and west."""
    cx, cy = center
    bars = []
    for quarter in range(4):
        angle = quarter * math.pi / 2
        dx, dy = math.sin(angle), -math.cos(angle)
        px, py = -dy * width / 2, dx * width / 2
        a = (cx + dx * inner, cy + dy * inner)
        b = (cx + dx * outer, cy + dy * outer)
        bars.append(
            [
                (a[0] + px, a[1] + py),
                (b[0] + px, b[1] + py),
                (b[0] - px, b[1] - py),
                (a[0] - px, a[1] - py),
            ]
        )
    return bars


def draw_color(size: int = COLOR_SIZE) -> Image.Image:
    """The full-colour icon: a white compass with a warm north needle on the accent colour."""
    big = size * _SUPERSAMPLE
    unit = big / 192  # design units: the layout below is drawn on a 192 grid
    center = (big / 2, big / 2)
    image = Image.new("RGBA", (big, big), (*ACCENT, 255))
    draw = ImageDraw.Draw(image)

    ring_radius, ring_width = 70 * unit, 9 * unit
    draw.ellipse(_circle(center, ring_radius), outline=(*WHITE, 255), width=round(ring_width))
    for bar in _ticks(center, 46 * unit, 56 * unit, 6 * unit):
        draw.polygon(bar, fill=(*WHITE, 255))

    north, south = _needle(center, 50 * unit, 14 * unit)
    draw.polygon(south, fill=(*WHITE, 255))
    draw.polygon(north, fill=(*NEEDLE_NORTH, 255))
    draw.ellipse(_circle(center, 9 * unit), fill=(*WHITE, 255))
    draw.ellipse(_circle(center, 4.5 * unit), fill=(*ACCENT, 255))

    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_outline(size: int = OUTLINE_SIZE) -> Image.Image:
    """The outline icon: the same compass in pure white on a transparent background.

    Only the alpha channel is drawn and scaled, so every pixel stays exactly white and
    anti-aliasing shows up as partial transparency, never as grey.
    """
    big = size * _SUPERSAMPLE * 2
    unit = big / 32  # design units: the layout below is drawn on a 32 grid
    center = (big / 2, big / 2)
    alpha = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(alpha)

    draw.ellipse(_circle(center, 14.5 * unit), outline=255, width=round(2.25 * unit))
    north, south = _needle(center, 9.5 * unit, 3.4 * unit)
    draw.polygon(north, fill=255)
    draw.polygon(south, fill=255)
    draw.ellipse(_circle(center, 1.4 * unit), fill=0)

    image = Image.new("RGBA", (size, size), (*WHITE, 0))
    image.putalpha(alpha.resize((size, size), Image.Resampling.LANCZOS))
    return image


def write_icons(directory: Path = ICONS_DIR) -> tuple[Path, Path]:
    """Write color.png and outline.png into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    color, outline = directory / "color.png", directory / "outline.png"
    draw_color().save(color, format="PNG", optimize=True)
    draw_outline().save(outline, format="PNG", optimize=True)
    return color, outline


if __name__ == "__main__":
    write_icons()
