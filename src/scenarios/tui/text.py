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


def _localized(binding: Binding, language: str) -> Binding:
    name = binding.id or binding.action.split("(")[0].replace("app.", "")
    if f"tui.key.{name}" not in CATALOGS["fi"]:
        return binding
    description = t(f"tui.key.{name}", language)
    group = None if binding.group is None else Binding.Group(description, binding.group.compact)
    return replace(binding, description=description, group=group, tooltip="")
