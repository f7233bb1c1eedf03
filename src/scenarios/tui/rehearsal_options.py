"""How the app was asked to open the team rehearsal (`scenarios rehearse [STORY] [--phones] [--stations]`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the phones' package is the rehearsal screens' and the command line's alone
    from scenarios.phones.address import PhoneOptions


@dataclass(frozen=True)
class RehearsalOptions:
    """What the rehearsal's setup starts from (the trainer's own app opens it with none of them)."""

    preselect: str | None = None
    """A story id ticked in the setup's plan (`scenarios rehearse STORY`)."""
    phones: PhoneOptions | None = None
    """`--phones [--host H] [--port P]`: phones ticked in the setup, on that address."""
    stations: bool = False
    """The setup opens on a chapter 6 station rotation (`--stations`)."""
