"""The one ``from_api``: an entity read from a server's mapping, field by field, by type.

Each field of an entity is read by its annotation: ``str`` by ``_str``, ``int | None`` by
``_opt_int``, ``tuple[Tag, ...]`` by ``Tag.from_api`` over a list, ``Poll | None`` by
``Poll.from_api`` when the server sent a mapping, and so on (``_READERS``). A class names
only its exceptions: ``_keys`` (a field under another key, inside a nested mapping, or
with a fallback key), ``_special`` (a field read from the whole mapping by a function)
and ``_given`` (fields its own ``from_api`` works out and passes in, like a boost's depth).

The reader is written as Python source once per class, on first use, and compiled, as
``dataclasses`` writes ``__init__``: a page of 40 posts is read on every load, and a loop
over a table of readers costs about a tenth more than the straight calls this produces.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any, ClassVar, Self, get_args, get_origin

from tootui.api.entities.readers import (
    Visibility,
    _bool,
    _datetime,
    _datetime_or_epoch,
    _int,
    _ints,
    _map,
    _maybe_map,
    _opt_int,
    _opt_str,
    _opt_visibility,
    _seq,
    _str,
    _strs,
    _visibility,
)

FieldReader = Callable[[Mapping[str, Any]], Any]
"""Reads one field from the whole mapping a server sent."""

_READERS: dict[Any, Callable[[Any], Any]] = {
    str: _str,
    str | None: _opt_str,
    int: _int,
    int | None: _opt_int,
    bool: _bool,
    datetime: _datetime_or_epoch,
    datetime | None: _datetime,
    Visibility: _visibility,
    Visibility | None: _opt_visibility,
    tuple[str, ...]: _strs,
    tuple[int, ...]: _ints,
}


class Entity:
    """Base of the entities whose ``from_api`` is their fields read by type."""

    __slots__ = ()

    # Where a field is not under its own name: a key, a dotted path into a nested mapping,
    # or several, the first that reads as non-empty winning.
    _keys: ClassVar[Mapping[str, str | tuple[str, ...]]] = {}
    # Fields read from the whole mapping by a function of the class's own.
    _special: ClassVar[Mapping[str, FieldReader]] = {}
    # Fields the class's own ``from_api`` works out and passes to ``_read``.
    _given: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_api(cls, data: Any) -> Self:
        """Read what a server sent; wrong types, nulls and missing keys read as empty."""
        return _install(cls, "from_api")(data)  # type: ignore[no-any-return]

    @classmethod
    def _read(cls, data: Any, **given: Any) -> Self:
        """``from_api`` with the ``_given`` fields passed in by the class's own."""
        return _install(cls, "_read")(data, **given)  # type: ignore[no-any-return]


def _install(cls: type[Entity], name: str) -> Callable[..., Any]:
    """Compile ``cls``'s reader and put it in place of the stub that called this."""
    setattr(cls, name, classmethod(_compile(cls)))
    return getattr(cls, name)  # type: ignore[no-any-return]


def _compile(cls: type[Entity]) -> Callable[..., Any]:
    module = vars(sys.modules[cls.__module__])
    scope: dict[str, Any] = {"_map": _map, "_maybe_map": _maybe_map, "_seq": _seq}
    args: list[str] = []
    for n, f in enumerate(fields(cls)):  # type: ignore[arg-type]
        if f.name in cls._given:
            args.append(f"{f.name}={f.name}")
            continue
        if f.name in cls._special:
            scope[f"_s{n}"] = cls._special[f.name]
            args.append(f"{f.name}=_s{n}(d)")
            continue
        hint = eval(f.type, module) if isinstance(f.type, str) else f.type
        scope[f"_r{n}"] = reader = _READERS.get(hint) or _entity_in(hint)
        spec = cls._keys.get(f.name, f.name)
        values = [_raw(path) for path in ((spec,) if isinstance(spec, str) else spec)]
        if not isinstance(reader, type):
            read = [f"_r{n}({v})" for v in values]
        elif get_origin(hint) is tuple:  # entities: read by their own from_api, looked up late
            read = [f"tuple([_r{n}.from_api(x) for x in _seq({v})])" for v in values]
        elif isinstance(hint, types.UnionType):
            read = [
                f"(_r{n}.from_api(_m) if (_m := _maybe_map({v})) is not None else None)"
                for v in values
            ]
        else:
            read = [f"_r{n}.from_api({v})" for v in values]
        args.append(f"{f.name}={' or '.join(read)}")
    given = "".join(f", {name}" for name in cls._given)
    source = (
        f"def from_api(cls, data{', *' + given if given else ''}):\n"
        "    d = _map(data)\n"
        "    g = d.get\n"
        f"    return cls({', '.join(args)})\n"
    )
    exec(source, scope)  # our own source, written from the class's fields
    compiled: Callable[..., Any] = scope["from_api"]
    compiled.__qualname__ = f"{cls.__qualname__}.from_api"
    return compiled


def _raw(path: str) -> str:
    """The expression for a key (``"id"``) or a key inside a mapping (``"source.privacy"``)."""
    first, *rest = path.split(".")
    value = f"g({first!r})"
    for key in rest:
        value = f"_map({value}).get({key!r})"
    return value


def _entity_in(hint: Any) -> type:
    """The class with a ``from_api`` in ``E``, ``E | None`` or ``tuple[E, ...]``."""
    args = [a for a in get_args(hint) if a is not type(None) and a is not Ellipsis]
    found = args[0] if len(args) == 1 else hint
    if isinstance(found, type) and hasattr(found, "from_api"):
        return found
    raise TypeError(f"no reader for a field of type {hint!r}")
