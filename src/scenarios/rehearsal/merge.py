"""Two people writing into one field at once (a keeper on a phone, the facilitator on the shared screen): both kept.

Each writer says what the field held when they started (`base`). When nobody else wrote in the
meantime, the new text simply replaces the old. When someone did, nothing is dropped: the field keeps
what is there now, then every line of the new text that it does not hold yet (a line the other
writer deliberately removed, which the new writer had only kept from `base`, stays removed).
"""

from __future__ import annotations


def merge_texts(current: str, incoming: str, base: str | None) -> str:
    """What a field keeps when `incoming` is written over `current` by someone who last saw `base` there.

    `base` None means the writer did not say what they saw: they are taken to have seen nothing, so the
    text there now is kept and theirs added (never silently replaced).

    >>> merge_texts("Calm", "Calm, patient", "Calm")          # nobody else wrote: replaced
    'Calm, patient'
    >>> merge_texts("Mine", "From the phone", "")              # both wrote: both kept, in that order
    'Mine\\nFrom the phone'
    >>> merge_texts("A\\nB", "A\\nC", "A")                      # both added a line to A
    'A\\nB\\nC'
    """
    if base == current or incoming == current or not current.strip():
        return incoming
    seen = set(current.split("\n"))
    before = set((base or "").split("\n"))
    added = [line for line in incoming.split("\n") if line.strip() and line not in seen and line not in before]
    return "\n".join([current, *added]) if added else current
