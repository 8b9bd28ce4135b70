"""The shape of backend/ that docs/architecture.md describes, checked so it cannot drift.

- every domain package is in create_app's list and has one init_app;
- importing any module of backend/ registers nothing (messages, exporters, jobs come from init_app);
- no module imports backend.app (the factory is the top: no app <-> demo cycle);
- a domain imports another domain's models only where the rule below allows it;
- one message mechanism: i18n.register is called from init_app only, LANGUAGES is defined once.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from backend import app as app_module

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
DOMAINS = sorted(p.parent.name for p in BACKEND.glob("*/__init__.py") if p.parent.name != "static")

# The rule (docs/architecture.md, "How domains reach each other"): a domain reaches another through
# that domain's services.py, except for these model imports, each (importing domain, imported domain).
# Shared reference data: every domain may read (join, filter on) the accounts' User and the catalogue's
# Region/Agency/Service rows; only their owner writes them.
SHARED_MODELS = {"accounts", "catalogue"}
ALLOWED_MODEL_IMPORTS = {
    # oauth is the layer under the two OAuth client kinds (one Authlib server, one token table).
    ("oidc", "oauth"): "the OIDC provider is built on the OAuth core's clients, tokens and codes",
    ("integrations", "oauth"): "agency systems are OAuth clients (client credentials) of the same server",
    # The reporting domain: read-only SQL aggregates over other domains' tables, never a write.
    ("performance", "applications"): "Kinerja MPP counts and medians of applications",
    ("performance", "booking"): "Kinerja MPP queue figures",
    ("performance", "consultation"): "Kinerja MPP answer times of questions",
    ("performance", "feedback"): "Kinerja MPP IKM and complaint answer times",
    # The agency systems' port: scoped reads of applications and complaints as SQL (the scope is a query
    # over the row); every status change goes through applications.officer.move.
    ("integrations", "applications"): "the agency API's scoped feed and reads of applications",
    ("integrations", "feedback"): "the agency API's scoped reads of complaints",
}


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(path: Path):
    """Every module path a file imports, absolute, as lists of names (from x import y gives x and x.y)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            yield node.lineno, [target, *([*target, alias.name] for alias in node.names)]
        elif isinstance(node, ast.Import):
            yield node.lineno, [alias.name.split(".") for alias in node.names]


def cross_domain_model_imports() -> list[tuple[str, int, str, str]]:
    """(file, line, importing domain, imported domain) for each import of another domain's models."""
    found = []
    for path in sorted(BACKEND.glob("*/**/*.py")):
        domain = path.relative_to(BACKEND).parts[0]
        if domain not in DOMAINS:
            continue
        for line, targets in _imports(path):
            for target in targets:
                if len(target) >= 3 and target[0] == "backend" and target[1] in DOMAINS and target[1] != domain \
                        and target[2] == "models":
                    found.append((str(path.relative_to(ROOT)), line, domain, target[1]))
                    break
    return found


def test_every_domain_package_is_in_create_apps_list_with_an_init_app():
    listed = [module.__name__.removeprefix("backend.") for module in app_module.DOMAINS]
    assert sorted(listed) == DOMAINS, "add the package to DOMAINS in backend/app.py (docs/architecture.md)"
    assert len(set(listed)) == len(listed)
    for module in app_module.DOMAINS:
        assert callable(getattr(module, "init_app", None)), f"{module.__name__} has no init_app(app)"


def test_create_app_calls_every_domain_in_order(app):
    from backend.wiring import registry

    assert registry(app).domains == [m.__name__.removeprefix("backend.") for m in app_module.DOMAINS]
    positions = [registry(app).domains.index(domain) for domain, _ in registry(app).demo]
    assert positions == sorted(positions) and len(positions) >= 3  # demo data in the domains' order


IMPORT_EVERYTHING = r"""
import json, pkgutil, importlib
import backend
from backend import i18n
core = set(i18n.MESSAGES)
names = [m.name for m in pkgutil.walk_packages(backend.__path__, "backend.")]
for name in names:
    importlib.import_module(name)
after_import = set(i18n.MESSAGES)
lists = sorted(f"{name}.{attr}" for name in names for attr in ("EXPORTERS", "ERASERS")
               if hasattr(importlib.import_module(name), attr))
from backend.app import create_app
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
from backend.wiring import registry
print(json.dumps({"modules": len(names), "added_by_import": sorted(after_import - core), "lists": lists,
                  "added_by_create_app": len(set(i18n.MESSAGES) - core), "exporters": len(registry(app).exporters),
                  "periodic": len(registry(app).periodic), "extensions": sorted(k for k in app.extensions if k.startswith("mpp"))}))
"""


def test_importing_any_backend_module_registers_nothing():
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", IMPORT_EVERYTHING], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["modules"] > 100
    assert report["added_by_import"] == [], "messages registered at import time: register them in init_app"
    assert report["lists"] == [], "module-level registration lists: use the app's registry (backend/wiring.py)"
    # and create_app does register them (so the checks above can fail)
    assert report["added_by_create_app"] > 100 and report["exporters"] >= 10 and report["periodic"] >= 4
    assert report["extensions"] == ["mpp"]


def test_nothing_imports_the_app_factory():
    importers = [str(path.relative_to(ROOT)) for path in BACKEND.rglob("*.py") if path.name != "app.py"
                 for _, targets in _imports(path) if any(t[:2] == ["backend", "app"] for t in targets)]
    assert importers == [], "backend.app is the top of the import graph (backend/demo.py reads the registry)"


def test_domains_import_other_domains_models_only_as_the_rule_allows():
    found = cross_domain_model_imports()
    broken = [f"{file}:{line} imports {target}.models" for file, line, domain, target in found
              if target not in SHARED_MODELS and (domain, target) not in ALLOWED_MODEL_IMPORTS]
    assert not broken, "go through that domain's services.py (docs/architecture.md): " + "; ".join(broken)
    used = {(domain, target) for _, _, domain, target in found}
    assert set(ALLOWED_MODEL_IMPORTS) <= used, f"allowed but unused, remove: {set(ALLOWED_MODEL_IMPORTS) - used}"


def test_one_message_mechanism():
    offenders = []
    for path in BACKEND.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(ROOT))
        if "not in MESSAGES" in text:
            offenders.append(f"{relative}: a 'not in MESSAGES' guard")
        if path.name not in ("__init__.py", "app.py", "i18n.py") and "register(" in text:
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Call) and ast.unparse(node.func) in ("register", "i18n.register"):
                    offenders.append(f"{relative}:{node.lineno}: registers messages outside init_app")
        for node in ast.parse(text).body:
            if isinstance(node, ast.Assign) and "LANGUAGES" in {ast.unparse(t) for t in node.targets} \
                    and relative != "backend/i18n.py":
                offenders.append(f"{relative}:{node.lineno}: its own LANGUAGES (use backend.i18n.LANGUAGES)")
    assert not offenders, offenders
