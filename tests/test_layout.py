"""The code's layout holds to what docs/architecture.md promises a newcomer.

One module per phase of the month in model/phases/, its kernels in model/kernels/ under
the same name and their twins in model/twins/; short modules and functions; kernels
that import nothing of the model but its enums; every attribute a phase sets declared;
IP regimes declared once; no page code in model/.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest
from numba.core.registry import CPUDispatcher

from model import ArtMarketModel, ip, kernels, twins
from model.month import MonthRecord
from model.scenario import PARAMETERS_BY_NAME

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "model"
LONG_BECAUSE = "It is long because"
MAX_MODULE, MAX_MODEL, MAX_FUNCTION = 500, 350, 60


def names(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}


def test_each_phase_has_a_kernels_module_and_a_twins_module_of_the_same_name():
    phases = names(MODEL / "phases")
    assert phases == {"ai", "demand", "choice", "commissions", "contracts", "labour",
                      "accounts", "transitions", "reputation", "measures"}
    assert names(MODEL / "kernels") == phases | {"sorting"}     # sorting serves them all
    assert names(MODEL / "twins") == names(MODEL / "kernels")


def test_the_schedule_runs_the_phases_in_the_order_the_package_lists_them():
    import re

    from model import phases

    listed = re.findall(r"^\s*\d+\.\s+(\w+)", phases.__doc__, re.M)
    assert listed == sorted(names(MODEL / "phases"), key=listed.index) and len(listed) == 10
    step = inspect.getsource(ArtMarketModel.step)
    # Each phase runs on the line the schedule's comment numbers it (three through the
    # model's own methods: the background machinery of a large model).
    through_model = {"demand": "_client_requests", "reputation": "_update_reputation",
                     "measures": "_measure"}
    for k, name in enumerate(listed, 1):
        line = next(x for x in step.splitlines() if f"# {k}. " in x)
        assert through_model.get(name, f"{name}.") in line, (k, name, line)


def test_no_module_is_long_and_the_model_class_keeps_only_its_own_jobs():
    long = {str(p.relative_to(ROOT)): n for p in MODEL.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > MAX_MODULE}
    assert not long, f"modules over {MAX_MODULE} lines: {long}"
    assert len((MODEL / "model.py").read_text().splitlines()) < MAX_MODEL


def _functions(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _body_lines(node) -> int:
    """Lines of a function without its docstring."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def test_no_function_is_over_sixty_lines_without_saying_why():
    files = [*MODEL.rglob("*.py"), *(ROOT / "viz").glob("*.py"), ROOT / "app.py"]
    long = [f"{p.relative_to(ROOT)}:{node.lineno} {node.name} ({_body_lines(node)} lines)"
            for p in files for node in _functions(p)
            if _body_lines(node) > MAX_FUNCTION
            and LONG_BECAUSE not in (ast.get_docstring(node) or "")]
    assert not long, (f"functions over {MAX_FUNCTION} lines whose docstring does not say "
                      f"'{LONG_BECAUSE} ...': {long}")


def test_kernels_are_compiled_cached_documented_and_twinned():
    for name in kernels.KERNELS:
        kernel = getattr(kernels, name)
        doc = inspect.getdoc(kernel) or ""
        assert "Parameters\n----------" in doc and "Returns\n-------" in doc, name
        assert callable(getattr(twins.PYTHON_KERNELS, name)), name
    for path in (MODEL / "kernels").glob("*.py"):
        module = __import__(f"model.kernels.{path.stem}", fromlist=["_"])
        for value in vars(module).values():
            if isinstance(value, CPUDispatcher) and value.__module__ == module.__name__:
                assert type(value._cache).__name__ == "FunctionCache", value.__name__


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_layers_kernels_and_measures_depend_on_nothing_above_them():
    for path in (MODEL / "kernels").glob("*.py"):
        outside = {m for m in _imports(path)
                   if m.startswith("..") and m not in ("..population", "..ip")}
        assert not outside, (path.name, outside)
    for path in (MODEL / "phases").glob("*.py"):
        assert not {m for m in _imports(path) if m in ("..model", "..large")}, path.name
    for path in MODEL.rglob("*.py"):
        page = {m for m in _imports(path) if m.split(".")[0] in ("solara", "ipywidgets",
                                                                 "reacton", "viz")}
        assert not page, (path.name, page)


def _assigned(path: Path, owner: str) -> set[str]:
    """Attributes assigned on the variable `owner` (`owner.x = ...`, `owner.x[...] = ...`
    does not count: that writes into a declared array)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for t in targets:
            for leaf in (t.elts if isinstance(t, ast.Tuple) else [t]):
                if isinstance(leaf, ast.Attribute) and isinstance(leaf.value, ast.Name) \
                        and leaf.value.id == owner:
                    found.add(leaf.attr)
    return found


def test_every_attribute_a_phase_sets_is_declared():
    model = ArtMarketModel(n_artists=60)
    declared = set(vars(model))
    fields = {f.name for f in dataclasses.fields(MonthRecord)}
    for path in (MODEL / "phases").glob("*.py"):
        assert _assigned(path, "m") <= declared, (path.name, _assigned(path, "m") - declared)
        assert _assigned(path, "month") <= fields, (path.name,
                                                    _assigned(path, "month") - fields)


def test_ip_regimes_are_declared_once_and_an_unknown_one_is_an_error():
    assert PARAMETERS_BY_NAME["ip_regime"].choices == tuple(ip.REGIMES)
    with pytest.raises(ValueError, match="ip_regime = 'piracy' is not declared.*commons"):
        ip.regime("piracy")
    with pytest.raises(ValueError, match="a fee needs a payout"):
        ip.IPRegime("half", "fee, no payout", ip.Training.EVERYTHING, fee="licence_fee")
    docs = (ROOT / "docs" / "ODD.md").read_text()
    for regime in ip.REGIMES.values():
        assert regime.summary in " ".join(docs.split()), regime.name
    # No phase names a regime: they read the declared fields.
    for path in (MODEL / "phases").glob("*.py"):
        text = path.read_text()
        assert not [n for n in ip.REGIMES if f'"{n}"' in text], path.name
