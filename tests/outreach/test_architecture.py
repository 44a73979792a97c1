"""The apps' import graph: no module imports another that imports it back (directly or
through others, counting imports inside functions), the core imports no domain app, and
a domain app imports another only where it is plainly built on it, for a reason written
down here."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("outreach", "campaigns", "courses", "venues", "themes")
CORE = "outreach"
DOMAIN_APPS = ("campaigns", "courses", "venues", "themes")
# Every Django app, nested ones first, so a module belongs to the longest that prefixes it.
APPS = (
    "campaigns.volunteers",
    "campaigns.activities",
    "venues.bookings",
    "venues.streets",
    "outreach.plan",
    "campaigns",
    "courses",
    "venues",
    "themes",
    "outreach",
)
# (importing app, imported app): why the first is built on the second.
BUILT_ON = {
    ("campaigns.volunteers", "campaigns"): "volunteer events are tagged by the 五进 setting and "
    "may belong to a campaign",
    ("campaigns.volunteers", "campaigns.activities"): "volunteers served at activities: an "
    "organiser links an event to one of the approved activities they may see",
    ("campaigns.activities", "campaigns"): "an activity is tagged by the 五进 setting and the "
    "target groups, becomes a news item, and is counted in the coverage ledger",
    ("venues.bookings", "courses"): "a base visit by a school is credited to that school's record",
    ("venues.streets", "venues"): "a street's QR plates are laid out by the venues' poster layout, "
    "and its damage reports follow the venues' report states",
}


def module_name(path, root=ROOT):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules(root=ROOT):
    modules = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[module_name(path, root)] = path
    return modules


def resolve(module, node, is_package):
    """The absolute name an ImportFrom refers to."""
    if not node.level:
        return node.module
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module, path, modules):
    """The project modules a module imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            target = resolve(module, node, is_package)
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in modules:
                    found.add(submodule)
                elif target in modules:
                    found.add(target)
    found.discard(module)
    return found


def import_graph(root=ROOT):
    modules = source_modules(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    # venues.admin.views imports the app's models; a test that read nothing would pass anything.
    assert "venues.models" in graph["venues.admin.views"] or any(
        name.startswith("venues.models") for name in graph["venues.admin.views"]
    )
    assert len(graph) > 50


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_the_apps():
    assert cycles(import_graph()) == []


def test_the_core_imports_no_domain_app():
    offending = {
        module: sorted(target for target in targets if target.split(".")[0] in DOMAIN_APPS)
        for module, targets in import_graph().items()
        if module.split(".")[0] == CORE
    }
    assert {module: targets for module, targets in offending.items() if targets} == {}


def app_of(module):
    return next(app for app in APPS if module == app or module.startswith(app + "."))


def undeclared_domain_imports(graph, declared):
    found = {}
    for module, targets in graph.items():
        source = app_of(module)
        for target in targets:
            pair = (source, app_of(target))
            if pair[0] != pair[1] and pair[1].split(".")[0] in DOMAIN_APPS and pair not in declared:
                found.setdefault(pair, []).append(f"{module} -> {target}")
    return found


def assert_only_declared_domain_imports(graph):
    assert undeclared_domain_imports(graph, BUILT_ON) == {}


def test_domain_apps_import_each_other_only_for_a_declared_reason():
    assert_only_declared_domain_imports(import_graph())


def write_module(root, module, source):
    """A module file (and its packages' __init__ files) under root."""
    path = root.joinpath(*module.split("."))
    for depth in range(1, len(module.split("."))):
        package = root.joinpath(*module.split(".")[:depth])
        package.mkdir(exist_ok=True)
        (package / "__init__.py").touch()
    path.with_suffix(".py").write_text(source, encoding="utf-8")


def test_a_fake_module_importing_another_domain_app_fails_the_graph_test(tmp_path):
    """A source tree with one module of courses importing venues, once at the top and once
    inside a function, and relative imports of its own app: the test above must fail on
    exactly that import, found by the same walk over the files."""
    write_module(tmp_path, "venues.models.venue", "class Venue: ...\n")
    (tmp_path / "venues" / "models" / "__init__.py").write_text("from .venue import Venue\n")
    write_module(tmp_path, "courses.models", "class School: ...\n")
    write_module(
        tmp_path,
        "courses.public.probe",
        "from ..models import School\n\n\ndef venues_nearby():\n    from venues.models import Venue\n\n"
        "    return Venue, School\n",
    )
    graph = import_graph(tmp_path)
    assert graph["courses.public.probe"] == {"courses.models", "venues.models"}
    assert undeclared_domain_imports(graph, BUILT_ON) == {
        ("courses", "venues"): ["courses.public.probe -> venues.models"]
    }
    with pytest.raises(AssertionError):
        assert_only_declared_domain_imports(graph)
    # Declared, the same import passes: the reason is what lets it through.
    assert undeclared_domain_imports(graph, {**BUILT_ON, ("courses", "venues"): "a probe"}) == {}
    # And the real tree, which holds no such module, still passes.
    assert_only_declared_domain_imports(import_graph())


def test_an_undeclared_import_between_domain_apps_is_caught():
    graph = {
        "venues.streets.signals": {"campaigns.workflow"},
        "venues.bookings.public.forms": {"courses.models"},
    }
    assert undeclared_domain_imports(graph, BUILT_ON) == {
        ("venues.streets", "campaigns"): ["venues.streets.signals -> campaigns.workflow"]
    }


def test_every_declared_reason_is_still_needed():
    pairs = {
        (app_of(module), app_of(target)) for module, targets in import_graph().items() for target in targets
    }
    assert set(BUILT_ON) <= pairs


# --- who sees the whole county is said once, in outreach/access.py -------------------

COUNTY_TABLE_MODULE = "outreach.access"


def literal_county_roles(tree):
    """Lines where a module spells out a county-wide role set itself: a tuple or list
    literal given as `county_roles=`, as a `"county_roles"` dict value, or assigned to a
    name that speaks of the county (COUNTY_ROLES, COUNTY_READERS…)."""
    found = []
    literal = (ast.Tuple, ast.List, ast.Set)
    # A literal under any other name, then handed over as county_roles=NAME, counts too.
    literals = {
        target.id: node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, literal)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "county_roles" and isinstance(node.value, literal):
            found.append(node.value.lineno)
        elif (
            isinstance(node, ast.keyword) and node.arg == "county_roles" and isinstance(node.value, ast.Name)
        ):
            if node.value.id in literals and "COUNTY" not in node.value.id:
                found.append(literals[node.value.id])
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "county_roles"
                    and isinstance(value, literal)
                ):
                    found.append(value.lineno)
        elif isinstance(node, ast.Assign) and isinstance(node.value, literal):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            if any("COUNTY" in name for name in names):
                found.append(node.lineno)
    return found


def test_the_county_role_finder_finds_every_form():
    source = """
COUNTY_ROLES = (roles.EDITOR, roles.REVIEWER)
SCOPE = {"county_roles": (roles.EDITOR,), "township_field": "township"}
def f(user):
    return scope_filter(user, county_roles=[roles.EDITOR], township_field="township")
ALLOWED = scope_filter(user, county_roles=COUNTY_WIDE.venues)
TEAM = (roles.EDITOR, roles.REVIEWER)
HIDDEN = scope_filter(user, county_roles=TEAM)
"""
    assert sorted(literal_county_roles(ast.parse(source))) == [2, 3, 5, 7]


def test_every_app_takes_its_county_wide_roles_from_the_access_table():
    offending = {
        module: lines
        for module, path in source_modules().items()
        if module != COUNTY_TABLE_MODULE
        and (lines := literal_county_roles(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offending == {}
