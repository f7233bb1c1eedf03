"""The tiny, safe language of conditions and effects. Parsed by hand; nothing is eval'ed.

Conditions:  `flag`, `not flag`, `mood >= 0`, `a and (b or not c)`.
Effects:     `mood += 1`, `mood -= 2`, `mood = 0`, `flag = yes`.

Each source text is parsed once (the parsers keep what they parsed), and a condition can be
compiled into a plain function of the state for the engine. The language has limits, so no
story can exhaust the stack or the arithmetic: `MAX_LENGTH` characters, `MAX_DEPTH` nested
brackets or `not`s, literals of at most `MAX_DIGITS` digits within ±2⁶³, and story
variables that stay within ±`VALUE_LIMIT` (the engine clamps effects there).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Value = int | bool
Kinds = Mapping[str, type]  # variable name -> int or bool
Check = Callable[[Mapping[str, Value]], bool]  # a compiled condition

MAX_LENGTH = 500  # characters in one condition or effect
MAX_DEPTH = 32  # brackets and `not`s nested in one another
MAX_DIGITS = 19  # in a number literal; 2**63 has 19 digits
LITERAL_LIMIT = 2**63  # number literals lie in -2**63 ... 2**63 - 1
VALUE_LIMIT = 10**6  # story variables (and so their effects) stay within ±VALUE_LIMIT

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_TOKEN = re.compile(
    r"\s*(?:(?P<num>[-+]?\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<wrong>=>|=<|=!|<>|&&|\|\||[&|]|!(?!=))|(?P<op>==|!=|<=|>=|\+=|-=|[<>=()]))"
)
_TRUE = {"yes", "true", "on"}
_FALSE = {"no", "false", "off"}
_KEYWORDS = {"and", "or", "not"}
# What authors write from other languages (programming, or their own) for the language's operators.
_WRONG_OPERATORS = {
    "=>": ">=",
    "=<": "<=",
    "=!": "!=",
    "<>": "!=",
    "&&": "and",
    "&": "and",
    "||": "or",
    "|": "or",
    "!": "not",
}
_WRONG_WORDS = {"ja": "and", "tai": "or", "ei": "not"}  # Finnish authors' own words


class ExprError(ValueError):
    """A condition or effect that is not valid. `code` names the message in the catalog.

    `at` is where in the source the problem is (the offending token; the end when something is
    missing), and `fix` the text that would mend it there (replacing the token), when one is certain.
    """

    def __init__(self, code: str, *, at: int | None = None, fix: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.at = at
        self.fix = fix


@dataclass(frozen=True)
class Var:
    """A variable read in a condition."""

    name: str


@dataclass(frozen=True)
class Const:
    """A literal number or yes/no."""

    value: Value


@dataclass(frozen=True)
class Not:
    """Negation."""

    operand: Condition


@dataclass(frozen=True)
class BoolOp:
    """`and` / `or` over two or more operands."""

    op: Literal["and", "or"]
    operands: tuple[Condition, ...]


@dataclass(frozen=True)
class Compare:
    """A comparison of two integer terms."""

    op: str
    left: Var | Const
    right: Var | Const


Condition = Var | Const | Not | BoolOp | Compare


@dataclass(frozen=True)
class Effect:
    """One change to the state: `name op value` with op one of `=`, `+=`, `-=`."""

    name: str
    op: Literal["=", "+=", "-="]
    value: Value


def _tokenize(source: str) -> tuple[list[str], list[int]]:
    """The tokens of `source` and where each starts."""
    if len(source) > MAX_LENGTH:
        raise ExprError("expr_too_long", length=len(source), limit=MAX_LENGTH)
    tokens: list[str] = []
    starts: list[int] = []
    position = 0
    source = source.rstrip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if not match:
            at = len(source[:position]) + len(source[position:]) - len(source[position:].lstrip())
            raise ExprError("expr_bad_char", at=at, char=source[at : at + 1])
        kind = match.lastgroup or ""
        token, start = match.group(kind), match.start(kind)
        if kind == "wrong":
            raise ExprError("expr_operator", at=start, fix=_WRONG_OPERATORS[token], token=token)
        tokens.append(token)
        starts.append(start)
        position = match.end()
    return tokens, starts


def _literal(token: str, at: int | None = None) -> Value | None:
    lowered = token.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    if _NUMBER.fullmatch(token):
        digits = token.lstrip("+-")
        if len(digits) > MAX_DIGITS:
            raise ExprError("expr_number_too_big", at=at, number=f"{token[:12]}…", value_limit=VALUE_LIMIT)
        value = int(token)
        if not -LITERAL_LIMIT <= value < LITERAL_LIMIT:
            raise ExprError("expr_number_too_big", at=at, number=token, value_limit=VALUE_LIMIT)
        return value
    return None


_NUMBER = re.compile(r"[-+]?\d+")
_NAME = re.compile(r"[A-Za-z_]\w*")


class _Parser:
    def __init__(self, source: str, kinds: Kinds) -> None:
        self.tokens, self.starts = _tokenize(source)
        self.end = len(source.rstrip())
        self.index = 0
        self.kinds = kinds
        self.depth = 0  # brackets and `not`s open around the current token

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def here(self, index: int | None = None) -> int:
        """Where the token at `index` (default: the next one) starts; the end when there is none."""
        index = self.index if index is None else index
        return self.starts[index] if index < len(self.starts) else self.end

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ExprError("expr_incomplete", at=self.end)
        self.index += 1
        return token

    def condition(self) -> Condition:
        node = self.disjunction()
        if self.peek() is not None:
            self.misplaced()
        return node

    def misplaced(self) -> None:
        """Say what is wrong with the next token, which cannot follow what came before it."""
        token, at = self.peek() or "", self.here()
        if token == "=":
            raise ExprError("expr_single_equals", at=at, fix="==", token=token)
        if token not in self.kinds:
            if token.lower() in _KEYWORDS:
                raise ExprError("expr_keyword_case", at=at, fix=token.lower(), token=token)
            if token.lower() in _WRONG_WORDS:
                raise ExprError("expr_operator", at=at, fix=_WRONG_WORDS[token.lower()], token=token)
        if token == ")":
            raise ExprError("expr_unopened", at=at, token=token)
        if token == "(" or _literal(token, at) is not None or _NAME.fullmatch(token):
            raise ExprError("expr_missing_operator", at=at, token=token)
        raise ExprError("expr_unexpected", at=at, token=token)

    def disjunction(self) -> Condition:
        operands = [self.conjunction()]
        while self.peek() == "or":
            self.take()
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def conjunction(self) -> Condition:
        operands = [self.negation()]
        while self.peek() == "and":
            self.take()
            operands.append(self.negation())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def negation(self) -> Condition:
        if self.peek() == "not":
            start = self.index
            self.take()
            self._deeper()
            operand = self.negation()
            self.depth -= 1
            self._expect_flag(operand, start + 1)
            return Not(operand)
        return self.comparison()

    def comparison(self) -> Condition:
        if self.peek() == "(":
            opened = self.here()
            self.take()
            self._deeper()
            inner = self.disjunction()
            if self.peek() is None:
                raise ExprError("expr_unclosed", at=opened)
            if self.peek() != ")":
                self.misplaced()
            self.take()
            self.depth -= 1
            return inner
        start = self.index
        left = self.term()
        if self.peek() in COMPARISONS:
            at = self.here()
            op = self.take()
            right = self.term()
            for side in (left, right):
                if self._kind(side) is not int and op not in ("==", "!="):
                    raise ExprError("expr_compare_flag", at=at, op=op)
            if self._kind(left) is not self._kind(right):
                raise ExprError("expr_compare_kinds", at=at)
            return Compare(op, left, right)
        if self.peek() not in (None, "and", "or", ")"):
            self.misplaced()
        self._expect_flag(left, start)
        return left

    def term(self) -> Var | Const:
        at = self.here()
        token = self.take()
        literal = _literal(token, at)
        if literal is not None:
            return Const(literal)
        if token not in self.kinds:
            if token.lower() in _KEYWORDS and token not in _KEYWORDS:
                raise ExprError("expr_keyword_case", at=at, fix=token.lower(), token=token)
            if token.lower() == "ei":  # `ei` begins a condition where `not` would
                raise ExprError("expr_operator", at=at, fix="not", token=token)
        if token in _KEYWORDS or not _NAME.fullmatch(token):
            raise ExprError("expr_unexpected", at=at, token=token)
        if token not in self.kinds:
            raise ExprError("expr_undeclared", at=at, name=token, known=sorted(self.kinds))
        return Var(token)

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("expr_too_deep", at=self.here(self.index - 1), limit=MAX_DEPTH)

    def _kind(self, node: Condition) -> type:
        if isinstance(node, Var):
            return self.kinds[node.name]
        if isinstance(node, Const):
            return bool if isinstance(node.value, bool) else int
        return bool

    def _expect_flag(self, node: Condition, index: int) -> None:
        if self._kind(node) is not bool:
            name = node.name if isinstance(node, Var) else str(node)
            raise ExprError("expr_int_as_flag", at=self.here(index), name=name)


def parse_condition(source: str, kinds: Kinds) -> Condition:
    """Parse a condition against the declared variable kinds, or raise `ExprError`.

    A source parsed before against the same kinds is not parsed again."""
    return _parsed_condition(source, tuple(kinds.items()))


def parse_effect(source: str, kinds: Kinds) -> Effect:
    """Parse one effect against the declared variable kinds, or raise `ExprError`.

    A source parsed before against the same kinds is not parsed again."""
    return _parsed_effect(source, tuple(kinds.items()))


# Parsed results are immutable, so they are shared; errors are not kept (each call raises anew).
@lru_cache(maxsize=8192)
def _parsed_condition(source: str, kinds: tuple[tuple[str, type], ...]) -> Condition:
    if not source.strip():
        raise ExprError("expr_empty")
    return _Parser(source, dict(kinds)).condition()


@lru_cache(maxsize=8192)
def _parsed_effect(source: str, kinds_items: tuple[tuple[str, type], ...]) -> Effect:
    kinds = dict(kinds_items)
    arithmetic = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*([+-])\s*(\d+)\s*", source)
    if arithmetic:  # `mood + 1`: the author means to change the value
        name, sign, number = arithmetic.groups()
        raise ExprError("effect_arithmetic", at=arithmetic.start(2), suggestion=f"{name} {sign}= {number}")
    stepped = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*(\+\+|--)\s*", source)
    if stepped:  # `mood++`, as in programming languages
        name, twice = stepped.groups()
        raise ExprError("effect_arithmetic", at=stepped.start(2), suggestion=f"{name} {twice[0]}= 1")
    # `mood =+ 1` (and `mood =- 1`, with a space after the sign) swap the two characters of `+=`/`-=`.
    swapped = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*(=\+\s*|=-\s+)(\d+)\s*", source)
    if swapped:
        name, op, number = swapped.groups()
        raise ExprError(
            "effect_swapped",
            at=swapped.start(2),
            op=op.strip(),
            fixed=f"{op[1]}=",
            suggestion=f"{name} {op[1]}= {number}",
        )
    try:
        tokens, starts = _tokenize(source)
    except ExprError as error:
        if error.code == "expr_bad_char":
            raise ExprError("effect_bad_char", at=error.at, char=error.params["char"]) from None
        if error.code == "expr_operator":
            raise ExprError("effect_shape", at=error.at) from None
        raise
    if len(tokens) != 3 or tokens[1] not in ("=", "+=", "-="):
        if len(tokens) == 3 and tokens[1] == "==":  # a comparison written where a value is set
            suggestion = f"{tokens[0]} = {tokens[2]}"
            raise ExprError("effect_shape", at=starts[1], suggestion=suggestion)
        wrong = next((i for i, token in enumerate(tokens) if i == 1 and token not in ("=", "+=", "-=")), None)
        raise ExprError("effect_shape", at=starts[wrong] if wrong is not None else None)
    name, op, raw = tokens
    if name not in kinds:
        raise ExprError("expr_undeclared", at=starts[0], name=name, known=sorted(kinds))
    value = _literal(raw, starts[2])
    if value is None:
        raise ExprError("effect_value", at=starts[2], value=raw)
    kind = kinds[name]
    if kind is bool and (op != "=" or not isinstance(value, bool)):
        raise ExprError("effect_flag", at=starts[1] if op != "=" else starts[2], name=name)
    if kind is int and isinstance(value, bool):
        raise ExprError("effect_int", at=starts[2], name=name)
    return Effect(name, op, value)  # type: ignore[arg-type]


def repaired(source: str, parse: Callable[[str, Kinds], object], kinds: Kinds) -> str | None:
    """`source` with every certain fix applied (`=>` to `>=`, `=` to `==`, `AND` to `and`, ...), when it
    then parses; None when no such fix mends it."""
    for _ in range(8):
        try:
            parse(source, kinds)
        except ExprError as error:
            if error.fix is None or error.at is None:
                return None
            token = str(error.params.get("token", ""))
            before, after = source[: error.at].rstrip(), source[error.at + len(token) :].lstrip()
            source = " ".join(part for part in (before, error.fix, after) if part)
            continue
        return source
    return None


def evaluate(condition: Condition, state: Mapping[str, Value]) -> bool:
    """Evaluate a parsed condition in a state that declares every variable it reads.

    This walks the tree at every call; the engine runs `compile_condition`'s function instead."""
    return bool(_value(condition, state))


def _value(node: Condition, state: Mapping[str, Value]) -> Value:
    if isinstance(node, Var):
        return state[node.name]
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Not):
        return not _value(node.operand, state)
    if isinstance(node, BoolOp):
        results = (_value(operand, state) for operand in node.operands)
        return all(results) if node.op == "and" else any(results)
    left, right = _value(node.left, state), _value(node.right, state)
    return {
        "==": left == right,
        "!=": left != right,
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
    }[node.op]


_OPERATORS: dict[str, Callable[[Value, Value], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compile_condition(condition: Condition) -> Check:
    """A function of the state that evaluates `condition` as `evaluate` does, without walking the tree."""
    check = _compiled(condition)
    if isinstance(condition, (Var, Const)):  # a flag read alone: its value, made a bool
        return lambda state: bool(check(state))
    return check  # type: ignore[return-value]  # comparisons, `not`, `and` and `or` give bools


def _compiled(node: Condition) -> Callable[[Mapping[str, Value]], Value]:
    if isinstance(node, Var):
        name = node.name
        return lambda state: state[name]
    if isinstance(node, Const):
        value = node.value
        return lambda _state: value
    if isinstance(node, Not):
        inner = _compiled(node.operand)
        return lambda state: not inner(state)
    if isinstance(node, BoolOp):
        parts = tuple(_compiled(operand) for operand in node.operands)
        # Every operand is a yes/no (the parser makes sure), so `and`/`or` give bools, as all()/any() do.
        if len(parts) == 2:
            first, second = parts
            if node.op == "and":
                return lambda state: first(state) and second(state)
            return lambda state: first(state) or second(state)
        if node.op == "and":
            return lambda state: all(part(state) for part in parts)
        return lambda state: any(part(state) for part in parts)
    compare = _OPERATORS[node.op]
    left, right = node.left, node.right
    if isinstance(left, Var) and isinstance(right, Const):  # the usual shape: `mood >= 0`
        name, value = left.name, right.value
        return lambda state: compare(state[name], value)
    read_left, read_right = _compiled(left), _compiled(right)
    return lambda state: compare(read_left(state), read_right(state))


def variables(condition: Condition) -> set[str]:
    """The names a condition reads."""
    if isinstance(condition, Var):
        return {condition.name}
    if isinstance(condition, Const):
        return set()
    if isinstance(condition, Not):
        return variables(condition.operand)
    if isinstance(condition, BoolOp):
        return set().union(*(variables(operand) for operand in condition.operands))
    return variables(condition.left) | variables(condition.right)
