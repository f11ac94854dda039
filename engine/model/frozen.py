"""Immutable collections for frozen value objects.

A frozen attrs class only stops rebinding its fields; a dict or list inside can still
be changed, by any holder, behind every other holder's back.  `freeze` turns plain
data into `FrozenMap`s and tuples (and numpy arrays into read-only copies), so what a
frozen object holds is as fixed as the object; `thaw` gives plain dicts and lists back
for writers that want them (TOML, JSON): the one rule for turning held data into plain
data.  `types.MappingProxyType` is no substitute:
it does not pickle, and scenarios travel to worker processes.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

import numpy as np

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable, picklable mapping that keeps its keys' order.

    Built like a dict (shallow: `freeze` goes all the way down); it equals any mapping
    with the same items, a dict included, as dicts do."""

    __slots__ = ("_items", "_hash", "_deep")

    def __init__(self, items: Mapping[K, V] | Any = (), /, **more: V) -> None:
        object.__setattr__(self, "_items", dict(items, **more))
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_deep", False)  # True once `freeze` made it: frozen all the way

    @classmethod
    def of_frozen(cls, items: dict[K, V]) -> FrozenMap[K, V]:
        """A deep `FrozenMap` holding `items` itself, a new dict whose values are
        frozen all the way already (`freeze`'s, a ranking's): no copy."""
        made = object.__new__(cls)
        object.__setattr__(made, "_items", items)
        object.__setattr__(made, "_hash", None)
        object.__setattr__(made, "_deep", True)
        return made

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    # The dict's own views (read-only, and C-fast: ``**params`` of a FrozenMap then
    # costs what a dict's does, not five times as much through `Mapping`'s).
    def keys(self) -> KeysView[K]:
        return self._items.keys()

    def values(self) -> ValuesView[V]:
        return self._items.values()

    def items(self) -> ItemsView[K, V]:
        return self._items.items()

    def get(self, key: K, default: Any = None) -> Any:
        return self._items.get(key, default)

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:  # order-free, like equality
            object.__setattr__(self, "_hash", hash(frozenset(self._items.items())))
        return self._hash  # type: ignore[return-value]

    def __or__(self, other: Mapping[K, V]) -> FrozenMap[K, V]:
        return FrozenMap({**self._items, **other})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"FrozenMap is immutable: cannot set {name!r}")

    def __reduce__(self) -> tuple[type, tuple[dict[K, V]]]:
        return (FrozenMap, (self._items,))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


class Deferred:
    """A value computed when it is first read: a method's diagnostic that costs a
    pass over a large matrix (each row's contribution of each criterion), which most
    callers never read.  `make()` gives the value; a `DeferredMap` calls it once."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class DeferredMap(FrozenMap[K, V]):
    """A deep `FrozenMap` some of whose values are `Deferred`: each is made (and
    frozen) when first read; iterating its values, comparing, hashing and pickling
    make them all.  Its keys are known at once."""

    __slots__ = ()

    def __getitem__(self, key: K) -> V:
        value = self._items[key]
        if type(value) is Deferred:
            value = _made(value)
            self._items[key] = value  # the same value whichever thread makes it first
        return value

    def get(self, key: K, default: Any = None) -> Any:
        return self[key] if key in self._items else default

    def settled(self) -> dict[K, V]:
        """The items, every value made."""
        for key in list(self._items):
            self[key]
        return self._items

    def values(self) -> ValuesView[V]:
        return self.settled().values()

    def items(self) -> ItemsView[K, V]:
        return self.settled().items()

    def __eq__(self, other: object) -> bool:
        self.settled()
        return super().__eq__(other)

    def __hash__(self) -> int:
        self.settled()
        return super().__hash__()

    def __reduce__(self) -> tuple[type, tuple[dict[K, V]]]:
        return (FrozenMap, (self.settled(),))

    def __repr__(self) -> str:
        return f"FrozenMap({self.settled()!r})"


def _made(value: Deferred) -> Any:
    """A deferred value, made and frozen: a new array made read-only where it is."""
    made = value.make()
    if type(made) is np.ndarray:
        made.setflags(False)
        return made
    return freeze(made)


def freeze(value: Any) -> Any:
    """`value` with every mapping a `FrozenMap`, every list or tuple a tuple and every
    numpy array a read-only copy, all the way down; other values as they are.

    Exact types are tried first: results are frozen on every ranking, and an abstract
    `Mapping` check costs more than the copy of a small array."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is np.ndarray:
        return _read_only_array(value)
    if (kind is FrozenMap or kind is DeferredMap) and value._deep:
        return value
    if kind is Deferred:
        return _made(value)
    if kind is dict or kind is FrozenMap or isinstance(value, Mapping):
        return FrozenMap.of_frozen({key: freeze(item) for key, item in value.items()})
    if kind is tuple or kind is list or isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if isinstance(value, np.ndarray):
        return _read_only_array(value)
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _read_only_array(value: np.ndarray) -> np.ndarray:
    if value.flags.writeable:
        value = value.copy()
        value.setflags(False)  # write=False
    return value


def read_only(value: Any) -> np.ndarray:
    """`value` as an array a frozen object can hold: a read-only copy, unless it is a
    read-only array already (a slice of one, say), which is kept as it is."""
    return freeze(np.asarray(value))


def thaw(value: Any) -> Any:
    """Plain data back, as JSON and TOML writers take it: mappings as dicts, tuples and
    lists as lists, all the way down (arrays and scalars as they are)."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(item) for item in value]
    return value


# attrs converters as Python functions: attrs reads each converter's signature when a
# class is made, and a builtin's (tuple, float) costs a parse of its text signature,
# 0.25 ms each, 15 ms of every start-up over the package's classes.


def as_tuple(value: Any) -> tuple[Any, ...]:
    """``tuple(value)``, as an attrs converter."""
    return tuple(value)


def as_frozenset(value: Any) -> frozenset[Any]:
    """``frozenset(value)``, as an attrs converter."""
    return frozenset(value)


def as_float(value: Any) -> float:
    """``float(value)``, as an attrs converter."""
    return float(value)
