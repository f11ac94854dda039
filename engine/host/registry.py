"""Plugins in, a checked catalogue of criteria, methods and the rest out.

pluggy neither checks what a hook gives nor says which plugin raised, so registration
hooks are called one implementation at a time with a `Registrar` bound to that plugin:
whatever goes wrong is a `PluginError` naming the plugin, the hook and the problem
(`tradeoff.model.errors.plugin_fault`, as for every hook; a `sys.exit()` at import too).
Blocking and unknown hooks are pluggy's own (`set_blocked`, `check_pending`).
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Iterable
from types import FunctionType, MappingProxyType, MethodType, ModuleType
from typing import Any

import attrs
import pluggy

from ..core.methods import Method
from ..core.weighting import WeightingScheme
from ..model.errors import PluginError, plugin_fault
from ..model.scenario import Criterion
from ..version import __version__
from . import hookspecs
from .plugin_types import Chart, Registrar, Registration, ReportFormat, Template

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
    "tradeoff.plugins.cocoso",
    "tradeoff.plugins.codas",
    "tradeoff.plugins.marcos",
    "tradeoff.plugins.mairca",
    "tradeoff.plugins.ocra",
    "tradeoff.plugins.probid",
    "tradeoff.plugins.ram",
    "tradeoff.plugins.lmaw",
    "tradeoff.plugins.skcriteria_bridge",
    "tradeoff.plugins.weights_basic",
    "tradeoff.plugins.weights_rank",
    "tradeoff.plugins.weights_ahp",
    "tradeoff.plugins.weights_objective",
    "tradeoff.plugins.weights_dispersion",
    "tradeoff.plugins.report_html",
    "tradeoff.plugins.report_markdown",
    "tradeoff.plugins.charts",
    "tradeoff.plugins.templates",
)

ENTRY_POINT_GROUP = "tradeoff"
#: Comma-separated entry-point names: load only these third-party plugins.
PLUGINS_ENV = "TRADEOFF_PLUGINS"

#: What each registration hook registers: (hook, type, its name in messages, the
#: `Registry` and `PluginInfo` field, its name in `tradeoff plugins`).
KINDS = (
    ("tradeoff_register_criteria", Criterion, "criterion", "criteria", "criterion"),
    ("tradeoff_register_methods", Method, "method", "methods", "method"),
    ("tradeoff_register_weightings", WeightingScheme, "weighting scheme", "weightings", "weighting"),
    ("tradeoff_register_reports", ReportFormat, "report format", "reports", "report"),
    ("tradeoff_register_charts", Chart, "chart", "charts", "chart"),
    ("tradeoff_register_templates", Template, "template", "templates", "template"),
)


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

    def provided(self) -> list[tuple[str, str]]:
        """(kind, id) of everything it provides, kind by kind."""
        return [(kind[4], item) for kind in KINDS for item in getattr(self, kind[3])]

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)  # tuples as lists


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


def load(
    *, plugins: Iterable[object], builtins: bool, entry_points: bool | Collection[str], block: Collection[str]
) -> Registry:
    """Register the built-ins, then `plugins`, then the entry points (all when
    `entry_points` is True, else those named), none of the `block`ed names, and
    build the catalogue.  A blocked plugin is never imported."""
    pm = _PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in block:
        pm.set_blocked(name)
    sources: dict[str, tuple[str, str]] = {}
    if builtins:
        for name in BUILTIN_PLUGINS:
            if not pm.is_blocked(name):
                _register(pm, _import(name), name)
                sources[name] = ("tradeoff", __version__)
    for plugin in plugins:
        _register(pm, plugin, getattr(plugin, "__name__", None) or type(plugin).__name__)
    if entry_points:
        sources.update(_load_entry_points(pm, None if entry_points is True else set(entry_points)))
    return _collect(pm, sources)


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register one plugin object, turning pluggy's complaints into a `PluginError`."""
    if pm.has_plugin(name):  # pluggy's own message lists every plugin: one line is enough
        raise PluginError(plugin=name, hook="register", problem=f"a plugin named {name!r} is already registered")
    try:
        pm.register(plugin, name=name)  # a blocked name is skipped
    except Exception as error:  # pluggy raises ValueError or PluginValidationError
        raise PluginError(plugin=name, hook="register", problem=str(error)) from error


def _import(name: str) -> object:
    with plugin_fault(name, "import"):
        return importlib.import_module(name)


def _load_entry_points(pm: pluggy.PluginManager, chosen: set[str] | None) -> dict[str, tuple[str, str]]:
    """`pm.load_setuptools_entrypoints`, but in name order, only the `chosen` names,
    and with a failing import named: {name: (distribution, version)}."""
    import importlib.metadata as metadata  # 20-40 ms (email, zipfile...): only when needed

    loaded = {}
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if pm.is_blocked(ep.name) or (chosen is not None and ep.name not in chosen):
            continue
        with plugin_fault(ep.name, f"entry point {ep.value}"):  # its import: sys.exit() there included
            plugin = ep.load()
        _register(pm, plugin, ep.name)
        loaded[ep.name] = (ep.dist.name, ep.dist.version) if ep.dist else ("", "")
    return loaded


def _collect(pm: pluggy.PluginManager, sources: dict[str, tuple[str, str]]) -> Registry:
    """Call the registration hooks impl by impl and build the catalogue."""
    try:
        pm.check_pending()  # a hook implementation with no spec: a misspelt hook name
    except pluggy.PluginValidationError as error:
        unknown = str(error).partition(" in plugin ")[0]
        raise PluginError(
            plugin=pm.get_name(error.plugin) or repr(error.plugin),
            hook="start-up",
            problem=f"{unknown} (hooks are named tradeoff_register_...)",
        ) from None
    tables = {
        field: {key: _resolve(noun, key, entries) for key, entries in _claims(pm, hook, accepts).items()}
        for hook, accepts, noun, field, _label in KINDS
    }
    provided: dict[str, dict[str, list[str]]] = {}
    for field, entries in tables.items():
        for key, entry in entries.items():
            provided.setdefault(entry.plugin, {}).setdefault(field, []).append(key)
            if entry.override:
                provided[entry.plugin].setdefault("overrides", []).append(key)
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:  # a blocked name
            continue
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
        **{field: MappingProxyType({k: e.item for k, e in entries.items()}) for field, entries in tables.items()},
        plugins=tuple(infos),
    )


def _claims(pm: pluggy.PluginManager, hook: str, accepts: type) -> dict[str, list[Registration]]:
    """Call each implementation of `hook` with its own `Registrar`: every registration,
    by id, in registration order (built-ins first, as `get_hookimpls` lists them)."""
    claims: dict[str, list[Registration]] = {}
    for impl in getattr(pm.hook, hook).get_hookimpls():
        registrar = Registrar(plugin=impl.plugin_name, hook=hook, accepts=accepts)
        with plugin_fault(impl.plugin_name, hook):  # a Registrar's own PluginError passes
            returned = impl.function(*(registrar for _ in impl.argnames))
        if returned is not None:
            raise PluginError(
                plugin=impl.plugin_name,
                hook=hook,
                problem=f"returned {type(returned).__name__}; register with registrar.add(...) and return nothing",
            )
        for added in registrar.added:
            claims.setdefault(getattr(added.item, "id", None) or added.item.name, []).append(added)
    return claims


def _resolve(noun: str, key: str, entries: list[Registration]) -> Registration:
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
            problem=f"{noun} {key!r} is {how} by both plugin {first.plugin!r} and plugin {second.plugin!r}; {advice}",
        )
    return chosen[0]
