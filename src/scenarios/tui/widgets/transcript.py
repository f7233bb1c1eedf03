"""What was said and done, drawn the way each channel looks: desk, phone, email or chat."""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from scenarios.engine import Beat, Result
from scenarios.i18n.present import lines_channel, speaker_label
from scenarios.story.model import Story

_ASIDE = ("narrator", "colleague")
_REPLY_PREFIXES = ("re:", "vs:", "sv:", "aw:")
Tr = Callable[..., str]
StoryText = Callable[[object], str]


class Transcript:
    """Builds the widgets of one playthrough's transcript for a story's channel.

    `tr` gives catalog strings, `text` a story text, both in the trainee's language.
    """

    def __init__(self, story: Story, language: str, tr: Tr, text: StoryText) -> None:
        self.story = story
        self.language = language
        self.tr = tr
        self.text = text
        self.subject: str | None = None
        self.sender: str | None = None
        self.last_body = ""

    def beat(self, beat: Beat) -> list[Widget]:
        """The lines of a beat (and an incoming email's header)."""
        widgets: list[Widget] = []
        if beat.returned:
            return widgets
        channel = lines_channel(self.story, beat.node)
        if channel == "email" and (beat.email is not None or self.sender is not None):
            if beat.email is not None:
                self.sender = self.text(beat.email.sender)
                self.subject = self.text(beat.email.subject)
            mail = [line for line in beat.lines if line.text is not None and line.speaker not in _ASIDE]
            if mail:
                reply = beat.email is None
                widgets.append(self._email([self.text(line.text) for line in mail if line.text], reply=reply))
            lines = [line for line in beat.lines if line not in mail]
        else:
            lines = list(beat.lines)
        for line in lines:
            widgets.extend(self._line(line.speaker, line.text, line.cue, channel))
        return widgets

    def choice(self, result: Result) -> list[Widget]:
        """What the trainee said or did, and what came of it."""
        widgets: list[Widget] = []
        said = self.text(result.text)
        channel = lines_channel(self.story, result.node)
        if result.kind == "action":
            widgets.append(_static(Content.assemble((f"▶ {self.tr('tui.play.you_did')} ", "bold"), said), "action"))
        elif channel == "email":
            widgets.append(self._reply(said))
        elif channel == "chat":
            widgets.append(_bubble(Content.assemble((f"{self.tr('tui.play.you')}\n", "bold"), said), "you"))
        else:
            widgets.append(_static(Content.assemble((f"{self.tr('tui.play.you')}: ", "bold"), said), "you"))
        if result.result is not None:
            widgets.append(_static(Content.assemble("→ ", self.text(result.result)), "result"))
        return widgets

    # --- per channel -----------------------------------------------------------------
    def _line(self, speaker: str, text: object | None, cue: object | None, channel: str) -> list[Widget]:
        who = speaker_label(self.story, speaker, self.language)
        narrator = speaker == "narrator"
        widgets: list[Widget] = []
        if text is not None:
            said = self.text(text)
            if narrator:
                widgets.append(_static(Content(said), "narrator"))
            elif channel == "chat":
                widgets.append(_bubble(Content.assemble((f"{who}\n", "bold"), said), "them"))
            elif channel == "phone":
                label = self.tr("tui.play.on_the_line", who=who)
                widgets.append(_static(Content.assemble((f"{label}: ", "bold"), said), "them"))
            else:
                widgets.append(_static(Content.assemble((f"{who}: ", "bold"), said), "them"))
        if cue is not None:
            widgets.append(self._cue(self.text(cue), channel))
        return widgets

    def _cue(self, cue: str, channel: str) -> Widget:
        # Only the desk shows body language; on the phone a cue is what is heard.
        key = {"desk": "tui.play.cue_seen", "phone": "tui.play.cue_heard"}.get(channel, "tui.play.cue")
        return _static(Content.assemble((f"{self.tr(key)} ", "bold"), (cue, "italic")), "cue")

    def _email(self, body: list[str], *, reply: bool) -> Widget:
        subject = self.tr("tui.email.re", subject=self.subject or "") if reply else self.subject or ""
        self.last_body = "\n\n".join(body)
        parts: list[str | tuple[str, str]] = [
            (f"{self.tr('tui.email.from')} ", "bold"),
            self.sender or "",
            "\n",
            (f"{self.tr('tui.email.subject')} ", "bold"),
            subject,
            "\n\n",
            self.last_body,
        ]
        return _static(Content.assemble(*parts), "email")

    def _reply(self, said: str) -> Widget:
        subject = self.subject or ""
        if not subject.casefold().startswith(_REPLY_PREFIXES):
            subject = self.tr("tui.email.re", subject=subject)
        parts: list[str | tuple[str, str]] = [
            (f"{self.tr('tui.email.to')} ", "bold"),
            self.sender or "",
            "\n",
            (f"{self.tr('tui.email.subject')} ", "bold"),
            subject,
            "\n\n",
            said,
            "\n\n",
        ]
        if self.last_body:
            parts.append(("\n".join(f"> {line}" for line in self.last_body.splitlines()), "dim"))
        return _static(Content.assemble(*parts), "email reply")


def _static(content: Content, classes: str) -> Static:
    return Static(content, classes=f"entry {classes}", markup=False)


def _bubble(content: Content, side: str) -> Widget:
    """A chat message: a bordered bubble, the customer's on the left, yours on the right."""
    return Horizontal(_static(content, f"bubble {side}"), classes=f"bubble-row {side}")
