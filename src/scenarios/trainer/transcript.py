"""What was said and done in a playthrough, entry by entry, the way each channel tells it (no UI here).

Every front end shows the same transcript: the customer's words and body language at the desk, only what
is heard on the phone, a framed email answered by a reply that quotes it, chat bubbles. `Transcript` turns
the engine's beats and results into `Entry`s in the trainee's words; a screen or a page only draws them.

    events = replay(session.play)               # the beats and choices so far, rebuilt from the history
    builder = Transcript(story, "en")
    entries = [e for kind, item in events for e in builder.event(kind, item)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from scenarios.engine import Beat, Playthrough, Result
from scenarios.i18n.catalog import t
from scenarios.i18n.present import lines_channel, speaker_label, story_language, text_in

if TYPE_CHECKING:
    from scenarios.story.model import Story
    from scenarios.trainer.session import PlaySession

Event = tuple[Literal["beat", "choice"], Beat | Result]
"""A beat shown or a choice made, in the order they happened."""
EntryKind = Literal["narrator", "said", "cue", "email", "reply", "you", "action", "result"]

ASIDE = ("narrator", "colleague")
"""Speakers whose lines stand beside an email, never inside it."""
REPLY_PREFIXES = ("re:", "vs:", "sv:", "aw:")


class Entry(NamedTuple):
    """One thing in the transcript, in the trainee's words (every text is plain text, never markup).

    `kind`: `narrator` (what happens), `said` (someone speaks: `who` says `text`), `cue` (what is seen or
    heard: `label` and `text`), `email` (a message from `who` with `subject`), `reply` (the trainee's answer to
    `who`, with `subject`, quoting `quoted`), `you` (the trainee speaks), `action` (the trainee does
    something) and `result` (what came of a choice).
    """

    kind: EntryKind
    text: str
    who: str = ""
    """Who speaks (`said`), sends (`email`) or is answered (`reply`); the speaker's label in the trainee's words."""
    speaker: str = ""
    """The story's speaker id (`customer`, `colleague`, a cast name) of a `said` entry."""
    label: str = ""
    """The entry's own label: "On the line" words for a call, "You see:" for a cue, "You do:" for an action."""
    subject: str = ""
    quoted: str = ""
    """The message a reply answers (its body), shown quoted under the reply."""


class Transcript:
    """Turns a playthrough's events into entries for its story's channel, in `language` (the story's texts
    fall back to its own languages). Built event by event, since an email's reply quotes the last message."""

    def __init__(self, story: Story, language: str) -> None:
        self.story = story
        self.language = language
        self.text_language = story_language(story, language)
        self.subject: str | None = None
        self.sender: str | None = None
        self.last_body = ""

    def tr(self, key: str, **params: object) -> str:
        """A catalog string in the trainee's language."""
        return t(key, self.language, **params)

    def text(self, value: object) -> str:
        """A story text in the trainee's language (or the story's own)."""
        return text_in(value, self.text_language, self.story)  # type: ignore[arg-type]

    def event(self, kind: str, item: Beat | Result) -> list[Entry]:
        """The entries of one event: a beat shown or a choice made."""
        return self.beat(item) if kind == "beat" else self.choice(item)  # type: ignore[arg-type]

    def beat(self, beat: Beat) -> list[Entry]:
        """The lines of a beat (in email, the customer's lines as one message with its sender and subject)."""
        if beat.returned:
            return []
        entries: list[Entry] = []
        channel = lines_channel(self.story, beat.node)
        if channel == "email" and (beat.email is not None or self.sender is not None):
            if beat.email is not None:
                self.sender = self.text(beat.email.sender)
                self.subject = self.text(beat.email.subject)
            mail = [line for line in beat.lines if line.text is not None and line.speaker not in ASIDE]
            if mail:
                reply = beat.email is None
                entries.append(self._email([self.text(line.text) for line in mail if line.text], reply=reply))
            lines = [line for line in beat.lines if line not in mail]
        else:
            lines = list(beat.lines)
        for line in lines:
            entries.extend(self._line(line.speaker, line.text, line.cue, channel))
        return entries

    def choice(self, result: Result) -> list[Entry]:
        """What the trainee said or did, and what came of it."""
        said = self.text(result.text)
        channel = lines_channel(self.story, result.node)
        entries: list[Entry] = []
        if result.kind == "action":
            entries.append(Entry("action", said, label=self.tr("tui.play.you_did")))
        elif channel == "email":
            entries.append(self._reply(said))
        else:
            entries.append(Entry("you", said, who=self.tr("tui.play.you")))
        if result.result is not None:
            entries.append(Entry("result", self.text(result.result)))
        return entries

    def _line(self, speaker: str, text: object | None, cue: object | None, channel: str) -> list[Entry]:
        who = speaker_label(self.story, speaker, self.language)
        entries: list[Entry] = []
        if text is not None:
            said = self.text(text)
            if speaker == "narrator":
                entries.append(Entry("narrator", said))
            else:
                label = self.tr("tui.play.on_the_line", who=who) if channel == "phone" else who
                entries.append(Entry("said", said, who=who, speaker=speaker, label=label))
        if cue is not None:
            # Only the desk shows body language; on the phone a cue is what is heard.
            key = {"desk": "tui.play.cue_seen", "phone": "tui.play.cue_heard"}.get(channel, "tui.play.cue")
            entries.append(Entry("cue", self.text(cue), label=self.tr(key)))
        return entries

    def _email(self, body: list[str], *, reply: bool) -> Entry:
        subject = self.tr("tui.email.re", subject=self.subject or "") if reply else self.subject or ""
        self.last_body = "\n\n".join(body)
        return Entry("email", self.last_body, who=self.sender or "", subject=subject)

    def _reply(self, said: str) -> Entry:
        subject = self.subject or ""
        if not subject.casefold().startswith(REPLY_PREFIXES):
            subject = self.tr("tui.email.re", subject=subject)
        return Entry("reply", said, who=self.sender or "", subject=subject, quoted=self.last_body)


def replay(play: Playthrough) -> list[Event]:
    """The beats and choices of a playthrough so far, rebuilt from its history (a page drawn anew, a resume)."""
    fresh = Playthrough(play.story, seed=play.seed, clock=play.clock, started_at=play.started_at, origin=play.origin)
    events: list[Event] = [("beat", fresh.beat())]
    for past in play.history:
        events.append(("choice", fresh.choose_option(past.option_id, at=past.at)))
        events.append(("beat", fresh.beat()))
    return events


def waiting_since(session: PlaySession, events: list[Event]) -> float:
    """When the customer last said something (the start of the chat's wait), on the session's clock."""
    since = last = session.play.started_at
    for kind, item in events:
        if kind == "choice":
            last = session.lived(item.at)  # type: ignore[union-attr]
        elif any(line.speaker == "customer" for line in item.lines) and not item.returned:  # type: ignore[union-attr]
            since = last
    return since


def moods(play: Playthrough, events: list[Event]) -> tuple[int | None, int | None]:
    """The customer's mood now and the one before its last change (None: the story has no mood, or it has
    not changed), as a screen that followed the playthrough beat by beat showed them."""
    shown: list[int] = []
    for kind, item in events:
        mood = item.mood if kind == "beat" else None  # type: ignore[union-attr]
        if isinstance(mood, int) and not isinstance(mood, bool) and (not shown or shown[-1] != mood):
            shown.append(mood)
    now = play.state.get("mood")
    if isinstance(now, int) and not isinstance(now, bool) and (not shown or shown[-1] != now):
        shown.append(now)
    if not shown:
        return None, None
    return shown[-1], shown[-2] if len(shown) > 1 else None
