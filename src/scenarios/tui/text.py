"""The catalog's words for the keys on screen, in the current language."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding

from scenarios.i18n.catalog import CATALOGS, t

if TYPE_CHECKING:
    from textual.dom import DOMNode


def localize_bindings(node: DOMNode, language: str) -> None:
    """Give the node's Footer bindings their description in `language`.

    A binding's catalog key is `tui.key.<id>`, else `tui.key.<action name>`; a group takes its
    bindings' description.
    """
    for key, bindings in list(node._bindings.key_to_bindings.items()):
        node._bindings.key_to_bindings[key] = [_localized(binding, language) for binding in bindings]
    node.refresh_bindings()


def key_words(binding: Binding, language: str) -> str | None:
    """What a key of ours does, in `language` (`tui.key.<id>`, else `tui.key.<action name>`); None for a key
    that is not ours (a Textual widget's own, with English words)."""
    name = binding.id or binding.action.split("(")[0].replace("app.", "")
    return t(f"tui.key.{name}", language) if f"tui.key.{name}" in CATALOGS["fi"] else None


def _localized(binding: Binding, language: str) -> Binding:
    description = key_words(binding, language)
    if description is None:
        return binding
    group = None if binding.group is None else Binding.Group(description, binding.group.compact)
    return replace(binding, description=description, group=group, tooltip="")
