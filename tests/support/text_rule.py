"""The rule for outside text, checked at every call that shows text: no string that may come
from outside reaches a widget that reads it as markup, and nothing in swarmtui prints but the
command line's output module.

Why a scan of the call sites and not a type for safe text: Textual's own signatures take
`str` (notify, Static, Label, Button, update, border_title, DataTable cells, Hit) and read it
as markup, so a `SafeText` type of ours would not stop a plain `str` reaching them; mypy
cannot be told otherwise without our own stubs for Textual, which would drift from it. The
crash this guards against (a stack named `shop[/]` in a retry notice) came from one call,
among well over a hundred, that forgot `markup=False`: a reader does not see it, and a test
on data rarely reaches it. So this module reads swarmtui/ui with `ast` and finds every call
that shows text:

- `notify(...)`, also when `notify` is handed to another call (`call_from_thread(app.notify,
  message, ...)`, as the stack removal's retry notice is);
- `Static(...)`, `Label(...)`, `Button(...)`, `Checkbox(...)`, `Option(...)`, `Select(...)`,
  `Hit(...)`, `DiscoveryHit(...)`, every `.update(...)` of a widget;
- rich and DataTable cells: `add_row`, `add_column`, `add_columns`, `update_cell`;
- `Text.from_markup`, `Content.from_markup` and any `print(...)`;
- `border_title =`, `border_subtitle =`, `tooltip =`, and, read literally but still shown,
  `title =`, `sub_title =`, `placeholder =` / `placeholder=`.

Each text it is given must be one of: a string constant, or an f-string or sum of them and of
module constants (ALL_CAPS, our own words); a `Text`, `Content` or other renderable (a call to
`literal`, `line`, `Text(...)`, `Content(...)`, or to any function of swarmtui annotated to
return one); a local name or `self.` attribute bound only to such values, or a parameter
annotated as one. Otherwise the call must say `markup=False` (notify, Static, Label) or
update a widget built with `markup=False` (found by its id in the same file). `visible`,
`safe_str` and `one_line` make controls safe, not markup: they count only where markup is off
or never read (titles, placeholders). `ctx.notify` is ActionContext's notify, which is
checked here like any other and turns markup off. What the scan cannot follow the test lists as
allowed, each with why it is safe (tests/unit/test_text_rule.py).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import swarmtui

PACKAGE = Path(swarmtui.__file__).parent
UI = PACKAGE / "ui"

SAFE, VISIBLE, RAW = 2, 1, 0
"""How safe an expression's text is: SAFE anywhere (a constant or a renderable), VISIBLE only
where markup is off (controls made visible, `[` still read), RAW from outside as it is."""

RENDERABLES = {"Text", "Content", "Table", "Syntax", "Group", "Panel", "Padding", "Columns"}
"""Return annotations (and constructors) that are no markup string."""
SAFE_CALLS = {"literal", "line", "escaped", "assemble"}
"""render.text's literal text, and command_palette.escaped (markup-escaped for the palette)."""
VISIBLE_CALLS = {"visible", "safe_str", "one_line", "shorten"}

MARKUP_WIDGETS = {"Static", "Label", "Button", "Checkbox", "Option", "Select"}
MARKUP_OFF = {"notify", "Static", "Label"}
"""The calls that take markup=False."""
CELLS: dict[str, int | None] = {
    "add_row": None, "add_column": 0, "add_columns": None, "update_cell": 2
}  # fmt: skip
"""Which argument is the text (None: all of them)."""
MARKUP_ATTRIBUTES = {"border_title", "border_subtitle", "tooltip"}
LITERAL_ATTRIBUTES = {"title", "sub_title", "placeholder"}


Allowed = Mapping[tuple[str, str], str]
"""(file under swarmtui/ui, the call as ast.unparse writes it): why it is safe."""


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    why: str

    def __str__(self) -> str:
        return f"swarmtui/ui/{self.path}:{self.line}: {self.why}: {self.call}"


def name_of(node: ast.AST) -> str:
    """What a call or attribute is called: `notify` for `self.app.notify`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _annotation_safety(annotation: ast.AST | None) -> int:
    if annotation is None:
        return RAW
    names = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    names |= {
        part
        for n in ast.walk(annotation)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
        for part in n.value.replace("|", " ").replace("[", " ").replace("]", " ").split()
    }
    names -= {"None", "tuple", "list", "Sequence", "Iterable"}
    return SAFE if names and names <= RENDERABLES else RAW


class Module:
    """One file of swarmtui: its functions' return annotations, its imports, and the ids of
    the widgets it builds with markup=False."""

    _cache: dict[Path, Module] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text())
        self.parents: dict[ast.AST, ast.AST] = {
            child: parent
            for parent in ast.walk(self.tree)
            for child in ast.iter_child_nodes(parent)
        }
        self.returns: dict[str, list[ast.AST | None]] = {}
        self.imports: dict[str, tuple[str, int]] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.returns.setdefault(node.name, []).append(node.returns)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (node.module or "", node.level)
        self.markup_off_ids = {
            _id_key(keyword.value)
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Call) and name_of(node.func) in MARKUP_OFF
            and _is_false(node, "markup")
            for keyword in node.keywords
            if keyword.arg == "id"
        }  # fmt: skip

    @classmethod
    def of(cls, path: Path) -> Module:
        if path not in cls._cache:
            cls._cache[path] = cls(path)
        return cls._cache[path]

    def imported(self, name: str) -> Module | None:
        """The swarmtui module `name` is imported from, if it is one."""
        if name not in self.imports:
            return None
        module, level = self.imports[name]
        base = self.path.parent
        for _ in range(level - 1):
            base = base.parent
        if level == 0:
            if not module.startswith("swarmtui"):
                return None
            base = PACKAGE.parent
        target = base.joinpath(*module.split(".")) if module else base
        for candidate in (target.with_suffix(".py"), target / "__init__.py"):
            if candidate.exists():
                return Module.of(candidate)
        return None

    def enclosing(self, node: ast.AST, kinds: tuple[type, ...]) -> ast.AST | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, kinds):
                return node
        return None


def _is_false(call: ast.Call, keyword: str) -> bool:
    return any(
        k.arg == keyword and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )


def _id_key(node: ast.AST) -> str:
    """A widget id as written, `#` or not: 'deploy-plan', 'join-{role}'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.removeprefix("#")
    if isinstance(node, ast.JoinedStr):
        parts = [
            v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v) + "}"
            for v in node.values
        ]
        return "".join(str(p) for p in parts).removeprefix("#")
    return "?"


class Judge:
    """How safe an expression's text is, as far as a reading of the source can tell."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self._known: dict[tuple[int, str], int] = {}

    def safety(self, node: ast.AST, at: ast.AST) -> int:
        if isinstance(node, ast.Constant):
            return SAFE
        if isinstance(node, ast.JoinedStr):
            values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            return min((self._constant(value) for value in values), default=SAFE)
        if isinstance(node, ast.BinOp):
            return min(self.safety(node.left, at), self.safety(node.right, at))
        if isinstance(node, ast.IfExp):
            return min(self.safety(node.body, at), self.safety(node.orelse, at))
        if isinstance(node, ast.List | ast.Tuple):
            return min((self.safety(e, at) for e in node.elts), default=SAFE)
        if isinstance(node, ast.ListComp | ast.GeneratorExp):
            return self.safety(node.elt, node)
        if isinstance(node, ast.Starred):
            return self.safety(node.value, at)
        if isinstance(node, ast.Subscript):
            return self.safety(node.value, at)
        if isinstance(node, ast.Call):
            return self._call(node, at)
        if isinstance(node, ast.Name):
            return SAFE if node.id.isupper() else self._bound(node.id, at)
        if isinstance(node, ast.Attribute):
            if node.attr.isupper():
                return SAFE
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                return self._self_attribute(node.attr, at)
        return RAW

    def _constant(self, node: ast.AST) -> int:
        # An f-string is our own words only when all it interpolates is module constants.
        if isinstance(node, ast.Constant) or (isinstance(node, ast.Name) and node.id.isupper()):
            return SAFE
        return SAFE if isinstance(node, ast.Attribute) and node.attr.isupper() else RAW

    def _call(self, node: ast.Call, at: ast.AST) -> int:
        name = name_of(node.func)
        if name in RENDERABLES or name in SAFE_CALLS:
            return SAFE
        if name in VISIBLE_CALLS:
            return VISIBLE
        if name in {"items", "values", "keys"} and isinstance(node.func, ast.Attribute):
            return self.safety(node.func.value, at)
        annotations = self._returns(node.func)
        if annotations:
            return min(_annotation_safety(a) for a in annotations)
        return RAW

    def _returns(self, func: ast.AST) -> list[ast.AST | None]:
        name = name_of(func)
        local = isinstance(func, ast.Name) or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
        )
        if not local:
            return []
        if name in self.module.returns:
            return self.module.returns[name]
        source = self.module.imported(name)
        return source.returns.get(name, []) if source is not None else []

    def _scope_nodes(self, at: ast.AST) -> Iterator[ast.AST]:
        scope = self.module.enclosing(at, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        while scope is not None:
            yield scope
            scope = self.module.enclosing(scope, (ast.FunctionDef, ast.AsyncFunctionDef))

    def _bound(self, name: str, at: ast.AST) -> int:
        """The least safe of what `name` is bound to in the functions around `at`."""
        key = (id(at), name)
        if key not in self._known:
            self._known[key] = RAW  # while it is worked out: `x = x + y` is no proof
            found: list[int] = []
            for scope in (*self._scope_nodes(at), *self._comprehensions(at)):
                found += self._bindings(scope, name)
                if found:
                    break
            self._known[key] = min(found) if found else RAW
        return self._known[key]

    def _comprehensions(self, at: ast.AST) -> Iterator[ast.AST]:
        node: ast.AST | None = at
        while node is not None:
            if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp | ast.DictComp):
                yield node
            node = self.module.parents.get(node)

    def _bindings(self, scope: ast.AST, name: str) -> list[int]:
        found: list[int] = []
        arguments = getattr(scope, "args", None)
        if isinstance(arguments, ast.arguments):
            for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                if arg.arg == name:
                    found.append(_annotation_safety(arg.annotation))
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    found.append(self.safety(node.value, node))
            elif isinstance(node, ast.For | ast.comprehension) and _binds(node.target, name):
                found.append(self.safety(node.iter, node))
        return found

    def _self_attribute(self, name: str, at: ast.AST) -> int:
        cls = self.module.enclosing(at, (ast.ClassDef,))
        if cls is None:
            return RAW
        found = [
            _annotation_safety(node.annotation)
            for node in ast.walk(cls)
            if isinstance(node, ast.AnnAssign) and name_of(node.target) == name
        ]
        for node in ast.walk(cls):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr == name and name_of(t.value) == "self"
                for t in node.targets
            ):
                found.append(self.safety(node.value, node))
        return min(found) if found else RAW


def _binds(target: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


def _texts(call: ast.Call, name: str) -> list[ast.AST]:
    """The arguments of a call that shows text which are text."""
    args, keywords = call.args, {k.arg: k.value for k in call.keywords}
    if name == "notify":
        return args[:1] + [keywords[k] for k in ("message",) if k in keywords]
    if name in CELLS:
        which = CELLS[name]
        picked = list(args) if which is None else args[which : which + 1]
        return picked + [keywords[k] for k in ("label", "value") if k in keywords]
    if name == "Hit":
        return args[1:2] + [keywords[k] for k in ("match_display", "help") if k in keywords]
    if name == "DiscoveryHit":
        return args[:1] + [keywords[k] for k in ("display", "help") if k in keywords]
    if name == "update":
        # A dict's update is no text; every other .update in the ui is a widget's.
        return [a for a in args[:1] if not isinstance(a, ast.Dict | ast.DictComp)]
    return args[:1] + [
        keywords[k]
        for k in ("content", "renderable", "label", "prompt", "options")
        if k in keywords
    ]


def _shown_calls(module: Module) -> Iterator[tuple[ast.Call, str, list[ast.AST]]]:
    """(the call, the name of what shows the text, its text arguments)."""
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Call):
            continue
        name = name_of(node.func)
        if name in {"notify", "update", "Hit", "DiscoveryHit"} | MARKUP_WIDGETS | set(CELLS):
            yield node, name, _texts(node, name)
        elif name in {"from_markup", "print"}:
            yield node, name, node.args[:1]
        # A show passed on to be called later: call_from_thread(app.notify, message, ...).
        if node.args and name_of(node.args[0]) == "notify":
            forwarded = ast.Call(node.args[0], node.args[1:], node.keywords)
            ast.copy_location(forwarded, node)
            module.parents[forwarded] = node
            yield forwarded, "notify", _texts(forwarded, "notify")


def _is_our_notify(call: ast.Call, module: Module) -> bool:
    """ActionContext.notify (ctx.notify, or self.notify inside it): it turns markup off."""
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(receiver, ast.Name) and receiver.id == "ctx":
        return True
    if not (isinstance(receiver, ast.Name) and receiver.id == "self"):
        return False
    cls = module.enclosing(call, (ast.ClassDef,))
    return isinstance(cls, ast.ClassDef) and cls.name == "ActionContext"


def _updates_markup_off_widget(call: ast.Call, module: Module) -> bool:
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    return (
        isinstance(receiver, ast.Call)
        and name_of(receiver.func) == "query_one"
        and bool(receiver.args)
        and _id_key(receiver.args[0]) in module.markup_off_ids
    )


def findings(module: Module, relative: str, allowed: Allowed) -> list[Finding]:
    """What breaks the rule in one file; `relative` its path under swarmtui/ui."""
    judge = Judge(module)
    found: list[Finding] = []

    def report(node: ast.AST, source: str, why: str) -> None:
        if (relative, source) not in allowed:
            found.append(Finding(relative, getattr(node, "lineno", 0), source, why))

    for call, name, texts in _shown_calls(module):
        source = ast.unparse(call)
        if name == "print":
            report(call, source, "the dashboard never prints")
            continue
        if name == "from_markup":
            if any(judge.safety(t, call) < SAFE or not isinstance(t, ast.Constant) for t in texts):
                report(call, source, "markup is parsed from a value that is no constant")
            continue
        if name == "notify" and _is_our_notify(call, module):
            continue
        if name in MARKUP_OFF and _is_false(call, "markup"):
            continue
        if name == "update" and _updates_markup_off_widget(call, module):
            continue
        if any(judge.safety(t, call) < SAFE for t in texts):
            report(call, source, "outside text shown with markup on")
    for node in ast.walk(module.tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign | ast.AugAssign)
            else []
        )
        for target in targets:
            attribute = name_of(target) if isinstance(target, ast.Attribute) else ""
            value = getattr(node, "value", None)
            if value is None or attribute not in MARKUP_ATTRIBUTES | LITERAL_ATTRIBUTES:
                continue
            needed = SAFE if attribute in MARKUP_ATTRIBUTES else VISIBLE
            if judge.safety(value, node) < needed:
                report(node, ast.unparse(node), f"outside text set as {attribute}")
    for call in (n for n in ast.walk(module.tree) if isinstance(n, ast.Call)):
        for keyword in call.keywords:
            if keyword.arg == "placeholder" and judge.safety(keyword.value, call) < VISIBLE:
                report(call, ast.unparse(call), "outside text as a placeholder")
    return sorted(found, key=lambda finding: finding.line)
