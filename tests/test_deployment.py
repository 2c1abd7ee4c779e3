"""The lock file pins what pyproject.toml asks for, and the container files describe the processes the README names."""

import re
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def pinned():
    lock = (ROOT / "requirements.lock").read_text()
    return {canonicalize_name(name): version for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", lock, re.M)}


def test_every_dependency_is_locked_with_an_allowed_version_and_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted += extra
    pins = pinned()
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]}: run make lock"
    lock = (ROOT / "requirements.lock").read_text()
    assert all("--hash=sha256:" in block for block in re.split(r"\n(?=[A-Za-z0-9])", lock) if "==" in block)
    assert "make lock" in lock.splitlines()[4]


def test_the_compose_file_runs_the_production_processes():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "redis", "minio", "web", "worker", "scheduler", "proxy"} <= set(services)
    assert services["web"]["deploy"]["replicas"] == 2
    assert "run_worker" in services["worker"]["command"] and "run_timers" in services["scheduler"]["command"]
    assert "gunicorn" in " ".join(services["web"]["command"])
    env = compose["x-app"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "cms.settings.production" and env["STORAGE"] == "s3"
    # `${NAME:-default}`: what compose uses when the operator's environment does not say otherwise.
    default = {name: re.sub(r"^\$\{\w+:-(.*)\}$", r"\1", str(value)) for name, value in env.items()}
    assert default["LOG_FORMAT"] == "json" and default["DB_POOL"] == "1" and default["TRUSTED_PROXY_COUNT"] == "1"
    for name in ("S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_MEDIA_BUCKET", "S3_PRIVATE_BUCKET",
                 "REDIS_URL", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert name in env, name
    # Only the proxy publishes a port; the database, cache and object store stay inside the compose network.
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]


def test_the_image_installs_from_the_lock_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# syntax") or "FROM python:3.11-slim" in dockerfile
    assert "pip install --no-cache-dir --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-cache-dir --no-deps -e ." in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "collectstatic" in dockerfile and "gunicorn" in dockerfile
