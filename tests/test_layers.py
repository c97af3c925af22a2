"""The layer order in docs/architecture.md holds: an app imports only the apps below it.

The contract lives in pyproject.toml (`[tool.importlinter]`) and `.ci/run` runs `lint-imports`
too; running it here means `make test` fails as soon as an import points upwards.
"""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contract() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _lint(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo", config],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_app_imports_an_app_above_it():
    result = _lint(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_fails_when_an_import_points_upwards(tmp_path):
    # Put core above accounts: accounts imports core everywhere, so the same tool must object.
    settings = _contract()
    contract = settings["contracts"][0]
    layers = [layer for layer in contract["layers"] if layer not in {"core", "accounts"}] + ["core", "accounts"]
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[tool.importlinter]\n"
        f"root_packages = {json.dumps(settings['root_packages'])}\n"
        "[[tool.importlinter.contracts]]\n"
        'name = "core above accounts"\n'
        'type = "layers"\n'
        f"layers = {json.dumps(layers)}\n"
        f"ignore_imports = {json.dumps(contract.get('ignore_imports', []))}\n"
        'unmatched_ignore_imports_alerting = "none"\n'
    )
    result = _lint(config)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout and "accounts." in result.stdout


def test_the_layer_order_is_the_one_docs_architecture_describes():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    block = re.search(r"<!-- layers -->\s*```\n(.*?)```", doc, re.S).group(1)
    documented = [line.split()[0] for line in block.splitlines() if line.strip()]
    contracted = [
        app.strip()
        for layer in _contract()["contracts"][0]["layers"]
        if layer != "config"
        for app in layer.strip("()").split("|")
    ]
    assert documented == contracted
