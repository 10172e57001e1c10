"""The curriculum of Expedition Innovation as Swedish data files, and their validating loader."""

from content.loader import ContentError, load_content
from content.models import Content

__all__ = ["Content", "ContentError", "load_content"]
