"""Package discovery for the layout of top-level folders mapped into the ``infercost`` namespace.

pyproject.toml's ``[tool.setuptools] package-dir`` maps each folder to its import name
(``gui`` -> ``infercost.gui``); setuptools' own ``packages.find`` cannot add that prefix, so
this finds every package under each mapped folder (every folder with an ``__init__.py``).
A new subpackage ships without being listed anywhere; tests/test_install.py checks the wheel.
"""

import tomllib
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
MAPPED = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
    "package-dir"
]

setup(
    packages=[
        name
        for package, folder in MAPPED.items()
        for name in [package, *(f"{package}.{sub}" for sub in find_packages(str(HERE / folder)))]
    ]
)
