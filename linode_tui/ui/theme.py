"""Theme-aware named styles for Rich ``Text``.

The UI builds its texts with Rich ``Text`` (API strings are never markup). Their colours are style
*names* — ``success``, ``warning``, ``error``, ``muted``, ``accent``, ``primary`` (the same names the
:class:`~linode_tui.ui.widgets.vtable.ResourceTable` resolves from its component classes) and the
header badges ``badge-warning``, ``badge-error``, ``badge-accent`` and the bold ``strong-success``,
``strong-warning``, ``strong-error`` (for Statics; the table takes the single names).
:func:`install` gives the app's console a Rich theme that maps each name to the current Textual
theme's colours and re-maps them whenever the theme changes,
so every ``Text`` rendered through the app follows the theme.

Use one name per span (``text.append(s, "error"); text.stylize("bold")``), never compound strings
such as ``"bold error"``: the table resolves span styles one name at a time.

Under ``NO_COLOR`` Textual greys every colour out; the names then carry a non-colour cue instead
(errors bold, warnings italic, muted dim, badges reversed) so that no state depends on colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.theme import Theme
from textual.color import Color

if TYPE_CHECKING:
    from textual.app import App

#: The names the UI may use as Rich styles (single words, one per span).
NAMES: tuple[str, ...] = (
    "success",
    "warning",
    "error",
    "muted",
    "accent",
    "primary",
    "badge-warning",
    "badge-error",
    "badge-accent",
    "strong-success",
    "strong-warning",
    "strong-error",
)

# Fallbacks when a theme lacks a variable (and before any theme is known).
_DEFAULTS = {
    "text-success": "#8AD4A1",
    "text-warning": "#FFC473",
    "text-error": "#D17E92",
    "text-accent": "#FFC473",
    "text-primary": "#57A5E2",
    "warning": "#FEA62B",
    "error": "#B93C5B",
    "accent": "#FEA62B",
    "foreground": "#E0E0E0",
    "background": "#121212",
}


def _colour(variables: dict[str, str], name: str) -> Color:
    for candidate in (variables.get(name), _DEFAULTS.get(name)):
        if not candidate:
            continue
        try:
            return Color.parse(candidate)
        except Exception:
            continue
    return Color.parse(_DEFAULTS.get(name, "#808080"))


def styles_for(variables: dict[str, str], *, no_color: bool = False) -> dict[str, Style]:
    """The named styles for a theme's CSS variables (``App.theme_variables``)."""
    background = _colour(variables, "background")
    foreground = _colour(variables, "foreground")

    def fg(name: str, **extra: bool) -> Style:
        return Style(color=_colour(variables, name).rich_color, **extra)  # type: ignore[arg-type]

    def badge(name: str) -> Style:
        back = _colour(variables, name)
        return Style(color=back.get_contrast_text(1.0).rich_color, bgcolor=back.rich_color, bold=True)

    muted = foreground.blend(background, 0.4)
    if no_color:
        # Colour is gone: every state keeps a cue of its own.
        return {
            "success": Style(),
            "warning": Style(italic=True),
            "error": Style(bold=True),
            "muted": Style(dim=True),
            "accent": Style(bold=True),
            "primary": Style(),
            "badge-warning": Style(reverse=True, bold=True),
            "badge-error": Style(reverse=True, bold=True),
            "badge-accent": Style(reverse=True),
            "strong-success": Style(bold=True),
            "strong-warning": Style(bold=True, italic=True),
            "strong-error": Style(bold=True, reverse=True),
        }
    return {
        "success": fg("text-success"),
        "warning": fg("text-warning"),
        "error": fg("text-error"),
        "muted": Style(color=muted.rich_color),
        "accent": fg("text-accent"),
        "primary": fg("text-primary"),
        "badge-warning": badge("warning"),
        "badge-error": badge("error"),
        "badge-accent": badge("accent"),
        "strong-success": fg("text-success", bold=True),
        "strong-warning": fg("text-warning", bold=True),
        "strong-error": fg("text-error", bold=True),
    }


def apply(app: App[Any]) -> None:
    """(Re)map the names on the app's console to the app's current theme."""
    console = app.console
    previous = getattr(app, "_lt_theme_pushed", False)
    if previous:
        try:
            console.pop_theme()
        except Exception:
            pass
    try:
        variables = dict(app.theme_variables)
    except Exception:
        variables = {}
    console.push_theme(Theme(styles_for(variables, no_color=bool(app.no_color)), inherit=True))
    app._lt_theme_pushed = True  # type: ignore[attr-defined]


def install(app: App[Any]) -> None:
    """Map the names now and after every theme change."""
    apply(app)

    def changed(_theme: object) -> None:
        apply(app)

    app.theme_changed_signal.subscribe(app, changed, immediate=True)


__all__ = ["NAMES", "apply", "install", "styles_for"]
