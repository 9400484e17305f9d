"""The scale-out deployment: docker-compose.yml is valid and wires the services safely.

No image can be pulled or built here, so the file is checked with the
Compose tool's own ``config`` (which needs no Docker engine) and read as data.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def _compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker is not None:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy is not None:
        return [legacy]
    pytest.skip(
        "neither the Docker Compose plugin (`docker compose`) nor `docker-compose` is "
        "installed: docker-compose.yml was NOT validated"
    )


def _services() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    services: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    return services


def test_the_compose_file_is_valid() -> None:
    result = subprocess.run(
        [*_compose_command(), "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_the_api_and_workers_start_after_healthy_services_and_the_migration() -> None:
    services = _services()
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["access-api", "migrate"]
    assert services["worker"]["command"] == ["access-api", "worker"]


def test_every_long_running_service_has_a_healthcheck() -> None:
    services = _services()
    assert all(services[name].get("healthcheck") for name in ("postgres", "redis", "api", "worker"))


def test_the_api_and_the_workers_share_the_audio_volume_and_the_queue() -> None:
    services = _services()
    for name in ("api", "worker"):
        assert "audio:/audio" in services[name]["volumes"]
        assert services[name]["environment"]["ACCESS_API_AUDIO_DIR"] == "/audio"
        assert services[name]["environment"]["ACCESS_API_QUEUE_URL"].startswith("redis://")
    assert "container_name" not in services["api"], "a fixed name would stop it scaling"
    assert "container_name" not in services["worker"]
