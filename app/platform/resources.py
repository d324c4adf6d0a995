"""Where the app's resources (icons, translations, samples, example bots) are: beside the
source tree, or inside a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_BUNDLE = getattr(sys, "_MEIPASS", None)
RESOURCES = (
    Path(_BUNDLE) / "resources" if _BUNDLE else Path(__file__).resolve().parents[2] / "resources"
)
ICONS = RESOURCES / "icons"
TRANSLATIONS = RESOURCES / "translations"
SAMPLES = RESOURCES / "samples"
EXAMPLE_BOTS = RESOURCES / "bots"
