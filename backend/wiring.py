"""What the domains give the app, in one explicit registry per app (app.extensions["mpp"]).

Each domain package has `init_app(app)`; create_app calls them in a visible order, and each
puts here what it offers to the others: the parts of a resident's data export, what account
deletion must erase outside the database, the push worker's periodic jobs and the demo data.
Nothing is added at import time: importing a module of backend/ registers nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

Exporter = Callable[[Any, Any], tuple[str, Any]]  # (session, user) -> (key in the export, data)
Eraser = Callable[[Any, Any], None]  # (session, user) -> None, before the user row is deleted
Job = Callable[[], Any]


@dataclass
class Registry:
    """Everything the domains registered on one app."""

    domains: list[str] = field(default_factory=list)
    exporters: list[Exporter] = field(default_factory=list)
    erasers: list[Eraser] = field(default_factory=list)
    # Every column that references user_account.id is either exported ("table.column" -> its key
    # in the export) or in not_personal with the reason; tests/accounts/test_export.py walks the models.
    exported_columns: dict[str, str] = field(default_factory=dict)
    not_personal: dict[str, str] = field(default_factory=dict)
    periodic: list[tuple[str, float, Job]] = field(default_factory=list)  # (name, interval seconds, job)
    demo: list[tuple[str, Callable[[Any], None]]] = field(default_factory=list)  # (domain, load(session))

    def export(self, exporter: Exporter, columns: dict[str, str] | None = None,
               not_personal: dict[str, str] | None = None) -> None:
        """Add a part of the data export and the user columns it covers (or excuses)."""
        if exporter in self.exporters:
            raise ValueError(f"exporter registered twice: {exporter.__qualname__}")
        self.exporters.append(exporter)
        self.columns(columns or {}, not_personal or {})

    def columns(self, exported: dict[str, str], not_personal: dict[str, str] | None = None) -> None:
        """Say where user columns are exported, or why they are not personal data (no exporter of their own)."""
        for target, entries in ((self.exported_columns, exported), (self.not_personal, not_personal or {})):
            clash = set(entries) & (set(self.exported_columns) | set(self.not_personal))
            if clash:
                raise ValueError(f"user columns listed twice: {sorted(clash)}")
            target.update(entries)

    def erase(self, eraser: Eraser) -> None:
        """Run eraser at account deletion, in registration order."""
        if eraser in self.erasers:
            raise ValueError(f"eraser registered twice: {eraser.__qualname__}")
        self.erasers.append(eraser)

    def every(self, name: str, interval: float, job: Job) -> None:
        """Have the push worker (`flask notifications worker`) run job every interval seconds."""
        if name in {n for n, _, _ in self.periodic}:
            raise ValueError(f"periodic job registered twice: {name}")
        self.periodic.append((name, interval, job))

    def demo_data(self, domain: str, load: Callable[[Any], None]) -> None:
        """`flask demo load` calls load(session) in the order of create_app's domains."""
        self.demo.append((domain, load))


def registry(app: Flask) -> Registry:
    """The app's registry (made by create_app)."""
    return app.extensions["mpp"]


def init_app(app: Flask) -> Registry:
    if "mpp" in app.extensions:
        raise RuntimeError("wiring.init_app called twice on one app")
    app.extensions["mpp"] = Registry()
    return app.extensions["mpp"]


def init_domains(app: Flask, domains) -> None:
    """Call each domain's init_app in order, recording the order (the demo data follows it)."""
    reg = registry(app)
    for domain in domains:
        reg.domains.append(domain.__name__.rsplit(".", 1)[-1])
        domain.init_app(app)
