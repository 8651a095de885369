"""X-Filter building, a small human query language, and a client-side X-Filter evaluator.

Three layers, all pure Python (no I/O, no UI imports):

* :class:`F` (and the module-level aliases ``eq``, ``neq``, ``gt`` ... ``order_by``) build
  X-Filter dicts, e.g. ``F.and_(F.contains("label", "web"), F.eq("region", "us-east"))`` gives
  ``{"+and": [{"label": {"+contains": "web"}}, {"region": "us-east"}]}``.  Dotted field names
  (``"specs.memory"``, ``"entity.id"``) are kept as they are: the API accepts them.

* :func:`compile_query` turns what a user types in the filter bar into an X-Filter::

      label ~ web and region = us-east          -> {"+and": [{"label": {"+contains": "web"}},
                                                              {"region": "us-east"}]}
      status != running or tags = prod           -> {"+or": [...]}
      specs.memory >= 4096 sort:-created         -> {"specs.memory": {"+gte": 4096},
                                                     "+order_by": "created", "+order": "desc"}

  Grammar (keywords are case-insensitive)::

      query      := (or_expr | sort)*           # sort tokens may appear anywhere at top level
      or_expr    := and_expr ("or" and_expr)*
      and_expr   := primary ("and" primary)*    # "and" binds tighter than "or"
      primary    := "(" or_expr ")" | field OP value | value
      OP         := "=" | "==" | "!=" | "~" | ">" | ">=" | "<" | "<="
      sort       := "sort:" ["-" | "+"] field    # "-" = descending, "+"/nothing = ascending
      value      := bare word | "double quoted" | 'single quoted'

  * ``~`` means ``+contains`` (case-insensitive substring; the value is always a string).
  * A value on its own (``web`` or ``"web 1"``) means ``label ~ value`` -- "label contains"; the
    field can be changed with ``compile_query(text, default_field=...)``.
  * Bare words may contain letters, digits and ``- . / : _ @ , + * #`` etc. -- anything except
    white space, quotes, parentheses and the operator characters ``= ! ~ < >``.  So
    ``us-east``, ``linode/ubuntu22.04`` and ``2024-01-01T00:00:00`` need no quotes.
  * A bare word that looks like a JSON number (``42``, ``-1.5``, ``2e3``; no leading zeros, so
    ``007`` stays a string) becomes a number, ``true``/``false`` become booleans and ``null``
    becomes ``None`` (all case-insensitive); quote a value to keep it a string (``label = "123"``).
    Values of ``~`` are always strings.
  * Two values next to each other without ``and``/``or`` are an error (it is almost always a
    value with a space that should have been quoted).
  * Only one ``sort:`` token is allowed (the API sorts on a single attribute).

  Errors raise :class:`QuerySyntaxError` with a 0-based ``position``; ``str(err)`` shows the query
  with a caret under that position.

* :func:`compile_predicate` / :func:`matches` / :func:`sort_key` / :func:`apply_filter` evaluate
  an X-Filter against plain dicts with the API's semantics (also used by the simulator).
  Malformed X-Filters raise :class:`FilterSyntaxError` (a ``ValueError``) whose message is fit
  for a 400 response.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from linode_tui.api.errors import LinodeError

__all__ = [
    "OPERATORS",
    "F",
    "FilterSyntaxError",
    "QuerySyntaxError",
    "XFilter",
    "and_",
    "apply_filter",
    "compile_predicate",
    "compile_query",
    "contains",
    "eq",
    "explain",
    "filter_fields",
    "gt",
    "gte",
    "lt",
    "lte",
    "matches",
    "neq",
    "or_",
    "order_by",
    "sort_key",
    "sort_spec",
    "validate_fields",
]

XFilter = dict[str, Any]
Predicate = Callable[[dict[str, Any]], bool]

#: X-Filter comparison operators understood by the API.
OPERATORS: Final = frozenset({"+gt", "+gte", "+lt", "+lte", "+neq", "+contains"})
_LOGICAL: Final = frozenset({"+and", "+or"})
_ORDERING: Final = frozenset({"+order_by", "+order"})


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class QuerySyntaxError(LinodeError):
    """The human query could not be parsed.

    ``position`` is the 0-based index in ``query`` where the problem was found (``len(query)``
    for "unexpected end of query").  ``str(err)`` shows the message, the query, and a caret.
    """

    def __init__(self, message: str, position: int, query: str) -> None:
        super().__init__(message)
        self.position = position
        self.query = query

    def __str__(self) -> str:
        # Keep the caret aligned: tabs and newlines in the query are shown as single spaces.
        shown = re.sub(r"\s", " ", self.query)
        return f"{self.message} (at position {self.position})\n  {shown}\n  {' ' * self.position}^"

    def __repr__(self) -> str:
        return f"QuerySyntaxError({self.message!r}, {self.position!r}, {self.query!r})"


class FilterSyntaxError(ValueError):
    """A malformed X-Filter structure (unknown operator, ``+and`` that is not a list, ...)."""


# --------------------------------------------------------------------------------------------
# Builder
# --------------------------------------------------------------------------------------------


def _op(field: str, op: str, value: Any) -> XFilter:
    return {field: {op: value}}


def _combine(op: str, filters: Iterable[XFilter]) -> XFilter:
    parts: list[XFilter] = []
    for f in filters:
        if not f:
            continue  # an empty filter matches everything: it adds nothing to the combination
        if set(f) == {op}:
            parts.extend(f[op])  # flatten (a and b) and c -> and(a, b, c)
        else:
            parts.append(f)
    if not parts:
        return {}
    if len(parts) == 1:
        return dict(parts[0])
    return {op: parts}


class F:
    """X-Filter builders.  Every method returns a new dict; nothing is mutated."""

    @staticmethod
    def eq(field: str, value: Any) -> XFilter:
        return {field: value}

    @staticmethod
    def neq(field: str, value: Any) -> XFilter:
        return _op(field, "+neq", value)

    @staticmethod
    def gt(field: str, value: Any) -> XFilter:
        return _op(field, "+gt", value)

    @staticmethod
    def gte(field: str, value: Any) -> XFilter:
        return _op(field, "+gte", value)

    @staticmethod
    def lt(field: str, value: Any) -> XFilter:
        return _op(field, "+lt", value)

    @staticmethod
    def lte(field: str, value: Any) -> XFilter:
        return _op(field, "+lte", value)

    @staticmethod
    def contains(field: str, value: str) -> XFilter:
        return _op(field, "+contains", value)

    @staticmethod
    def and_(*filters: XFilter) -> XFilter:
        """``+and`` of the non-empty filters (one filter is returned unwrapped; none gives ``{}``)."""
        return _combine("+and", filters)

    @staticmethod
    def or_(*filters: XFilter) -> XFilter:
        """``+or`` of the non-empty filters (one filter is returned unwrapped; none gives ``{}``)."""
        return _combine("+or", filters)

    @staticmethod
    def order_by(xfilter: XFilter | None, field: str, *, desc: bool = False) -> XFilter:
        """A copy of ``xfilter`` with top-level ``+order_by``/``+order`` set."""
        out = dict(xfilter or {})
        out["+order_by"] = field
        out["+order"] = "desc" if desc else "asc"
        return out

    order = order_by


eq = F.eq
neq = F.neq
gt = F.gt
gte = F.gte
lt = F.lt
lte = F.lte
contains = F.contains
and_ = F.and_
or_ = F.or_
order_by = F.order_by


# --------------------------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------------------------

_OP_CHARS: Final = "=!~<>"
_STOP_CHARS: Final = frozenset(" \t\r\n\f\v()\"'" + _OP_CHARS)
_OPS: Final = ("==", "!=", ">=", "<=", "=", "~", ">", "<")
_OP_TO_XF: Final = {
    "=": None,
    "==": None,
    "!=": "+neq",
    "~": "+contains",
    ">": "+gt",
    ">=": "+gte",
    "<": "+lt",
    "<=": "+lte",
}
_FIELD_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*\Z")
_INT_RE: Final = re.compile(r"[-+]?(?:0|[1-9]\d*)\Z")  # "007" stays a string (labels, zip codes)
_FLOAT_RE: Final = re.compile(r"[-+]?(?:(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)\Z")
_ESCAPES: Final = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t", "r": "\r"}


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "word" | "str" | "op" | "(" | ")" | "eof"
    text: str  # the decoded text (for "str": without quotes, escapes resolved)
    pos: int


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c in "()":
            toks.append(_Tok(c, c, i))
            i += 1
            continue
        if c in "\"'":
            start = i
            i += 1
            buf: list[str] = []
            while True:
                if i >= n:
                    raise QuerySyntaxError("unterminated string (missing closing quote)", start, text)
                ch = text[i]
                if ch == c:
                    i += 1
                    break
                if ch == "\\":
                    if i + 1 >= n:
                        raise QuerySyntaxError("unterminated string (missing closing quote)", start, text)
                    esc = text[i + 1]
                    if esc not in _ESCAPES:
                        raise QuerySyntaxError(f"unknown escape sequence '\\{esc}'", i, text)
                    buf.append(_ESCAPES[esc])
                    i += 2
                    continue
                buf.append(ch)
                i += 1
            toks.append(_Tok("str", "".join(buf), start))
            continue
        if c in _OP_CHARS:
            for op in _OPS:
                if text.startswith(op, i):
                    toks.append(_Tok("op", op, i))
                    i += len(op)
                    break
            else:
                raise QuerySyntaxError(f"unexpected '{c}' (did you mean '!='?)", i, text)
            continue
        start = i
        while i < n and text[i] not in _STOP_CHARS:
            i += 1
        toks.append(_Tok("word", text[start:i], start))
    toks.append(_Tok("eof", "", n))
    return toks


def _bare_value(word: str) -> Any:
    low = word.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    if low == "null":
        return None
    if _INT_RE.match(word):
        return int(word)
    if _FLOAT_RE.match(word):
        value = float(word)
        if math.isfinite(value):
            return value
    return word


# --------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, default_field: str) -> None:
        self.text = text
        self.default_field = default_field
        self.toks = _tokenize(text)
        self.i = 0
        self.sort: tuple[str, bool] | None = None
        self._strip_sort_tokens()

    # sort: tokens are pulled out first, so they may appear anywhere at the top level.
    def _strip_sort_tokens(self) -> None:
        kept: list[_Tok] = []
        depth = 0
        prev: _Tok | None = None
        for tok in self.toks:
            if tok.kind == "(":
                depth += 1
            elif tok.kind == ")":
                depth = max(0, depth - 1)
            is_value = prev is not None and prev.kind == "op"
            if tok.kind == "word" and not is_value and tok.text.lower().startswith("sort:"):
                if depth:
                    raise QuerySyntaxError("sort: is only allowed outside parentheses", tok.pos, self.text)
                if self.sort is not None:
                    raise QuerySyntaxError("only one sort: key is allowed", tok.pos, self.text)
                spec = tok.text[5:]
                desc = spec.startswith("-")
                if spec and spec[0] in "+-":
                    spec = spec[1:]
                if not _FIELD_RE.match(spec):
                    where = tok.pos + len(tok.text) - len(spec)
                    raise QuerySyntaxError("expected a field name after 'sort:'", where, self.text)
                self.sort = (spec, desc)
                prev = tok
                continue
            kept.append(tok)
            prev = tok
        self.toks = kept

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def _is_kw(self, tok: _Tok, kw: str) -> bool:
        return tok.kind == "word" and tok.text.lower() == kw

    def _describe(self, tok: _Tok) -> str:
        if tok.kind == "eof":
            return "end of query"
        if tok.kind == "str":
            return f"string {json.dumps(tok.text)}"
        return f"'{tok.text}'"

    def parse(self) -> XFilter:
        if self.tok.kind == "eof":
            result: XFilter = {}
        else:
            result = self.or_expr()
            if self.tok.kind != "eof":
                tok = self.tok
                if tok.kind == ")":
                    raise QuerySyntaxError("unmatched ')'", tok.pos, self.text)
                raise QuerySyntaxError(
                    f"expected 'and' or 'or' before {self._describe(tok)} (quote values that contain spaces)",
                    tok.pos,
                    self.text,
                )
        if self.sort is not None:
            result = F.order_by(result, self.sort[0], desc=self.sort[1])
        return result

    def or_expr(self) -> XFilter:
        parts = [self.and_expr()]
        while self._is_kw(self.tok, "or"):
            self.i += 1
            parts.append(self.and_expr())
        return F.or_(*parts) if len(parts) > 1 else parts[0]

    def and_expr(self) -> XFilter:
        parts = [self.primary()]
        while self._is_kw(self.tok, "and"):
            self.i += 1
            parts.append(self.primary())
        return F.and_(*parts) if len(parts) > 1 else parts[0]

    def primary(self) -> XFilter:
        tok = self.tok
        if tok.kind == "(":
            self.i += 1
            if self.tok.kind == ")":
                raise QuerySyntaxError("empty parentheses", self.tok.pos, self.text)
            inner = self.or_expr()
            if self.tok.kind != ")":
                raise QuerySyntaxError(
                    f"expected ')' to close the '(' at position {tok.pos}, found {self._describe(self.tok)}",
                    self.tok.pos,
                    self.text,
                )
            self.i += 1
            return inner
        if tok.kind == "eof":
            raise QuerySyntaxError("unexpected end of query: expected a condition", tok.pos, self.text)
        if tok.kind == ")":
            raise QuerySyntaxError("unexpected ')': expected a condition", tok.pos, self.text)
        if tok.kind == "op":
            raise QuerySyntaxError(f"expected a field name before '{tok.text}'", tok.pos, self.text)
        if self._is_kw(tok, "and") or self._is_kw(tok, "or"):
            raise QuerySyntaxError(f"expected a condition before '{tok.text}'", tok.pos, self.text)
        nxt = self.toks[self.i + 1]
        if nxt.kind != "op":
            # A value on its own: "label contains value".
            self.i += 1
            return F.contains(self.default_field, tok.text)
        if tok.kind != "word" or not _FIELD_RE.match(tok.text):
            raise QuerySyntaxError(
                f"{self._describe(tok)} is not a field name (letters, digits, '_' and '.')",
                tok.pos,
                self.text,
            )
        field = tok.text
        op = nxt.text
        self.i += 2
        vtok = self.tok
        if vtok.kind not in ("word", "str"):
            raise QuerySyntaxError(
                f"expected a value after '{op}', found {self._describe(vtok)}", vtok.pos, self.text
            )
        self.i += 1
        xf_op = _OP_TO_XF[op]
        if xf_op == "+contains":
            return F.contains(field, vtok.text)
        value: Any = vtok.text if vtok.kind == "str" else _bare_value(vtok.text)
        if xf_op is None:
            return F.eq(field, value)
        if xf_op in ("+gt", "+gte", "+lt", "+lte") and (value is None or isinstance(value, bool)):
            raise QuerySyntaxError(
                f"'{op}' needs a number or a date/time, not {vtok.text}", vtok.pos, self.text
            )
        return {field: {xf_op: value}}


def compile_query(text: str, *, default_field: str = "label") -> XFilter:
    """Compile a human query (see the module docstring) into an X-Filter dict.

    An empty (or all-blank) query gives ``{}``.  Raises :class:`QuerySyntaxError`.
    """
    return _Parser(text, default_field).parse()


# --------------------------------------------------------------------------------------------
# Normalisation (shared by the evaluator, explain and validate_fields)
# --------------------------------------------------------------------------------------------
# A normalised node is one of:
#   ("and", [nodes]) | ("or", [nodes]) | ("cmp", field, op, value)   with op in None|"+neq"|...


_Node = tuple[Any, ...]


def _check_value(field: str, op: str | None, value: Any) -> None:
    if isinstance(value, (dict, list)):
        what = "an object" if isinstance(value, dict) else "a list"
        raise FilterSyntaxError(f"invalid value for {field}: {what} is not allowed here")
    if op == "+contains" and not isinstance(value, str):
        raise FilterSyntaxError(f"+contains needs a string value (field {field})")
    if op in ("+gt", "+gte", "+lt", "+lte") and (value is None or isinstance(value, bool)):
        raise FilterSyntaxError(f"{op} needs a number or a string value (field {field})")


def _normalise(xfilter: Any, *, top: bool, prefix: str = "") -> _Node:
    if not isinstance(xfilter, dict):
        raise FilterSyntaxError(f"a filter must be a JSON object, not {type(xfilter).__name__}")
    parts: list[_Node] = []
    for key, value in xfilter.items():
        if not isinstance(key, str) or not key:
            raise FilterSyntaxError("filter keys must be non-empty strings")
        if key in _ORDERING:
            if not top or prefix:
                raise FilterSyntaxError(f"{key} is only allowed at the top level of the filter")
            if key == "+order_by" and not (isinstance(value, str) and value):
                raise FilterSyntaxError("+order_by must be a field name")
            if key == "+order" and value not in ("asc", "desc"):
                raise FilterSyntaxError("+order must be 'asc' or 'desc'")
            continue
        if key in _LOGICAL:
            if not isinstance(value, list):
                raise FilterSyntaxError(f"{key} must be a list of filters")
            children = [_normalise(v, top=False) for v in value]
            parts.append(("and" if key == "+and" else "or", children))
            continue
        if key.startswith("+"):
            raise FilterSyntaxError(f"unknown operator {key!r}")
        field = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            if not value:
                raise FilterSyntaxError(f"empty filter for field {field}")
            op_keys = [k for k in value if isinstance(k, str) and k.startswith("+")]
            if op_keys and len(op_keys) != len(value):
                raise FilterSyntaxError(f"cannot mix operators and sub-fields in the filter for {field}")
            if not op_keys:
                # Nested form {"specs": {"memory": 4096}} == {"specs.memory": 4096}.
                parts.append(_normalise(value, top=False, prefix=field))
                continue
            for op, operand in value.items():
                if op not in OPERATORS:
                    raise FilterSyntaxError(f"unknown operator {op!r} for field {field}")
                _check_value(field, op, operand)
                parts.append(("cmp", field, op, operand))
            continue
        _check_value(field, None, value)
        parts.append(("cmp", field, None, value))
    if len(parts) == 1:
        return parts[0]
    return ("and", parts)


def _require_dict(xfilter: object) -> None:
    if xfilter is not None and not isinstance(xfilter, dict):
        raise FilterSyntaxError(f"a filter must be a JSON object, not {type(xfilter).__name__}")


def sort_spec(xfilter: XFilter | None) -> tuple[str, bool] | None:
    """``(field, descending)`` from a filter's top-level ``+order_by``/``+order``, or ``None``."""
    _require_dict(xfilter)
    if not xfilter:
        return None
    field = xfilter.get("+order_by")
    order = xfilter.get("+order", "asc")
    if field is None:
        if "+order" in xfilter and order not in ("asc", "desc"):
            raise FilterSyntaxError("+order must be 'asc' or 'desc'")
        return None
    if not isinstance(field, str) or not field:
        raise FilterSyntaxError("+order_by must be a field name")
    if order not in ("asc", "desc"):
        raise FilterSyntaxError("+order must be 'asc' or 'desc'")
    return field, order == "desc"


def filter_fields(xfilter: XFilter | None) -> list[str]:
    """Every (dotted) field a filter refers to, including ``+order_by``, in order, de-duplicated."""
    _require_dict(xfilter)
    if not xfilter:
        return []
    out: dict[str, None] = {}

    def walk(node: _Node) -> None:
        if node[0] == "cmp":
            out.setdefault(node[1], None)
        else:
            for child in node[1]:
                walk(child)

    walk(_normalise(xfilter, top=True))
    spec = sort_spec(xfilter)
    if spec is not None:
        out.setdefault(spec[0], None)
    return list(out)


def validate_fields(xfilter: XFilter | None, filterable: set[str] | frozenset[str]) -> list[str]:
    """Fields used by ``xfilter`` (including ``+order_by``) that are not in ``filterable``.

    An empty list means the API will accept the filter's fields.  Raises
    :class:`FilterSyntaxError` for a malformed filter.
    """
    return [f for f in filter_fields(xfilter) if f not in filterable]


# --------------------------------------------------------------------------------------------
# explain: X-Filter -> readable query (in the query language, so it round-trips)
# --------------------------------------------------------------------------------------------

_EXPLAIN_OPS: Final = {
    None: "=",
    "+neq": "!=",
    "+contains": "~",
    "+gt": ">",
    "+gte": ">=",
    "+lt": "<",
    "+lte": "<=",
}


def _quote(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _render_value(value: Any, op: str | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    s = str(value)
    bare_ok = (
        s
        and not any(ch in _STOP_CHARS or ch.isspace() for ch in s)
        and not s.lower().startswith("sort:")
        and s.lower() not in ("and", "or")
        # Numbers / bools / null as bare words would change type (contains values never do).
        and (op == "+contains" or _bare_value(s) == s)
    )
    return s if bare_ok else _quote(s)


def explain(xfilter: XFilter | None) -> str:
    """A readable rendering of an X-Filter in the query language (``compile_query`` reads it back).

    ``{}`` gives ``""``.  Raises :class:`FilterSyntaxError` for a malformed filter.
    """
    _require_dict(xfilter)
    if not xfilter:
        return ""
    node = _normalise(xfilter, top=True) if any(k not in _ORDERING for k in xfilter) else None

    def render(n: _Node, parent: str | None) -> str:
        if n[0] == "cmp":
            _, field, op, value = n
            return f"{field} {_EXPLAIN_OPS[op]} {_render_value(value, op)}"
        kind, children = n
        if not children:
            # Empty +and matches everything; empty +or matches nothing: no query-language form.
            return "(all)" if kind == "and" else "(none)"
        if len(children) == 1:
            return render(children[0], parent)
        body = f" {kind} ".join(render(c, kind) for c in children)
        return f"({body})" if parent == "and" and kind == "or" else body

    text = render(node, None) if node is not None else ""
    spec = sort_spec(xfilter)
    if spec is not None:
        sort = f"sort:{'-' if spec[1] else ''}{spec[0]}"
        text = f"{text} {sort}" if text else sort
    return text


# --------------------------------------------------------------------------------------------
# Evaluator
# --------------------------------------------------------------------------------------------

_MISSING: Final = object()


def _getter(field: str) -> Callable[[dict[str, Any]], Any]:
    parts = field.split(".")
    if len(parts) == 1:
        key = parts[0]
        return lambda item: item.get(key)

    def get(item: dict[str, Any]) -> Any:
        direct = item.get(field, _MISSING)  # a literal dotted key wins (never in real data)
        if direct is not _MISSING:
            return direct
        cur: Any = item
        for part in parts:
            if isinstance(cur, dict):
                cur = cur.get(part)
            elif isinstance(cur, list):
                # e.g. "configs.label" over a list of objects: collect the values.
                cur = [x.get(part) for x in cur if isinstance(x, dict)]
            else:
                return None
            if cur is None:
                return None
        return cur

    return get


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _as_float(v: Any) -> float | None:
    if _is_num(v):
        return float(v)
    if isinstance(v, str):
        try:
            f = float(v)
        except ValueError:
            return None
        return f if math.isfinite(f) else None
    return None


def _scalar_eq(actual: Any, expected: Any) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return isinstance(actual, bool) and isinstance(expected, bool) and actual == expected
    if actual is None or expected is None:
        return actual is expected
    if (_is_num(expected) and isinstance(actual, str)) or (_is_num(actual) and isinstance(expected, str)):
        # The API coerces like SQL does: {"label": 123} matches the label "123".
        a, b = _as_float(actual), _as_float(expected)
        return a is not None and a == b
    return bool(actual == expected)


def _eq(actual: Any, expected: Any) -> bool:
    if isinstance(actual, list):  # tags, ipv4 ...: equality means "is an element"
        return any(_scalar_eq(x, expected) for x in actual)
    return _scalar_eq(actual, expected)


def _ordered_pair(actual: Any, bound: Any) -> tuple[Any, Any] | None:
    """Comparable ``(actual, bound)`` for +gt/+gte/+lt/+lte, or ``None`` if they do not compare."""
    if actual is None or isinstance(actual, bool):
        return None
    if _is_num(bound) or _is_num(actual):
        a, b = _as_float(actual), _as_float(bound)
        return None if a is None or b is None else (a, b)
    if isinstance(actual, str) and isinstance(bound, str):
        return actual, bound
    return None


_ORDER_TESTS: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "+gt": lambda a, b: bool(a > b),
    "+gte": lambda a, b: bool(a >= b),
    "+lt": lambda a, b: bool(a < b),
    "+lte": lambda a, b: bool(a <= b),
}


def _cmp_fn(op: str) -> Callable[[Any, Any], bool]:
    test = _ORDER_TESTS[op]

    def ordered(actual: Any, bound: Any) -> bool:
        pair = _ordered_pair(actual, bound)
        return pair is not None and test(pair[0], pair[1])

    def fn(actual: Any, bound: Any) -> bool:
        if isinstance(actual, list):
            return any(ordered(x, bound) for x in actual)
        return ordered(actual, bound)

    return fn


def _contains(actual: Any, needle_folded: str) -> bool:
    if actual is None or isinstance(actual, bool):
        return False
    if isinstance(actual, list):
        return any(_contains(x, needle_folded) for x in actual)
    if isinstance(actual, dict):
        return False
    return needle_folded in str(actual).casefold()


def _both(a: Predicate, b: Predicate) -> Predicate:
    return lambda item: a(item) and b(item)


def _either(a: Predicate, b: Predicate) -> Predicate:
    return lambda item: a(item) or b(item)


def _always(item: dict[str, Any]) -> bool:
    return True


def _never(item: dict[str, Any]) -> bool:
    return False


def _compile_node(node: _Node) -> Predicate:
    kind = node[0]
    if kind in ("and", "or"):
        preds = [_compile_node(c) for c in node[1]]
        if not preds:
            return _always if kind == "and" else _never
        # Fold into nested two-way closures: cheaper per item than all()/any() over a generator.
        combined = preds[-1]
        for p in reversed(preds[:-1]):
            combined = _both(p, combined) if kind == "and" else _either(p, combined)
        return combined
    _, field, op, value = node
    get = _getter(field)
    if op is None:
        if isinstance(value, str):

            def eq_str(item: dict[str, Any]) -> bool:
                actual = get(item)
                return actual == value if type(actual) is str else _eq(actual, value)

            return eq_str
        return lambda item: _eq(get(item), value)
    if op == "+neq":
        return lambda item: not _eq(get(item), value)
    if op == "+contains":
        folded = str(value).casefold()
        return lambda item: _contains(get(item), folded)
    cmp = _cmp_fn(op)
    return lambda item: cmp(get(item), value)


def compile_predicate(xfilter: XFilter | None) -> Predicate:
    """Compile an X-Filter once into a fast ``item -> bool`` predicate.

    Semantics follow the API: top-level keys and ``+and`` are conjunctions, ``+or`` a
    disjunction; ``{"field": v}`` is equality (for list fields such as ``tags``/``ipv4``: "v is
    an element"); ``+neq`` is its negation; ``+gt/+gte/+lt/+lte`` compare numbers numerically
    and strings (ISO timestamps) lexically, never matching null; ``+contains`` is a
    case-insensitive substring test (for lists: any element).  Dotted paths walk nested
    objects.  ``+order_by``/``+order`` are validated and ignored here (see :func:`sort_key`).
    Raises :class:`FilterSyntaxError` for a malformed filter.
    """
    _require_dict(xfilter)
    if not xfilter:
        return _always
    sort_spec(xfilter)  # validates +order/+order_by
    if all(k in _ORDERING for k in xfilter):
        return _always
    return _compile_node(_normalise(xfilter, top=True))


def matches(item: dict[str, Any], xfilter: XFilter | None) -> bool:
    """Does ``item`` satisfy ``xfilter``?  (Compiles each call: use :func:`compile_predicate` in loops.)"""
    return compile_predicate(xfilter)(item)


def sort_key(field: str) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    """A key function ordering items by a (dotted) field: nulls first, then booleans, numbers,
    strings (mixed types never raise)."""
    get = _getter(field)

    def key(item: dict[str, Any]) -> tuple[int, Any]:
        v = get(item)
        if v is None:
            return (0, 0)
        if isinstance(v, bool):
            return (1, int(v))
        if _is_num(v):
            return (2, v)
        if isinstance(v, str):
            return (3, v)
        return (4, json.dumps(v, sort_keys=True, default=str))

    return key


def apply_filter(items: Iterable[dict[str, Any]], xfilter: XFilter | None) -> list[dict[str, Any]]:
    """Filter and sort ``items`` like the API would (stable; unsorted input order kept otherwise)."""
    pred = compile_predicate(xfilter)
    out = [it for it in items if pred(it)]
    spec = sort_spec(xfilter)
    if spec is not None:
        out.sort(key=sort_key(spec[0]), reverse=spec[1])
    return out
