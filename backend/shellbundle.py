"""The first screen's modules as one file, derived from the sources when served (never kept by hand).

`pwa/app.js` imports some twenty small modules; fetched one by one they were most of the first
load's requests and header bytes. The server serves `/pwa/app.js` as a bundle of app.js and every
module it reaches through static imports, each module in its own function scope, in the order the
browser would evaluate them. Each bundled module's own URL (`/pwa/dom.js`, ...) is then served as a
two-line facade that re-exports that module from the bundle, so a screen loaded later with
`import()` shares the one instance (one dictionary, one session, one outbox). `db.js` and
`outbox-core.js` are classic scripts the worker also pulls in with importScripts: they are always
served as they are (they keep to themselves when loaded twice).

Only the plain forms of import and export are understood; anything else raises BundleError, and the
server then serves every file as written (more requests, same app). tests/test_shellbundle.py keeps
the sources within those forms.
"""
from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from pathlib import Path

ENTRY = "/pwa/app.js"
VERSION_MARK = "?v=__SHELL_VERSION__"  # replaced by the shell version when served
CLASSIC = frozenset({"/pwa/db.js", "/pwa/outbox-core.js"})  # importScripts'ed by the worker too

IMPORT = re.compile(r"""^import\s+(?:(?P<what>[^"';]+?)\s+from\s+)?["'](?P<spec>[^"']+)["'];?[ \t]*$""", re.M)
DYNAMIC = re.compile(r"""\bimport\((["'])(\.{1,2}/[^"']+)\1\)""")
DECLARATION = re.compile(r"^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)", re.M)
EXPORT_LIST = re.compile(r"^export\s*\{([^}]*)\};?[ \t]*$", re.M)
EXPORT_DEFAULT = re.compile(r"^export\s+default\s+", re.M)
IDENT = re.compile(r"[A-Za-z_$][\w$]*")


class BundleError(ValueError):
    """A module uses an import or export form the bundler does not understand."""


def _resolve(module: str, spec: str) -> str:
    if not spec.startswith(("./", "../", "/")):
        raise BundleError(f"{module}: bare import {spec!r}")
    return posixpath.normpath(spec if spec.startswith("/") else posixpath.join(posixpath.dirname(module), spec))


def _bindings(module: str, what: str) -> list[tuple[str, str]]:
    """(exported name, local name) pairs of an import clause; ("*", ns) for a namespace."""
    pairs = []
    what = what.strip()
    braces = re.search(r"\{([^}]*)\}", what)
    rest = re.sub(r"\{[^}]*\}", "", what).strip().strip(",").strip()
    if rest.startswith("* as "):
        pairs.append(("*", rest[5:].strip()))
    elif rest:
        if not IDENT.fullmatch(rest):
            raise BundleError(f"{module}: import clause {what!r}")
        pairs.append(("default", rest))
    for raw in (braces.group(1).split(",") if braces else []):
        item = raw.strip()
        if not item:
            continue
        parts = item.split()
        if len(parts) == 1 and IDENT.fullmatch(parts[0]):
            pairs.append((parts[0], parts[0]))
        elif len(parts) == 3 and parts[1] == "as":
            pairs.append((parts[0], parts[2]))
        else:
            raise BundleError(f"{module}: import clause {what!r}")
    return pairs


def _module_source(root: Path, module: str) -> str:
    return (root / module.lstrip("/")).read_text(encoding="utf-8")


def _transform(module: str, source: str) -> tuple[list[str], str, list[tuple[str, str]]]:
    """(static dependencies, body without import/export syntax, [(exported name, local name)])."""
    deps: list[str] = []

    def replace_import(match: re.Match) -> str:
        target = _resolve(module, match["spec"])
        deps.append(target)
        if not match["what"]:
            return ""
        lines = []
        named = []
        for exported, local in _bindings(module, match["what"]):
            if exported == "*":
                lines.append(f"const {local} = __m[{target!r}];")
            else:
                named.append(local if exported == local else f"{exported}: {local}")
        if named:
            lines.append(f"const {{ {', '.join(named)} }} = __m[{target!r}];")
        return " ".join(lines).replace("'", '"')

    body = IMPORT.sub(replace_import, source)
    body = DYNAMIC.sub(lambda m: f'import("{_resolve(module, m.group(2))}{VERSION_MARK}")', body)
    exports = [(name, name) for name in DECLARATION.findall(body)]
    body = re.sub(r"^export\s+(?=(?:async\s+)?(?:function|class|const|let|var)\b)", "", body, flags=re.M)
    for match in EXPORT_LIST.finditer(body):
        for item in match.group(1).split(","):
            parts = item.split()
            if len(parts) == 1:
                exports.append((parts[0], parts[0]))
            elif len(parts) == 3 and parts[1] == "as":
                exports.append((parts[2], parts[0]))
            elif parts:
                raise BundleError(f"{module}: export list {match.group(0)!r}")
    body = EXPORT_LIST.sub("", body)
    if EXPORT_DEFAULT.search(body):
        body = EXPORT_DEFAULT.sub("const __default = ", body, count=1)
        exports.append(("default", "__default"))
    if re.search(r"^\s*export\b", body, re.M) or re.search(r"^\s*import\s", body, re.M) or (
            "import.meta" in body and module != ENTRY):  # the bundle is served at the entry's URL
        raise BundleError(f"{module}: an export or import form the bundler does not handle")
    if re.search(r"\bimport\((?![\"'/]|path\))", body) and posixpath.dirname(module) != posixpath.dirname(ENTRY):
        raise BundleError(f"{module}: import() of a computed path outside {posixpath.dirname(ENTRY)}/")
    return deps, body, exports


def modules(root: Path) -> list[str]:
    """The entry and everything it reaches by static imports, dependencies first (evaluation order)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(module: str) -> None:
        if module in order:
            return
        if module in visiting:
            raise BundleError(f"import cycle through {module}")
        visiting.add(module)
        deps, _, _ = _transform(module, _module_source(root, module))
        for dep in deps:
            visit(dep)
        visiting.discard(module)
        order.append(module)

    visit(ENTRY)
    return order


def _lean(body: str) -> str:
    """Comment-only lines and indentation out (a seventh of the compressed bytes). Lines are never
    joined, so semicolon insertion is unchanged; a module with a string running over lines (a
    template literal or a backslash continuation) is left as it is."""
    lines = body.split("\n")
    if any(line.count("`") % 2 or line.endswith("\\") for line in lines):
        return body
    body = re.sub(r"(?ms)^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", "", body)
    body = re.sub(r"(?m)^[ \t]*//.*\n", "", body)
    return re.sub(r"(?m)^[ \t]+", "", body)


def _digest(root: Path) -> str:
    total = hashlib.sha256()
    for path in sorted((root / "pwa").rglob("*.js")):
        stat = path.stat()
        total.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    return total.hexdigest()


@functools.lru_cache(maxsize=8)
def _build(root: str, _digest_value: str) -> tuple[str, dict[str, list[str]]]:
    base = Path(root)
    parts = ["/* Derived from pwa/app.js and its static imports by backend/shellbundle.py: edit those files. */",
             "const __m = {};"]
    names: dict[str, list[str]] = {}
    for module in modules(base):
        _, body, exports = _transform(module, _module_source(base, module))
        body = _lean(body)
        names[module] = [exported for exported, _ in exports]
        getters = ", ".join(f"get {exported}() {{ return {local}; }}" for exported, local in exports)
        parts.append(f"// {module}\n__m[{module!r}] = (() => {{\n{body.rstrip()}\nreturn {{ {getters} }};\n}})();".replace(
            f"__m[{module!r}]", f'__m["{module}"]'))
    entry_names = [n for n in names[ENTRY] if n != "default"]
    parts.append(f'export const __modules = __m;\nexport const {{ {", ".join(entry_names)} }} = __m["{ENTRY}"];')
    return "\n".join(parts) + "\n", names


def bundle(root: Path) -> tuple[str, dict[str, list[str]]]:
    """(the bundle's source, {module: its export names}); rebuilt only when a pwa/*.js file changes."""
    return _build(str(root), _digest(root))


def bundled(root: Path, url_path: str) -> bytes | None:
    """What to serve for a /pwa/ module URL: the bundle for the entry, a facade for a bundled module,
    None for anything else (and for everything when the sources cannot be bundled)."""
    try:
        source, names = bundle(root)
    except (BundleError, OSError):
        return None
    from .shellversion import shell_version

    version = shell_version(root)
    if url_path == ENTRY:
        return source.replace(VERSION_MARK, f"?v={version}").encode("utf-8")
    if url_path in CLASSIC:
        return None
    if url_path not in names:
        return _versioned_imports(root, url_path, version)
    entry = f"{ENTRY}?v={version}"  # the very URL index.html loads: one module instance
    exported = [n for n in names[url_path] if n != "default"]
    lines = [f"/* {url_path} lives in {ENTRY} (backend/shellbundle.py); this re-exports it. */",
             f'import {{ __modules }} from "{entry}";']
    if exported:
        lines.append(f'export const {{ {", ".join(exported)} }} = __modules["{url_path}"];')
    if "default" in names[url_path]:
        lines.append(f'export default __modules["{url_path}"].default;')
    return ("\n".join(lines) + "\n").encode("utf-8")


def _versioned_imports(root: Path, url_path: str, version: str) -> bytes | None:
    """A module loaded later, its relative imports made `/pwa/...?v=<version>`: the URLs the worker
    precached, so nothing is fetched twice and the bundled modules stay one instance each."""
    path = root / url_path.lstrip("/")
    if not url_path.startswith("/pwa/") or not path.is_file():
        return None
    source = path.read_text(encoding="utf-8")

    def static(match: re.Match) -> str:
        return match.group(0).replace(match["spec"], f"{_resolve(url_path, match['spec'])}?v={version}")

    rewritten = IMPORT.sub(static, source)
    rewritten = DYNAMIC.sub(lambda m: f'import("{_resolve(url_path, m.group(2))}?v={version}")', rewritten)
    return rewritten.encode("utf-8") if rewritten != source else None
