"""The colour themes: one value per theme, handed to whatever draws (``Panel.restyle``, the plots)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """The colours of one theme; ``name`` is its key in the settings and in ``THEMES``."""

    name: str
    background: str  # plots
    foreground: str  # plot text, axes, legends
    window: str  # the widgets' window colour
    text: str  # the widgets' text
    alternate: str | None = None  # buttons and alternate rows; None keeps the platform's palette


LIGHT = Theme("light", background="w", foreground="#222222", window="#f0f0f0", text="#000000")
DARK = Theme("dark", background="#000000", foreground="#ffffff", window="#101010", text="#ffffff", alternate="#202020")
THEMES: dict[str, Theme] = {theme.name: theme for theme in (LIGHT, DARK)}
