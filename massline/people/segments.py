"""The segment filter language: a small parsed query, compiled to a Django `Q`.

    constituency:workers sector:logistics assessment<=2 last_contact>30d
    (status:member OR status:candidate) AND NOT tag:"night shift"

Terms are `field op value` with op one of `:` `=` `!=` `<` `<=` `>` `>=`; terms next to each
other are joined by AND; `OR`, `NOT` and parentheses work as usual; values with spaces go in
double quotes. Names, emails and phones are encrypted, so they cannot be filtered on: use
`has:email` / `has:phone`. Nothing the user types reaches SQL except as a bound parameter.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.core.countries import is_country
from massline.people.models import Constituency, Contact, Struggle, Tag

MAX_LENGTH = 2000
MAX_TERMS = 40

_OP = r"(?:<=|>=|!=|:|=|<|>)"
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<lpar>\()|(?P<rpar>\))|
        (?P<term>[A-Za-z_]+)\s*(?P<op><=|>=|!=|:|=|<|>)\s*(?P<value>"[^"]*"|[^\s()"]+)|
        (?P<unclosed>[A-Za-z_]+)\s*"""
    + _OP
    + r"""\s*"[^"]*$|
        (?P<novalue>[A-Za-z_]+)\s*"""
    + _OP
    + r"""(?=\s|\(|\)|$)|
        (?P<word>[A-Za-z_]+)|
        (?P<bad>\S)
    )""",
    re.VERBOSE,
)


class SegmentQueryError(ValueError):
    """A query that cannot be understood; the message says where and why."""


@dataclass(frozen=True)
class Term:
    field: str
    op: str
    value: str


@dataclass(frozen=True)
class Not:
    operand: "Node"


@dataclass(frozen=True)
class And:
    operands: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    operands: tuple["Node", ...]


Node = Term | Not | And | Or


def _tokens(query: str) -> list[tuple[str, object]]:
    tokens: list[tuple[str, object]] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        if match.group("lpar"):
            tokens.append(("(", None))
        elif match.group("rpar"):
            tokens.append((")", None))
        elif match.group("term"):
            value = match.group("value")
            if value.startswith('"'):
                value = value[1:-1]
            tokens.append(
                ("term", Term(match.group("term").lower(), match.group("op"), value.strip()))
            )
        elif match.group("unclosed"):
            raise SegmentQueryError(
                _("A double quote is not closed after %(field)s.")
                % {"field": match.group("unclosed")}
            )
        elif match.group("novalue"):
            raise SegmentQueryError(
                _("%(field)s needs a value.") % {"field": match.group("novalue")}
            )
        elif match.group("word"):
            word = match.group("word").upper()
            if word not in {"AND", "OR", "NOT"}:
                raise SegmentQueryError(
                    _(
                        "“%(word)s” is not a condition: write field:value, e.g. "
                        "constituency:workers."
                    )
                    % {"word": match.group("word")}
                )
            tokens.append((word, None))
        elif match.group("bad"):
            raise SegmentQueryError(
                _("Unexpected “%(char)s” at position %(pos)d.")
                % {"char": match.group("bad"), "pos": match.start("bad") + 1}
            )
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, object]]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> str | None:
        return self.tokens[self.index][0] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, object]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek() is not None:
            raise SegmentQueryError(_("Unexpected “%(token)s”.") % {"token": self.peek()})
        return node

    def or_expr(self) -> Node:
        operands = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_expr(self) -> Node:
        operands = [self.unary()]
        while self.peek() in {"AND", "NOT", "(", "term"}:
            if self.peek() == "AND":
                self.take()
            operands.append(self.unary())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def unary(self) -> Node:
        kind = self.peek()
        if kind == "NOT":
            self.take()
            return Not(self.unary())
        if kind == "(":
            self.take()
            node = self.or_expr()
            if self.peek() != ")":
                raise SegmentQueryError(_("A parenthesis is not closed."))
            self.take()
            return node
        if kind == "term":
            _kind, term = self.take()
            assert isinstance(term, Term)
            return term
        if kind is None:
            raise SegmentQueryError(_("The query ends too early."))
        raise SegmentQueryError(_("Unexpected “%(token)s”.") % {"token": kind})


def parse(query: str) -> Node | None:
    """Parse a query; None for an empty one (all contacts)."""
    query = (query or "").strip()
    if len(query) > MAX_LENGTH:
        raise SegmentQueryError(_("The query is too long."))
    if not query:
        return None
    tokens = _tokens(query)
    if sum(1 for kind, _v in tokens if kind == "term") > MAX_TERMS:
        raise SegmentQueryError(_("Too many conditions."))
    if not tokens:
        return None
    return _Parser(tokens).parse()


# Compilation -----------------------------------------------------------------------------

_YES = {"yes", "true", "1", "y", "да", "si", "sì", "ja"}
_NO = {"no", "false", "0", "n", "нет", "nein"}
_RELATIVE = re.compile(r"^(\d{1,5})([dwmy])$")


def _bool(term: Term) -> bool:
    value = term.value.lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise SegmentQueryError(_("%(field)s takes yes or no.") % {"field": term.field})


def _moment(term: Term) -> datetime:
    """A relative age ("30d", "6m") as the moment that long ago, or an ISO date."""
    match = _RELATIVE.match(term.value.lower())
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        days = amount * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
        return timezone.now() - timedelta(days=days)
    try:
        day = date.fromisoformat(term.value)
    except ValueError as exc:
        raise SegmentQueryError(
            _("%(field)s takes an age such as 30d, 8w, 6m, 1y or a date such as 2024-05-01.")
            % {"field": term.field}
        ) from exc
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _equality(term: Term, q: Q) -> Q:
    if term.op in {":", "="}:
        return q
    if term.op == "!=":
        return ~q
    raise SegmentQueryError(_("%(field)s takes : or != only.") % {"field": term.field})


def _age(term: Term, field: str) -> Q:
    """Ages compare like durations: last_contact>30d is "more than 30 days ago, or never"."""
    if term.value.lower() in {"never", "none"}:
        return _equality(term, Q(**{f"{field}__isnull": True}))
    moment = _moment(term)
    relative = bool(_RELATIVE.match(term.value.lower()))
    older = Q(**{f"{field}__lt": moment}) | Q(**{f"{field}__isnull": True})
    newer = Q(**{f"{field}__gte": moment})
    if term.op in {">", ">="}:
        return older if relative else newer
    if term.op in {"<", "<="}:
        return newer if relative else older
    raise SegmentQueryError(
        _("%(field)s takes < or >, e.g. %(field)s>30d.") % {"field": term.field}
    )


def _assessment(term: Term) -> Q:
    if term.value.lower() in {"none", "never"}:
        return _equality(term, Q(assessment__isnull=True))
    try:
        level = int(term.value)
    except ValueError as exc:
        raise SegmentQueryError(_("assessment takes a number from 1 to 5.")) from exc
    if not 1 <= level <= 5:
        raise SegmentQueryError(_("assessment takes a number from 1 to 5."))
    lookup = {":": "exact", "=": "exact", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
    if term.op == "!=":
        return ~Q(assessment=level)
    return Q(**{f"assessment__{lookup[term.op]}": level})


def _through(relation: str, match: Q) -> Q:
    """An EXISTS on a many-to-many table: cheaper than a join, and no duplicates."""
    through = getattr(Contact, relation).through
    source = f"{Contact._meta.model_name}_id"
    return Q(Exists(through.objects.filter(match, **{source: OuterRef("pk")})))


def _constituency(term: Term) -> Q:
    # The few ids are looked up first: the EXISTS then reads only the through table's index,
    # and the planner estimates with that id's own share of contacts.
    ids = list(
        Constituency.objects.filter(
            Q(key=term.value.lower()) | Q(name__iexact=term.value)
        ).values_list("id", flat=True)
    )
    return _equality(term, _through("constituencies", Q(constituency_id__in=ids)))


def _tag(term: Term) -> Q:
    ids = list(Tag.objects.filter(name__iexact=term.value).values_list("id", flat=True))
    return _equality(term, _through("tags", Q(tag_id__in=ids)))


def _struggle(term: Term) -> Q:
    match = Q(struggle__title__iexact=term.value)
    if term.value.isdigit():
        match = Q(struggle_id=int(term.value))
    through = Struggle.contacts.through
    return _equality(term, Q(Exists(through.objects.filter(match, contact_id=OuterRef("pk")))))


def _choice(field: str, choices: list[str]) -> Callable[[Term], Q]:
    def compile_term(term: Term) -> Q:
        value = term.value.lower()
        if value not in choices:
            raise SegmentQueryError(
                _("%(field)s takes one of: %(choices)s")
                % {"field": term.field, "choices": ", ".join(choices)}
            )
        return _equality(term, Q(**{field: value}))

    return compile_term


def _text(field: str) -> Callable[[Term], Q]:
    def compile_term(term: Term) -> Q:
        return _equality(term, Q(**{f"{field}__iexact": term.value}))

    return compile_term


def _country(term: Term) -> Q:
    code = term.value.upper()
    if not is_country(code):
        raise SegmentQueryError(
            _("%(code)s is not an ISO 3166 country code.") % {"code": term.value}
        )
    return _equality(term, Q(country=code))


def _language(term: Term) -> Q:
    code = term.value.lower()
    if not (2 <= len(code) <= 3 and code.isalpha()):
        raise SegmentQueryError(_("language takes an ISO code such as ru or it."))
    return _equality(
        term,
        Q(languages__contains=[code]) if _json_contains() else Q(languages__icontains=f'"{code}"'),
    )


def _json_contains() -> bool:
    from django.db import connection

    return bool(connection.features.supports_json_field_contains)


def _has(term: Term) -> Q:
    value = term.value.lower()
    fields = {"email": "emails", "phone": "phones", "site": "site", "assessment": "assessment"}
    if value not in fields:
        raise SegmentQueryError(_("has takes one of: %(choices)s") % {"choices": ", ".join(fields)})
    if value in {"site", "assessment"}:
        return _equality(term, Q(**{f"{fields[value]}__isnull": False}))
    return _equality(term, ~Q(**{fields[value]: ""}))


def _consent(field: str) -> Callable[[Term], Q]:
    def compile_term(term: Term) -> Q:
        return _equality(term, Q(**{field: _bool(term)}))

    return compile_term


FIELDS: dict[str, Callable[[Term], Q]] = {
    "constituency": _constituency,
    "tag": _tag,
    "status": _choice("status", list(Contact.Status.values)),
    "assessment": _assessment,
    "last_contact": lambda term: _age(term, "last_interaction_at"),
    "created": lambda term: _age(term, "created_at"),
    "country": _country,
    "city": _text("city"),
    "language": _language,
    "site": _text("site__name"),
    "sector": _text("site__sector"),
    "site_kind": _choice("site__kind", ["workplace", "campus", "neighbourhood", "other"]),
    "union": _text("union"),
    "source": _text("source"),
    "unit": _text("unit__name"),
    "struggle": _struggle,
    "consent_email": _consent("consent_email"),
    "consent_phone": _consent("consent_phone"),
    "consent_messaging": _consent("consent_messaging"),
    "has": _has,
}


def compile_node(node: Node) -> Q:
    if isinstance(node, Term):
        handler = FIELDS.get(node.field)
        if handler is None:
            raise SegmentQueryError(
                _("Unknown field “%(field)s”. Known fields: %(fields)s")
                % {"field": node.field, "fields": ", ".join(FIELDS)}
            )
        if not node.value:
            raise SegmentQueryError(_("%(field)s needs a value.") % {"field": node.field})
        return handler(node)
    if isinstance(node, Not):
        return ~compile_node(node.operand)
    combined = Q()
    for index, operand in enumerate(node.operands):
        part = compile_node(operand)
        if index == 0:
            combined = part
        elif isinstance(node, And):
            combined &= part
        else:
            combined |= part
    return combined


def to_q(query: str) -> Q:
    """The filter for a query string; raises SegmentQueryError with a readable message."""
    node = parse(query)
    return Q() if node is None else compile_node(node)
