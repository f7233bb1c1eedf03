"""The trainee's session layer over the engine and the store, without Textual (tested headless).

`Trainer` starts, offers, resumes and gives up playthroughs; a `PlaySession` is one being played:
choose, autosave, finish, and the lease that keeps two app windows from playing the same one.
"""

from scenarios.trainer.lease import HEARTBEAT_EVERY, STALE_AFTER, new_owner
from scenarios.trainer.session import (
    HeldElsewhereError,
    PlaySession,
    ResumeCheck,
    SaveProblem,
    StoreBusyError,
    Trainer,
)

__all__ = [
    "HEARTBEAT_EVERY",
    "STALE_AFTER",
    "HeldElsewhereError",
    "PlaySession",
    "ResumeCheck",
    "SaveProblem",
    "StoreBusyError",
    "Trainer",
    "new_owner",
]
