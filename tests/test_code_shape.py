"""The shape of the code under ``claims/``: what STYLE.md asks of it, checked rather than hoped for.

- no word list in Python: a literal collection of more than three strings where a string holds a
  letter is a word list (words the code looks for in text belong in a rule file's lexicon), unless
  it is one of the few collections of names listed below (field names, settings defaults, sheet
  headers, declared names), each with why it is not language; spaCy's own labels (``nsubj``,
  ``PROPN``, ``GPE``) and collections of punctuation alone are not words;
- no function is longer than 60 lines (from its ``def`` to its last line);
- dependencies between the parts of ``claims`` run one way, from the core up to the command line
  (``LAYERS``), so no two parts import each other (directly or round a cycle), function-level
  imports included.
"""

from __future__ import annotations

import ast
from pathlib import Path

from spacy.glossary import GLOSSARY

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "claims"

# Collections of names, not words looked for in text: "path:NAME" (the name the literal is assigned
# to), or "path:<first entry>" for one written inline.
NOT_WORD_LISTS = {
    "claims/__init__.py:__all__": "the package's public names",
    "claims/ruleset/__init__.py:__all__": "the package's public names",
    "claims/worklist/xlsx.py:__all__": "the module's public names",
    "claims/config.py:DEFAULT_STATUSES": "settings defaults a newsroom changes in claims.toml",
    "claims/config.py:DEFAULT_VERDICTS": "settings defaults a newsroom changes in claims.toml",
    "claims/config.py:DEFAULT_RATINGS": "settings defaults a newsroom changes in claims.toml",
    "claims/config.py:DEFAULT_MEANINGS": "settings defaults a newsroom changes in claims.toml",
    "claims/config.py:<statuses>": "the keys claims.toml takes",
    "claims/worklist/cells.py:VERDICT_COLOURS": "the colour of each default verdict",
    "claims/worklist/sheets.py:headers": "the Articles sheet's headers",
    "claims/worklist/xlsx.py:SHEETS": "the workbook's sheet names",
    "claims/worklist/xlsx.py:_OPTIONS": "XlsxWriter's options",
    "claims/worklist/xlsx.py:NEEDS": "the XlsxWriter internals the fast row writer checks for",
    "claims/worklist/xlsx.py:<autofilter>": "sheet-protection options",
    "claims/worklist/reader.py:_READ": "worklist headers and hidden columns read back",
    "claims/worklist/cells.py:HEADER": "XlsxWriter format properties",
    "claims/ledger/db.py:MIGRATIONS": "SQL",
    "claims/cli/common.py:<file>": "the problem table's headers",
    "claims/cli/import_.py:<row>": "the import report's headers",
    "claims/ledger/importer.py:<row>": "the import report's columns",
    "claims/model.py:_EXTRAS": "Quantity's optional fields",
    "claims/model.py:REVIEW_FIELDS": "Review's fields",
    "claims/ingest/records.py:OPTIONAL_FIELDS": "the fields of an article record",
    "claims/ingest/files.py:<title>": "the Article fields a record or SOURCES.json gives",
    "claims/ingest/html.py:_BLOCKS": "the XML tags trafilatura writes",
    "claims/worklist/formats.py:<text>": "the contract's field names",
    "claims/worklist/formats.py:_CHANGE_FIELDS": "the contract's field names",
    "claims/worklist/sheets.py:_COLUMN_GUIDE": "the Guide sheet's text for each column",
    "claims/worklist/sheets.py:tables": "the Summary sheet's tables",
    "claims/nlp/pipeline.py:NEEDED_COMPONENTS": "spaCy component names",
    "claims/ruleset/expect.py:CLAIM_KEYS": "the keys a rule example's expect takes",
    "claims/ruleset/expect.py:LIST_KEYS": "the keys a rule example's expect takes",
    "claims/ruleset/expect.py:FIGURE_ALWAYS": "the keys of a figure in a rule example's expect",
    "claims/ruleset/expect.py:FIGURE_CHANGE": "the keys of a figure in a rule example's expect",
    "claims/ruleset/expect.py:STATEMENT_KEYS": "the keys of a statement in a rule example's expect",
    "claims/ruleset/expect.py:COMPARISON_KEYS": "the keys of a comparison in a rule example's expect",
    "claims/ruleset/load.py:FILE_KEYS": "the keys a rule file takes",
    "claims/ruleset/load.py:RULE_KEYS": "the keys a rule takes",
    "claims/families/registry.py:<cue>": "the token names the attribution family's patterns may use",
    "claims/families/quantities/find.py:_TYPE_PRIORITY": "the quantities family's value types, by precedence",
    "claims/score.py:SIGNAL_KEYS": "the keys a scoring signal takes",
    "claims/score.py:FEATURE_WORDS": "the names of the scoring lexicon's feature word lists",
    "claims/score.py:PRIORITY_KEYS": "the keys of the priority block",
    "claims/score.py:CLAIM_FEATURES": "feature names",
    "claims/score.py:<person>": "source kinds",
    "claims/families/sources.py:<publication>": "source kinds",
    "claims/families/consistency.py:<anniversary>": "normalised unit names (claims.normalize.units), not words",
    "claims/normalize/dates.py:<year>": "normalised period names and the date precision each needs",
}


# The parts of claims (its subpackages and top-level modules), lowest first: a part imports only parts
# of its own layer or lower ones, and never round a cycle.
LAYERS = [
    {"errors", "model"},  # the records everything shares and the typed errors
    {"normalize", "fileio", "config"},  # pure values, safe file writing, settings
    {"ruleset"},  # rule files, their validation and matchers
    {"score", "ingest"},  # check-worthiness signals; files → articles
    {"families"},  # the claim families and the claims made of their findings
    {"nlp"},  # the spaCy component, pipeline loading, articles parsed in batches
    {"worklist"},  # the worklist: plan, matching, xlsx/csv/jsonl writers, reader, ClaimReview
    {"ledger"},  # the SQLite ledger and the import of reviewed worklists
    {"resolve", "explain", "cluster"},  # rules and settings resolved for a command; explain; Dask
    {"app"},  # the flow: files → articles → claims → ledger → worklist
    {"cli", "__main__", "__init__"},  # the command line and the Python API
]


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "__init__"


def _import_graph() -> dict[str, set[str]]:
    """Part → the parts it imports (every import statement, module-level or not)."""
    graph: dict[str, set[str]] = {}
    for path in CLAIMS.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        source = _part(module) if module != "claims" else "__init__"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.startswith("claims.") and _part(name) != source:
                    graph.setdefault(source, set()).add(_part(name))
    return graph


def test_no_function_is_longer_than_60_lines():
    long = []
    for path in sorted(CLAIMS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {lines} lines")
    assert long == []


def test_every_part_of_claims_has_a_layer():
    parts = {
        p.stem if p.is_file() else p.name for p in CLAIMS.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()
    }
    placed = set().union(*LAYERS)
    assert parts - {"rules"} <= placed, sorted(parts - placed)


def test_dependencies_run_one_way_from_the_core_to_the_command_line():
    layer = {part: n for n, parts in enumerate(LAYERS) for part in parts}
    upward = [
        f"{source} (layer {layer[source]}) imports {target} (layer {layer[target]})"
        for source, targets in sorted(_import_graph().items())
        for target in sorted(targets)
        if layer[target] > layer[source]
    ]
    assert upward == []


def test_no_two_parts_import_each_other():
    graph = _import_graph()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in graph.get(start, ())
        )

    cycles = sorted({tuple(sorted((a, b))) for a, targets in graph.items() for b in targets if reaches(b, a, {b})})
    assert cycles == []


def _is_words(strings: list[str]) -> bool:
    if all(s in GLOSSARY or s.isupper() for s in strings):
        return False  # spaCy's labels and attribute names, declared labels
    return any(any(c.isalpha() for c in s) for s in strings)


def _collections(tree: ast.AST) -> list[tuple[str, int, list[str]]]:
    """``(name, line, strings)`` of each literal collection of more than three strings."""
    named: dict[int, str] = {}
    for node in ast.walk(tree):
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        value = getattr(node, "value", None)
        if isinstance(value, ast.Call) and value.args:  # frozenset({...}), set([...])
            value = value.args[0]
        for target in targets:
            if isinstance(target, ast.Name) and value is not None:
                named[id(value)] = target.id
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) for v in node.values):
            items = [k for k in node.keys if k is not None]  # a table: {word: value}
        else:
            continue
        if items and all(isinstance(e, ast.Tuple) and e.elts for e in items):
            items = [e.elts[0] for e in items]  # a table written as pairs: (("more than", ">"), ...)
        strings = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if len(strings) > 3 and _is_words(strings):
            found.append((named.get(id(node), f"<{strings[0]}>"), node.lineno, strings))
    return found


def test_no_python_file_holds_a_word_list():
    found = []
    for path in sorted(CLAIMS.rglob("*.py")):
        shown = path.relative_to(ROOT).as_posix()
        for name, line, strings in _collections(ast.parse(path.read_text(encoding="utf-8"))):
            if f"{shown}:{name}" not in NOT_WORD_LISTS:
                found.append(f"{shown}:{line} {name}: {strings[:6]}")
    assert found == [], "word lists belong in a rule file's lexicon:\n" + "\n".join(found)


def test_the_list_of_name_collections_is_not_stale():
    seen = set()
    for path in sorted(CLAIMS.rglob("*.py")):
        shown = path.relative_to(ROOT).as_posix()
        seen |= {f"{shown}:{name}" for name, _, _ in _collections(ast.parse(path.read_text(encoding="utf-8")))}
    assert sorted(set(NOT_WORD_LISTS) - seen) == []
