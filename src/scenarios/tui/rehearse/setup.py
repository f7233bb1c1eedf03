"""Rehearsal setup: the team, the participants (and groups), the stories, the discussion time."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from scenarios.i18n.catalog import in_language, moment_text
from scenarios.rehearsal import COUNTS, TIMEBOXES, TURNS, Participants, Session, birth_month_groups, random_groups
from scenarios.rehearsal.station_saves import KIND as STATION_KIND
from scenarios.rehearsal.timer import MAX_MINUTES
from scenarios.story.library import StoryInfo
from scenarios.tui.messages import LanguageChanged, ShowRun
from scenarios.tui.rehearse.base import OrderedInput, Run, binding, field_keys, localize
from scenarios.tui.rehearse.station_setup import STATIONS, STORY, StationFields, resume_stations, start_stations
from scenarios.tui.widgets.keys_footer import KeysFooter
from scenarios.tui.widgets.marks import MarkedCheckbox, MarkedSelectionList
from scenarios.visible import visible

if TYPE_CHECKING:
    from scenarios.tui.app import ScenariosApp


def parse_participants(raw: str) -> tuple[Participants, dict[str, int]] | None:
    """`8`, or `Aino, Bo`, or `Aino:3, Bo:11` (birth months); None when it cannot be read.
    Control characters in a name are kept as visible escapes, never handed to the terminal."""
    raw = visible(raw, one_line=True).strip()
    if not raw:
        return Participants(), {}
    if raw.isdigit():
        return Participants.of(count=int(raw)), {}
    names, months = [], {}
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        name, _, month = part.rpartition(":") if ":" in part else (part, "", "")
        name = name.strip()
        if month:
            if not month.strip().isdigit() or not 1 <= int(month) <= 12 or not name:
                return None
            months[name] = int(month)
        names.append(name)
    return Participants.of(names=names), months


class RehearseSetupScreen(Screen[None]):
    """Choose the stories and describe the team; or continue an interrupted session."""

    CSS_PATH = "rehearse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [binding("ctrl+q", "app.quit", "quit", priority=True), *field_keys()]

    app: ScenariosApp

    def compose(self) -> ComposeResult:
        """The form."""
        app = self.app
        # One screen without scrolling, even at 80×24: one-line fields, the story list takes the height left,
        # and the Start button is always in sight.
        with Vertical(id="rehearse-setup"):
            yield Static(Content(app.tr("rehearsal.tui.setup")), classes="rehearse-title")
            for record in app.rehearsals.interrupted()[:3]:
                date = moment_text(record.created_at, app.language)
                label = app.tr("rehearsal.tui.resume", team=visible(record.team, one_line=True) or "—", date=date,
                               phase=app.tr(f"rehearsal.phase.{record.phase}"))  # fmt: skip
                yield Button(Content(label), id=f"resume-{record.id}", classes="resume", compact=True)
            with Horizontal(classes="setup-row"):
                yield Label(Content(app.tr("stations.setup.kind")), classes="setup-label")
                yield Select(
                    [(app.tr(f"stations.setup.kind.{kind}"), kind) for kind in (STORY, STATIONS)],
                    value=STATIONS if app.rehearsal_options.stations else STORY,
                    allow_blank=False,
                    id="session-kind",
                    compact=True,
                )
            with Horizontal(classes="setup-row"):
                yield Label(Content(app.tr("rehearsal.tui.team")), classes="setup-label")
                yield OrderedInput(id="team", compact=True)
            with Horizontal(classes="setup-row"):
                yield Label(Content(app.tr("rehearsal.tui.participants")), classes="setup-label")
                yield OrderedInput(id="participants", compact=True)
                yield Label(Content(app.tr("rehearsal.tui.groups")), classes="setup-label short", id="groups-label")
                yield OrderedInput(id="groups", type="integer", compact=True, classes="short", valid_empty=True)
            yield Static(Content(app.tr("rehearsal.tui.participants_help")), classes="hint setup-help")
            yield StationFields(id="station-fields")
            yield Label(Content(app.tr("rehearsal.tui.plan")), classes="setup-plan-label", id="plan-label")
            yield MarkedSelectionList(
                *(
                    Selection(
                        Content(self._story_label(info, 1 if info.id == app.rehearsal_options.preselect else None)),
                        info.id,
                        info.id == app.rehearsal_options.preselect,
                        id=info.id,
                    )
                    # metadata only: the chosen stories load at the start; those in the app's language first
                    for info in sorted(app.library.infos, key=lambda info: info.language(app.language) != app.language)
                ),
                id="plan",
                compact=True,
            )
            yield Static(Content(self._order_text()), id="order")
            with Horizontal(classes="setup-row", id="story-options"):
                yield Label(Content(app.tr("rehearsal.tui.minutes")), classes="setup-label")
                yield OrderedInput(str(TIMEBOXES[0]), id="minutes", compact=True, classes="short",
                            max_length=3)  # fmt: skip
                yield Label(Content(app.tr("rehearsal.tui.mode")), classes="setup-label short")
                yield Select(
                    [(app.tr(f"rehearsal.tui.mode.{m}"), m) for m in (COUNTS, TURNS)],
                    value=COUNTS,
                    allow_blank=False,
                    id="mode",
                    compact=True,
                )
            with Horizontal(classes="setup-row", id="phone-options"):
                yield MarkedCheckbox(app.tr("rehearsal.phones.open"), app.rehearsal_options.phones is not None,
                               id="phones", compact=True)  # fmt: skip
                yield MarkedCheckbox(app.tr("rehearsal.phones.typed_names"), id="typed-names", compact=True)
            with Horizontal(classes="setup-row", id="room-words-row"):
                # Own words first: participants write their own reply on their phones before the options.
                yield MarkedCheckbox(app.tr("rehearsal.phones.own_words"), id="room-words", compact=True)
            yield Static("", id="setup-error", markup=False)
            yield Button(app.tr("rehearsal.tui.start"), id="start", variant="primary", compact=True)
        yield KeysFooter(show_command_palette=False)  # its room goes to the session's keys

    def _order_text(self) -> str:
        """The picked stories in the order they will be played."""
        plan = self.query("#plan")
        chosen = list(plan.first(SelectionList).selected) if plan else [self.app.rehearsal_options.preselect]
        titles = {info.id: info.text(info.title, self.app.language) for info in self.app.library.infos}
        picked = [titles[story_id] for story_id in chosen if story_id in titles]
        if not picked:
            return self.app.tr("rehearsal.tui.order_none")
        order = "  ".join(f"{number}. {title}" for number, title in enumerate(picked, start=1))
        return self.app.tr("rehearsal.tui.order", stories=order)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        """A story picked or dropped: the play order again, in the list and below it."""
        self.query_one("#order", Static).update(Content(self._order_text()))
        plan = event.selection_list
        places = {story_id: number for number, story_id in enumerate(plan.selected, start=1)}
        for info in self.app.library.infos:
            plan.replace_option_prompt(info.id, Content(self._story_label(info, places.get(info.id))))

    def _story_label(self, info: StoryInfo, place: int | None = None) -> str:
        """A story in the plan list; a picked one begins with its place in the play order."""
        channel = self.app.tr(f"channel.{info.channel}")
        order = f"{place}. " if place is not None else "   "
        label = f"{order}{info.text(info.title, self.app.language)} · {channel} · {info.minutes} min"
        shown = info.language(self.app.language)
        if shown != self.app.language:
            label += f" · {in_language(shown, self.app.language)}"
        if info.origin.notable:
            label += f" · {info.origin.label(self.app.language, short=True)}"
        return label

    def on_mount(self) -> None:
        """Words in the trainee's language; the focus where the facilitator starts; a story asked for on the
        command line highlighted and scrolled into view in the plan (it may be far down a long library)."""
        localize(self, self.app.language)
        self.show_kind()
        self.focus_first()
        preselect = self.app.rehearsal_options.preselect
        plan = self.query_one("#plan", SelectionList)
        if preselect is not None and preselect in plan.selected:
            plan.highlighted = plan.get_option_index(preselect)
            self.call_after_refresh(plan.scroll_to_highlight)

    def on_select_changed(self, event: Select.Changed) -> None:
        """A story session or a station rotation: show the fields that one needs."""
        if event.select.id == "session-kind":
            self.show_kind()

    def show_kind(self) -> None:
        """The station fields for a rotation; the stories, discussion time and vote mode for a story session."""
        stations = self.query_one("#session-kind", Select).value == STATIONS
        self.query_one("#station-fields").display = stations
        # What an empty groups field means differs: no groups in a story session, four in a rotation.
        groups = self.app.tr("stations.setup.groups") if stations else self.app.tr("rehearsal.tui.groups")
        self.query_one("#groups-label", Label).update(Content(groups))
        # What only a story session needs (phones serve both: votes and notes, or the keepers' grids).
        for widget in self.query("#plan-label, #plan, #order, #story-options, #room-words-row"):
            widget.display = not stations

    def focus_first(self) -> None:
        """A stored session to continue if there is one, else the team name."""
        resume = self.query("Button.resume")
        self.set_focus(resume.first() if resume else self.query_one("#team", Input))

    async def on_screen_resume(self) -> None:
        """Back from a session (F1): offer it for resume at once."""
        if self.is_mounted and len(self.query("Button.resume")) != len(self.app.rehearsals.interrupted()[:3]):
            await self.redraw()

    async def on_language_changed(self, message: LanguageChanged) -> None:
        """The trainee switched the language in the settings: the same form in the new words."""
        localize(self, message.language)
        await self.redraw()

    async def redraw(self) -> None:
        """Compose the form again (new words, the stored sessions as they are now), keeping what was typed."""
        fields = ("team", "participants", "groups", "minutes")
        values = {name: self.query_one(f"#{name}", Input).value for name in fields}
        chosen = list(self.query_one("#plan", SelectionList).selected)
        mode = self.query_one("#mode", Select).value
        ticked = {name: self.query_one(f"#{name}", Checkbox).value for name in ("phones", "typed-names", "room-words")}
        kind = self.query_one("#session-kind", Select).value
        station_values = [self.query_one(f"#{name}", Input).value for name in ("keepers", "round-minutes")]
        await self.recompose()
        for box, on in ticked.items():
            self.query_one(f"#{box}", Checkbox).value = on
        self.query_one("#session-kind", Select).value = kind
        for name, value in zip(("keepers", "round-minutes"), station_values, strict=True):
            self.query_one(f"#{name}", Input).value = value
        self.show_kind()
        for name, value in values.items():
            self.query_one(f"#{name}", Input).value = value
        plan = self.query_one("#plan", SelectionList)
        for story_id in chosen:
            plan.select(story_id)
        self.query_one("#mode", Select).value = mode
        self.query_one("#order", Static).update(Content(self._order_text()))
        self.focus_first()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start a new session or continue a stored one."""
        button = event.button.id or ""
        if button == "start":
            self.start()
        elif button.startswith("resume-"):
            await self.resume(int(button.removeprefix("resume-")))

    def error(self, key: str, **params: object) -> None:
        """Say what to fix."""
        self.query_one("#setup-error", Static).update(Content(self.app.tr(key, **params)))

    def start(self) -> None:
        """Check the form, store the new session and open its first decision."""
        app = self.app
        plan = [app.library.get(story_id) for story_id in self.query_one("#plan", SelectionList).selected]
        stories = [story for story in plan if story is not None]
        stations = self.query_one("#session-kind", Select).value == STATIONS
        if not stories and not stations:
            self.error("rehearsal.tui.error.no_stories")
            return
        parsed = parse_participants(self.query_one("#participants", Input).value)
        if parsed is None:
            self.error("rehearsal.tui.error.participants")
            return
        participants, months = parsed
        repeated = participants.duplicates()
        if repeated:
            self.error("rehearsal.tui.error.duplicates", names=", ".join(repeated))
            return
        raw_groups = self.query_one("#groups", Input).value.strip()
        if raw_groups and (not raw_groups.isdigit() or int(raw_groups) < 1):
            self.error("rehearsal.tui.error.groups")
            return
        seed = app.seed if app.seed is not None else random.randrange(1 << 30)
        if stations:
            phones, typed = (self.query_one(f"#{name}", Checkbox).value for name in ("phones", "typed-names"))
            problem = start_stations(self, participants, months, raw_groups, seed, phones=phones, typed_names=typed)
            if problem is not None:
                self.error(problem)
            return
        raw_minutes = self.query_one("#minutes", Input).value.strip() or str(TIMEBOXES[0])
        try:  # "0,5" is half a minute (a Finnish keyboard's decimal comma), never five
            minutes = float(raw_minutes.replace(",", "."))
        except ValueError:
            minutes = float("nan")
        if not 0 < minutes <= MAX_MINUTES:  # also refuses nan
            self.error("rehearsal.tui.error.minutes", max=MAX_MINUTES)
            return
        own_words = self.query_one("#room-words", Checkbox).value  # the replies come from phones: they open too
        groups: list[list[str]] = []
        if raw_groups:
            people = participants.voters(lambda n: app.tr("rehearsal.participant", number=n))
            if months and len(months) == len(people):
                groups = birth_month_groups(months, int(raw_groups))
            else:
                groups = random_groups(people, int(raw_groups), seed)
        session = Session.new(
            stories,
            team=visible(self.query_one("#team", Input).value.strip(), one_line=True),
            participants=participants,
            groups=groups,
            language=app.language,
            seed=seed,
            discussion_seconds=round(60.0 * minutes),
            vote_mode=str(self.query_one("#mode", Select).value),
            own_words=own_words,
            clock=app.clock,
        )
        records = app.rehearsals.stories
        session_id = records.start(session)
        session.start()
        phones, typed = (self.query_one(f"#{name}", Checkbox).value for name in ("phones", "typed-names"))
        self.post_message(ShowRun(Run(session, session_id, records), phones=phones or own_words, typed_names=typed))

    async def resume(self, session_id: int) -> None:
        """Continue a stored session where it stopped (its timer waits, paused)."""
        from scenarios.phones.access import has_access
        from scenarios.rehearsal import SessionSaveError
        from scenarios.tui.screens.message import MessageScreen

        rehearsals = self.app.rehearsals
        record = rehearsals.get(session_id)
        phones = self.query_one("#phones", Checkbox).value
        if record is not None and record.kind == STATION_KIND:
            reason = resume_stations(self.app, session_id, phones=phones)
            if reason is not None:
                self.app.push_screen(MessageScreen(reason))
                await self.redraw()
            return
        try:
            session = rehearsals.stories.resume(session_id, self.app.library.get, clock=self.app.clock)
        except (KeyError, SessionSaveError) as error:
            rehearsals.stories.abandon(session_id)
            reason = (
                self.app.tr(f"rehearsal.save.{error.code}", **error.params)
                if isinstance(error, SessionSaveError)
                else self.app.tr("rehearsal.save.corrupt")
            )
            self.app.push_screen(MessageScreen(reason))
            await self.redraw()
            return
        # The same link and code as before: the phones come back.
        reopen = phones or has_access(self.app.store, session_id)
        self.post_message(ShowRun(Run(session, session_id, rehearsals.stories), phones=reopen))
