"""Plugins in, a checked catalogue of criteria and methods out.

pluggy neither checks what a hook gives nor says which plugin raised, so registration
hooks are called one implementation at a time with a registrar bound to that plugin:
whatever goes wrong is a `PluginError` naming the plugin, the hook and the problem.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
from collections.abc import Callable, Iterable
from types import FunctionType, MappingProxyType, MethodType, ModuleType
from typing import Any

import attrs
import pluggy

from . import hookspecs
from .errors import PluginError
from .methods import Method
from .model import Criterion
from .report import Chart, ReportFormat
from .templates import Template
from .weighting import WeightingScheme

#: The modules that make up tradeoff's own plugins, registered like any other.
BUILTIN_PLUGINS = (
    "tradeoff.criteria.cost",
    "tradeoff.criteria.expertise",
    "tradeoff.criteria.control",
    "tradeoff.criteria.lock_in",
    "tradeoff.criteria.morale",
    "tradeoff.plugins.wsm",
    "tradeoff.plugins.topsis",
    "tradeoff.plugins.wpm",
    "tradeoff.plugins.waspas",
    "tradeoff.plugins.moora",
    "tradeoff.plugins.copras",
    "tradeoff.plugins.aras",
    "tradeoff.plugins.edas",
    "tradeoff.plugins.mabac",
    "tradeoff.plugins.vikor",
    "tradeoff.plugins.spotis",
    "tradeoff.plugins.promethee2",
    "tradeoff.plugins.skcriteria_bridge",
    "tradeoff.plugins.weights_basic",
    "tradeoff.plugins.weights_rank",
    "tradeoff.plugins.weights_ahp",
    "tradeoff.plugins.weights_objective",
    "tradeoff.plugins.report_html",
    "tradeoff.plugins.report_markdown",
    "tradeoff.plugins.charts",
    "tradeoff.plugins.templates",
)

ENTRY_POINT_GROUP = "tradeoff"
#: Comma-separated entry-point names: load only these third-party plugins.
PLUGINS_ENV = "TRADEOFF_PLUGINS"


@attrs.frozen(kw_only=True)
class PluginInfo:
    """A registered plugin: its name, where it comes from, and what it provides."""

    name: str
    distribution: str = ""
    version: str = ""
    criteria: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    weightings: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    charts: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    #: Ids this plugin added with ``override=True``, replacing another plugin's.
    overrides: tuple[str, ...] = ()


@attrs.frozen
class _Entry:
    item: Any
    plugin: str
    hook: str
    override: bool


@attrs.define
class _Registrar:
    """Collects one plugin's registrations of one kind, checking each at once."""

    plugin: str
    hook: str
    kind: str
    type_: type
    taken: dict[str, list[_Entry]]

    def add(self, item: Any, *, override: bool = False) -> None:
        """Register `item`.  An id another plugin registers too is an error naming
        both, unless one of them passes ``override=True``: that one wins, whichever
        registers first (see `resolve`)."""
        if not isinstance(item, self.type_):
            raise PluginError(
                plugin=self.plugin,
                hook=self.hook,
                problem=f"add() expects a tradeoff.{self.type_.__name__}, "
                f"got {type(item).__name__}",
            )
        if isinstance(item, Criterion) and item.score is None:
            raise PluginError(
                plugin=self.plugin,
                hook=self.hook,
                problem=f"criterion {item.id!r} has no score function",
            )
        key = getattr(item, "id", None) or item.name
        entry = _Entry(attrs.evolve(item, provided_by=self.plugin), self.plugin, self.hook, override)
        self.taken.setdefault(key, []).append(entry)


def resolve(kind: str, key: str, entries: list[_Entry]) -> _Entry:
    """The one registration of `key` that counts: the only one, or the override."""
    chosen = [e for e in entries if e.override] or entries
    if len(chosen) > 1:
        first, second = chosen[:2]
        how = "overridden" if first.override else "provided"
        advice = "block one of them" if first.override else (
            f"block one (Engine(block=...) or {PLUGINS_ENV}), or have one add it with override=True"
        )
        raise PluginError(
            plugin=second.plugin,
            hook=second.hook,
            problem=f"{kind} {key!r} is {how} by both plugin {first.plugin!r} and plugin {second.plugin!r}; {advice}",
        )
    return chosen[0]


class CriterionRegistrar(_Registrar):
    """Passed to ``tradeoff_register_criteria``: ``registrar.add(Criterion(...))``."""


class MethodRegistrar(_Registrar):
    """Passed to ``tradeoff_register_methods``: ``registrar.add(Method(...))``."""


class WeightingRegistrar(_Registrar):
    """Passed to ``tradeoff_register_weightings``: ``registrar.add(WeightingScheme(...))``."""


class ReportRegistrar(_Registrar):
    """Passed to ``tradeoff_register_reports``: ``registrar.add(ReportFormat(...))``."""


class ChartRegistrar(_Registrar):
    """Passed to ``tradeoff_register_charts``: ``registrar.add(Chart(...))``."""


class TemplateRegistrar(_Registrar):
    """Passed to ``tradeoff_register_templates``: ``registrar.add(Template(...))``."""


@attrs.frozen(kw_only=True)
class Registry:
    """The criteria and methods of one engine, and who provided each."""

    criteria: MappingProxyType[str, Criterion]
    methods: MappingProxyType[str, Method]
    weightings: MappingProxyType[str, WeightingScheme]
    reports: MappingProxyType[str, ReportFormat]
    charts: MappingProxyType[str, Chart]
    templates: MappingProxyType[str, Template]
    plugins: tuple[PluginInfo, ...]


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, quicker to register a module.

    pluggy looks at every name a plugin has (`inspect.getattr_static`, about 10 us
    each); a module's names are mostly imports and constants, so here only those
    bound to something that can implement a hook (the function, staticmethod,
    classmethod and bound-method objects pluggy itself accepts) go on to pluggy's
    own check.  Other plugin objects go straight to pluggy.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        if isinstance(plugin, ModuleType) and not isinstance(
            plugin.__dict__.get(name), (FunctionType, MethodType, staticmethod, classmethod)
        ):
            return None
        return super().parse_hookimpl_opts(plugin, name)


def make_manager() -> pluggy.PluginManager:
    pm = _PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register one plugin object, turning pluggy's complaints into a `PluginError`."""
    if pm.has_plugin(name):  # pluggy's own message lists every plugin: one line is enough
        raise PluginError(plugin=name, hook="register", problem=f"a plugin named {name!r} is already registered")
    try:
        pm.register(plugin, name=name)
    except Exception as error:  # pluggy raises ValueError or PluginValidationError
        raise PluginError(plugin=name, hook="register", problem=str(error)) from error


def import_builtin(name: str) -> object:
    try:
        return importlib.import_module(name)
    except Exception as error:
        raise PluginError(plugin=name, hook="import", problem=repr(error)) from error


def entry_points(allow: Callable[[str], bool]) -> Iterable[tuple[str, object, str, str]]:
    """Load the ``tradeoff`` entry points: (name, plugin, distribution, version)."""
    if not _may_declare(ENTRY_POINT_GROUP):
        return
    import importlib.metadata as metadata  # 20-40 ms (email, zipfile...): only when needed

    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if not allow(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as error:
            raise PluginError(
                plugin=ep.name, hook=f"entry point {ep.value}", problem=f"failed to load: {error!r}"
            ) from error
        dist = ep.dist
        yield ep.name, plugin, (dist.name if dist else ""), (dist.version if dist else "")


def _may_declare(group: str) -> bool:
    """False only when no installed distribution can declare an entry point in `group`.

    Looking for them with `importlib.metadata` costs a start-up more than the rest of
    ranking a scenario (importing it pulls in the email and zipfile packages; about
    20 ms).  This pre-check reads only the ``entry_points.txt`` of each
    ``*.dist-info`` and ``*.egg-info`` directory on `sys.path` (where
    `importlib.metadata` finds them) and says False when none has a ``[group]``
    section.  Anything it does not understand (a zip file or an ``.egg`` on the path,
    an import hook that finds distributions elsewhere) makes it say True, and then
    `importlib.metadata` decides, as it always did.
    """
    for finder in sys.meta_path:
        if finder is not importlib.machinery.PathFinder and hasattr(finder, "find_distributions"):
            return True
    for entry in sys.path:
        if not isinstance(entry, str):
            return True
        folder = entry or "."
        try:
            with os.scandir(folder) as found:
                names = [item.name for item in found]
        except NotADirectoryError:
            return True  # a zip file
        except OSError:
            continue  # a folder that does not exist holds no distribution
        for name in names:
            lower = name.lower()
            if lower.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as f:
                        text = f.read()
                except OSError:
                    continue  # no entry points (importlib.metadata reads none either)
                except UnicodeDecodeError:
                    return True
                if group in text and _has_section(text, group):
                    return True
            elif lower.endswith(".egg"):
                return True
    return False


def _has_section(text: str, group: str) -> bool:
    """Whether an ``entry_points.txt`` has a section `group` (leniently: ``[ group ]``
    and ``[[group]]`` count too)."""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]") and line.strip("[] \t") == group:
            return True
    return False


def check_pending(pm: pluggy.PluginManager) -> None:
    """A hook implementation with no spec (a misspelt hook name) is an error."""
    for name in pm.hook.__dict__:
        if name.startswith("_"):
            continue
        caller = getattr(pm.hook, name)
        if caller.spec is None:
            for impl in caller.get_hookimpls():
                if not impl.optionalhook:
                    raise PluginError(
                        plugin=impl.plugin_name,
                        hook=name,
                        problem="no such hook (hooks are named tradeoff_register_...)",
                    )


#: (hook, registrar class, what it registers, its type, the Registry field).
_SPECS = (
    ("tradeoff_register_criteria", CriterionRegistrar, "criterion", Criterion, "criteria"),
    ("tradeoff_register_methods", MethodRegistrar, "method", Method, "methods"),
    ("tradeoff_register_weightings", WeightingRegistrar, "weighting scheme", WeightingScheme, "weightings"),
    ("tradeoff_register_reports", ReportRegistrar, "report format", ReportFormat, "reports"),
    ("tradeoff_register_charts", ChartRegistrar, "chart", Chart, "charts"),
    ("tradeoff_register_templates", TemplateRegistrar, "template", Template, "templates"),
)


def collect(pm: pluggy.PluginManager, sources: dict[str, tuple[str, str]]) -> Registry:
    """Call the registration hooks impl by impl and build the catalogue."""
    check_pending(pm)
    claims: dict[str, dict[str, list[_Entry]]] = {spec[4]: {} for spec in _SPECS}
    tables: dict[str, dict[str, _Entry]] = {}
    for hook, registrar_type, kind, item_type, table in _SPECS:
        caller = getattr(pm.hook, hook)
        # get_hookimpls() lists implementations in registration order (built-ins first).
        for impl in caller.get_hookimpls():
            registrar = registrar_type(
                plugin=impl.plugin_name, hook=hook, kind=kind, type_=item_type, taken=claims[table]
            )
            try:
                returned = impl.function(*(registrar for _ in impl.argnames))
            except PluginError:
                raise
            except Exception as error:
                raise PluginError(plugin=impl.plugin_name, hook=hook, problem=repr(error)) from error
            if returned is not None:
                raise PluginError(
                    plugin=impl.plugin_name,
                    hook=hook,
                    problem=f"returned {type(returned).__name__}; register with registrar.add(...) and return nothing",
                )
        tables[table] = {key: resolve(kind, key, entries) for key, entries in claims[table].items()}
    provided: dict[str, dict[str, list[str]]] = {}
    for table, entries in tables.items():
        for key, entry in entries.items():
            provided.setdefault(entry.plugin, {}).setdefault(table, []).append(key)
            if entry.override:
                provided[entry.plugin].setdefault("overrides", []).append(key)
    infos = []
    for name, _plugin in pm.list_name_plugin():
        dist, version = sources.get(name, ("", ""))
        mine = provided.get(name, {})
        infos.append(
            PluginInfo(
                name=name,
                distribution=dist,
                version=version,
                **{field: tuple(mine.get(field, ())) for field in [*tables, "overrides"]},
            )
        )
    return Registry(
        **{table: MappingProxyType({k: e.item for k, e in entries.items()}) for table, entries in tables.items()},
        plugins=tuple(infos),
    )
