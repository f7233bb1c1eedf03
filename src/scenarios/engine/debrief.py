"""The debrief: the trainee's path beside the ideal one, scores, ending, reflection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios.engine.views import Beat, Result
from scenarios.story.model import DIMENSIONS, Outcome, Story
from scenarios.story.text import Text


@dataclass(frozen=True)
class Score:
    """Points on one dimension: what the trainee got and what the whole ideal path gives."""

    dimension: str
    got: int
    ideal: int


@dataclass(frozen=True)
class Debrief:
    """Everything a trainee (or a facilitator) reviews after a playthrough."""

    story_id: str
    title: Text
    decisions: tuple[Result, ...]
    scores: tuple[Score, ...]
    solution_focused: int
    ending_node: str | None
    outcome: Outcome | None
    ending_lines: tuple[Text, ...]
    dead_end: bool
    reflection: tuple[Text, ...]
    seconds: float

    @property
    def total(self) -> int:
        """How many choices were made."""
        return len(self.decisions)

    @property
    def solution_focused_share(self) -> float:
        """The share of solution-focused choices, 0.0-1.0 (1.0 when none were made)."""
        return self.solution_focused / self.total if self.total else 1.0

    @property
    def ideal_count(self) -> int:
        """How many choices were the ideal one."""
        return sum(1 for decision in self.decisions if decision.is_ideal)

    def to_dict(self, language: str = "fi", fallbacks: tuple[str, ...] = ()) -> dict[str, Any]:
        """A JSON-ready form, with texts in `language`."""

        def text(value: Text | None) -> str | None:
            return None if value is None else value.get_text(language, fallbacks)

        return {
            "story": self.story_id,
            "title": text(self.title),
            "ending": self.ending_node,
            "outcome": self.outcome.value if self.outcome else None,
            "dead_end": self.dead_end,
            "decisions": [
                {
                    "node": d.node,
                    "kind": d.kind,
                    "chosen": d.option_id,
                    "chosen_text": text(d.text),
                    "ideal": d.ideal_option_id,
                    "ideal_text": text(d.ideal_text),
                    "is_ideal": d.is_ideal,
                    "solution_focused": d.solution_focused,
                    "feedback": text(d.feedback),
                    "model_answer": text(d.model_answer),
                    "points": dict(d.points),
                    "seconds": round(d.seconds, 3),
                    **({} if d.own is None else {"own_reply": _own(d)}),
                }
                for d in self.decisions
            ],
            "scores": {
                "solution_focused": {"got": self.solution_focused, "of": self.total},
                **{s.dimension: {"got": s.got, "ideal": s.ideal} for s in self.scores},
            },
            "solution_focused_share": round(self.solution_focused_share, 4),
            "reflection": [text(q) for q in self.reflection],
            "seconds": round(self.seconds, 3),
        }


def _own(result: Result) -> dict[str, Any]:
    """The trainee's own reply at a decision, with the rubric's ids as marked (after their corrections)."""
    assert result.own is not None
    own = result.own
    return {"text": own.text, "marked": sorted(own.marked), "found": list(own.found), "corrected": list(own.corrected)}


def build_debrief(
    story: Story, history: list[Result], beat: Beat, started_at: float, ideal_path: dict[str, int]
) -> Debrief:
    """Assemble the debrief from the choices made, where the story stands and the points
    of the whole ideal path (not only of the decisions the trainee met)."""
    scores = tuple(Score(name, sum(r.points[name] for r in history), ideal_path[name]) for name in DIMENSIONS)
    ended = beat.ending is not None
    return Debrief(
        story_id=story.id,
        title=story.title,
        decisions=tuple(history),
        scores=scores,
        solution_focused=sum(1 for r in history if r.solution_focused),
        ending_node=beat.node if ended else None,
        outcome=beat.ending,
        ending_lines=tuple(line.text for line in beat.lines if line.text is not None) if ended else (),
        dead_end=beat.dead_end,
        reflection=story.reflection_questions,
        seconds=(history[-1].at - started_at) if history else 0.0,
    )
