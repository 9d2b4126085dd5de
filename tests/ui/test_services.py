"""The services the windows and pages are handed are the ones their types name."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import fields
from typing import Any

import chairdesk.services
from chairdesk.ui.services import UiServices


def _service_classes() -> dict[str, type]:
    """Every class defined in chairdesk/services/, by name (each name must be unique)."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(chairdesk.services.__path__, "chairdesk.services."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                assert name not in found, f"two service classes are called {name}"
                found[name] = value
    return found


def _a_method(cls: type) -> str:
    """The name of a public method the class itself defines."""
    return next(
        name
        for name, value in vars(cls).items()
        if inspect.isfunction(value) and not name.startswith("_")
    )


def test_services_each_page_gets_the_service_its_type_names(services: Any) -> None:
    classes = _service_classes()
    named = [field for field in fields(UiServices) if field.name != "context"]
    assert len(named) >= 16
    for field in named:
        wanted = classes[str(field.type)]
        handed = getattr(services, field.name)
        name = _a_method(wanted)
        assert hasattr(handed, name), f"{field.name} has no {name}: not a {wanted.__name__}"
        method = getattr(handed, name)
        # Whatever stands in for the service, its methods are the real service's, bound to
        # an instance of the annotated class, sharing the one context (the same person).
        real = method.__self__
        assert isinstance(real, wanted), field.name
        assert any(value is services.context for value in vars(real).values()), field.name
