"""The one parser of `:` command text, used by the command line and by ``-c`` (Textual-free).

``parse(text)`` turns ``"linodes region = us-east"`` or ``"stats web-1"`` into a :class:`Command`
or raises :class:`CommandError` with a message for the user. The UI only dispatches on
``Command.name``; ``COMMANDS`` (with the area registry) is also what `?` help and Tab completion
list, so every word help shows is one the parser knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import Struct

from linode_tui.core.descriptors import Area
from linode_tui.core.registry import AREAS, area_for


class CommandError(ValueError):
    """A `:` command that cannot run; the message is for the user."""


class CommandSpec(Struct, frozen=True):
    name: str
    words: tuple[str, ...]  # the first is the one help shows
    usage: str
    help: str
    arg: bool = False  # takes an argument (required)
    optional_arg: bool = False  # may take words after it


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("dashboard", ("dashboard", "dash", "home"), ":dashboard", "the fleet dashboard"),
    CommandSpec("stats", ("stats",), ":stats LABEL", "live stats of a Linode or NodeBalancer", arg=True),
    CommandSpec(
        "api", ("api", "ops"), ":api [WORDS]",
        "every API operation (words: an area, a method, search text)", optional_arg=True,
    ),
    # Accounts: `:ctx NAME` switches profile (`:profile` stays the API's Profile area, like
    # every other area word); `:ctx` alone lists the profiles.
    CommandSpec(
        "ctx", ("ctx", "context"), ":ctx [NAME]", "switch to another account profile", optional_arg=True
    ),
    CommandSpec("audit", ("audit",), ":audit", "the audit log of the actions sent from here"),
    CommandSpec("doctor", ("doctor",), ":doctor", "check the config, token, API, clock and terminal"),
    CommandSpec("help", ("help", "h"), ":help", "every key of this screen and every command"),
    CommandSpec("quit", ("quit", "q", "exit"), ":quit", "leave linode-tui"),
)
_BY_WORD: dict[str, CommandSpec] = {w: c for c in COMMANDS for w in c.words}


class Command(Struct, frozen=True):
    """A parsed `:` command. ``name`` is a :data:`COMMANDS` name or ``"area"``."""

    name: str
    arg: str = ""
    area: Area | None = None
    xfilter: dict[str, Any] | None = None
    # `:linodes @all` / `@prod,lab`: list across these profiles (``("*",)``: every profile).
    profiles: tuple[str, ...] = ()


def expand_alias(text: str, aliases: Mapping[str, str] | None) -> str:
    """A user alias (``[aliases]`` of config.toml: ``prod = "linodes tags = prod"``) as the command
    text it stands for. Built-in words always win over an alias of the same name; aliases do not
    expand inside aliases. Words after an alias of an area query narrow it (``and``)."""
    text = text.strip().lstrip(":").strip()
    word, _, rest = text.partition(" ")
    if not aliases or word.lower() in _BY_WORD or area_for(word.lower()) is not None:
        return text
    target = next((v for k, v in aliases.items() if k.lower() == word.lower()), None)
    if target is None:
        return text
    target = target.strip().lstrip(":").strip()
    rest = rest.strip()
    if not rest:
        return target
    t_word, _, t_rest = target.partition(" ")
    if area_for(t_word.lower()) is not None and t_rest.strip():
        return f"{t_word} ({t_rest.strip()}) and ({rest})"
    return f"{target} {rest}"


def parse(text: str, aliases: Mapping[str, str] | None = None) -> Command:
    """Parse `:` command text (a leading ``:`` is allowed); ``aliases`` are the user's."""
    text = expand_alias(text, aliases)
    if not text:
        raise CommandError("Type a command, e.g. :linodes or :help")
    word, _, rest = text.partition(" ")
    word, rest = word.lower(), rest.strip()
    spec = _BY_WORD.get(word)
    if spec is not None:
        if spec.arg and not rest:
            raise CommandError(f"Usage: {spec.usage}   ({spec.help})")
        if not spec.arg and not spec.optional_arg and rest:
            raise CommandError(f":{word} takes nothing after it (usage: {spec.usage})")
        return Command(spec.name, arg=rest)
    area = area_for(word)
    if area is None:
        raise CommandError(
            f"Unknown command {word!r}. Areas: {', '.join(a.key for a in AREAS)}; "
            f"also {', '.join(':' + c.words[0] for c in COMMANDS)}"
        )
    xfilter: dict[str, Any] | None = None
    profiles: tuple[str, ...] = ()
    words = rest.split()
    if words and words[-1].startswith("@"):
        names = tuple(n for n in words[-1][1:].split(",") if n)
        if not names:
            raise CommandError("Name the profiles after @, e.g. @all or @prod,lab")
        profiles = ("*",) if "all" in names else names
        rest = " ".join(words[:-1])
        if not area.paginated:
            raise CommandError(f"{area.title} is a single object: it cannot be listed across profiles.")
    if rest:
        if not area.paginated:
            raise CommandError(f"{area.title} is a single object: it takes no query.")
        from linode_tui.api.errors import LinodeError
        from linode_tui.api.query import compile_query

        try:
            xfilter = compile_query(rest)
        except (LinodeError, ValueError) as exc:  # syntax errors point at the position
            raise CommandError(str(exc)) from exc
    return Command("area", arg=rest, area=area, xfilter=xfilter, profiles=profiles)


def command_words(aliases: Mapping[str, str] | None = None) -> list[str]:
    """Every first word the parser accepts (commands, areas and their aliases, the user's aliases)."""
    from linode_tui.core.registry import area_names

    return sorted({*_BY_WORD, *area_names(), *(aliases or {})})


__all__ = ["COMMANDS", "Command", "CommandError", "CommandSpec", "command_words", "expand_alias", "parse"]
