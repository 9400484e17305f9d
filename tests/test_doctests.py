"""The examples in the package's docstrings run, and say what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import access_api

# Alembic's entry point runs migrations when imported; it has no examples.
_SKIPPED = ("access_api.migrations",)


def _modules_with_examples() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(access_api.__path__, prefix="access_api.")
        if not info.name.startswith(_SKIPPED)
    ]
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [
        name
        for name in ["access_api", *names]
        if any(test.examples for test in finder.find(importlib.import_module(name)))
    ]


MODULES = _modules_with_examples()


def test_the_package_has_examples_to_run() -> None:
    assert len(MODULES) >= 5, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_a_module_hold(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder(exclude_empty=True).find(module):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
