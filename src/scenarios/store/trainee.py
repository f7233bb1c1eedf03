"""Who the trainee is: the OS user in the terminal, or the name a trainee gave in the browser (`scenarios serve`).

Every playthrough in the store belongs to one trainee (the `trainee` column holds `Trainee.key`), and
the store shows a trainee only their own. A served trainee's key carries a `web:` prefix, so a name
given in a browser never reaches the progress of the OS user with the same name.
"""

from __future__ import annotations

import getpass
import os
import unicodedata
from dataclasses import dataclass

SERVED_PREFIX = "web:"
LMS_PREFIX = "lms:"
NAME_MAX = 64
"""The longest name or id a trainee may give in the browser (characters)."""


@dataclass(frozen=True)
class Trainee:
    """One trainee: the key their progress is stored under, the name shown, and whether they play in a browser."""

    key: str
    """The value of the store's `trainee` column: the OS user name, or `web:` and the given name in lower case."""
    name: str
    """The name as the trainee gave it (or the OS user name)."""
    served: bool = False
    """True for a trainee in a browser (`scenarios serve`): exports are downloaded, records name them."""

    @property
    def account(self) -> str:
        """The trainee's id in learning records: the key without its `web:` (or `lms:`) prefix."""
        return self.key.removeprefix(SERVED_PREFIX).removeprefix(LMS_PREFIX)


def os_user() -> str:
    """The name of the user running this process (from the system's user database, not the environment)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, AttributeError):  # Windows, or a uid without a name
        try:
            return getpass.getuser()
        except Exception:  # getpass raises whatever the platform's lookup raises
            return "local"


def local_trainee() -> Trainee:
    """The trainee in the terminal: the OS user, as the store always assumed."""
    user = os_user()
    return Trainee(user, user)


def clean_name(raw: str) -> str | None:
    """A name given in the browser made tidy (NFC, single spaces, trimmed), or None when it cannot be a name:
    empty, longer than `NAME_MAX`, or holding a control or format character."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name or len(name) > NAME_MAX:
        return None
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in name):
        return None
    return name


def served_trainee(raw: str) -> Trainee:
    """The browser trainee who gave `raw` as their name (any case: `Aino` and `aino` are one trainee).

    Raises ValueError for a name `clean_name` refuses.
    """
    name = clean_name(raw)
    if name is None:
        raise ValueError(f"not a trainee name: {raw!r}")
    return Trainee(SERVED_PREFIX + name.casefold(), name, served=True)


def lms_trainee(account_name: str, home_page: str, display: str | None = None) -> Trainee:
    """The learner an LMS launched (cmi5: an Agent with an account): their progress is their own, apart from
    any name given in the browser (`lms:` and the account). Shown by the name the LMS gave, else the account."""
    name = clean_name(display or "") or clean_name(account_name) or "LMS"
    return Trainee(f"{LMS_PREFIX}{account_name}@{home_page}", name, served=True)
