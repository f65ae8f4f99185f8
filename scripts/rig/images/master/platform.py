#!/usr/bin/python3
"""platform: the rig's stand-in for ghcr.io/platformnetwork/platform-master (our own code).

It honours the real master's contract at its borders, nothing behind them:

  platform master proxy  --config PATH   proxy API on master.proxy_host:master.proxy_port
  platform master broker --config PATH   Docker broker API on docker.broker_host:docker.broker_port
  (also --config=PATH; anything else: usage, exit 2)

Settings are loaded like upstream's loader: the YAML file must exist and hold a mapping; then
every PLATFORM_* environment variable, prefix stripped, lower-cased, split on "__" for nesting,
sets a value (a value that, stripped, starts with "[" or "{" is parsed as YAML when that gives a
list or a mapping). Missing keys take the real model's defaults (KNOWN below). Unlike the real
master, which silently drops keys its model lacks, each unknown key is reported on stderr as
"ignoring unknown setting a.b".

Before serving: every configured secret file (SECRET_FILES) must be readable, else
"<key>: <path> is not readable", exit 1; then database.url is connected (asyncpg, ~5 s of
retries), else "database refused the connection: <ExceptionClass>", exit 1 (the URL is never
printed); then the "migrations" create alembic_version and challenges if absent.

Routes: proxy  GET /health, GET /admin/challenges (X-Admin-Token or Authorization: Bearer),
               GET /v1/registry;   broker GET /health.
SIGTERM/SIGINT: graceful stop, exit 0.
"""

import asyncio
import contextlib
import hmac
import os
import signal
import sys
from pathlib import Path

import yaml

USAGE = "usage: platform master {proxy|broker} --config PATH"
ENV_PREFIX = "PLATFORM_"
MIGRATION_REVISION = "0001"
DB_CONNECT_SECONDS = 5.0


class OptStr:
    """Type marker: str or None (pydantic `str | None`)."""


# The settings the stand-in knows: the top-level sections and keys of the real pydantic model
# (platform_network.config.settings), each as (type, default). The one place that lists them.
KNOWN = {
    "environment": (str, "development"),
    "network": {
        "name": (str, "platform"),
        "netuid": (int, 100),
        "chain_endpoint": (OptStr, None),
        "wallet_name": (str, "default"),
        "wallet_hotkey": (str, "default"),
        "wallet_path": (OptStr, None),
        "master_uid": (int, 0),
    },
    "master": {
        "registry_url": (str, "https://chain.platform.network"),
        "admin_host": (str, "0.0.0.0"),
        "admin_port": (int, 8080),
        "proxy_host": (str, "0.0.0.0"),
        "proxy_port": (int, 8081),
        "epoch_interval_seconds": (int, 360),
        "metagraph_cache_ttl_seconds": (int, 300),
        "challenge_timeout_seconds": (float, 10.0),
        "challenge_retries": (int, 3),
        "registry_state_file": (str, "/var/lib/platform/registry.json"),
        "upload_signature_ttl_seconds": (int, 300),
        "upload_nonce_ttl_seconds": (int, 86_400),
        "upload_max_body_bytes": (int, 7_500_000),
        "upload_require_registered_hotkey": (bool, True),
        "upload_extra_registered_hotkeys": (list, []),
    },
    "validator": {
        "registry_url": (str, "https://chain.platform.network"),
        "registry_retry_seconds": (int, 15),
        "weights_url": (OptStr, None),
        "weights_interval_seconds": (int, 360),
        "weights_timeout_seconds": (float, 15.0),
        "weights_retries": (int, 3),
        "weights_freshness_seconds": (int, 720),
    },
    "database": {
        "url": (str, "postgresql+asyncpg://platform:platform@postgres.platform.svc.cluster.local/platform"),
    },
    "docker": {
        "network_name": (str, "platform_challenges"),
        "secret_dir": (str, "/var/lib/platform/secrets"),
        "internal_network": (bool, True),
        "broker_host": (str, "0.0.0.0"),
        "broker_port": (int, 8082),
        "broker_url": (str, "http://platform-docker-broker:8082"),
        "broker_workspace_dir": (str, "/tmp/platform-docker-broker"),
        "gpu_server_state_file": (str, "/var/lib/platform/gpu_servers.json"),
        "broker_allowed_images": (list, ["ghcr.io/platformnetwork/"]),
        "allow_privileged": (bool, False),
        "broker_privileged_slugs": (list, []),
        "challenge_placement_constraint": (OptStr, "node.role==manager"),
        "cpu_job_constraint": (OptStr, "node.labels.platform.workload==cpu"),
        "gpu_job_constraint": (OptStr, "node.labels.platform.workload==gpu"),
    },
    "security": {
        "admin_token": (OptStr, None),
        "admin_token_file": (OptStr, None),
    },
    "observability": {
        "log_json": (bool, True),
        "sentry_dsn": (OptStr, None),
        "otel_service_name": (str, "platform"),
    },
}
# Settings naming a file with a secret: when set, the file must be readable at start.
SECRET_FILES = ("security.admin_token_file",)


class Fatal(Exception):
    """A start-up failure: its message is printed as one line, exit 1."""


def warn(line):
    print(line, file=sys.stderr, flush=True)


# --- settings ---------------------------------------------------------------------------------

def _parse_env_value(value):
    stripped = value.strip()
    if stripped.startswith(("[", "{")):
        parsed = yaml.safe_load(stripped)
        if isinstance(parsed, (list, dict)):
            return parsed
    return value


def _set_nested(data, path, value):
    node = data
    for i, part in enumerate(path[:-1]):
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise Fatal(f"setting {'.'.join(path[:i + 1])} is not a mapping; cannot set {'.'.join(path)}")
    node[path[-1]] = value


def _apply_env(data):
    for key, value in os.environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        path = key[len(ENV_PREFIX):].lower().split("__")
        try:
            parsed = _parse_env_value(value)
        except yaml.YAMLError:
            raise Fatal(f"{key}: value starts like YAML but does not parse")  # never echo the value
        _set_nested(data, path, parsed)
    return data


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


def _coerce(key, kind, value):
    """Lax conversion like pydantic's; the value itself is never echoed (it may be a secret)."""
    if kind is OptStr:
        if value is None or isinstance(value, str):
            return value
    elif kind is str:
        if isinstance(value, str):
            return value
    elif kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return int(value.strip())
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return float(value.strip())
    elif kind is list:
        if isinstance(value, list):
            return value
    name = "str or null" if kind is OptStr else kind.__name__
    raise Fatal(f"setting {key}: expected {name}")


def _unknown(prefix, value):
    """Dotted names of the leaves under an unknown key (lists are leaves)."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from _unknown(f"{prefix}.{k}", v)
    else:
        yield prefix


def _resolve(data):
    settings = {}
    for key, spec in KNOWN.items():
        if isinstance(spec, tuple):
            settings[key] = _coerce(key, spec[0], data[key]) if key in data else spec[1]
            continue
        section = data.get(key, {})
        if not isinstance(section, dict):
            raise Fatal(f"setting {key}: expected a mapping")
        settings[key] = {}
        for sub, (kind, default) in spec.items():
            dotted = f"{key}.{sub}"
            settings[key][sub] = _coerce(dotted, kind, section[sub]) if sub in section else default
        for sub, value in section.items():
            if sub not in spec:
                for name in _unknown(f"{key}.{sub}", value):
                    warn(f"ignoring unknown setting {name}")
    for key, value in data.items():
        if key not in KNOWN:
            for name in _unknown(str(key), value):
                warn(f"ignoring unknown setting {name}")
    return settings


def load_settings(path):
    config_path = Path(path)
    if not config_path.exists():
        raise Fatal(f"Config file not found: {config_path}")
    try:
        text = config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise Fatal(f"Config file not readable: {config_path} ({type(e).__name__})")
    try:
        loaded = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise Fatal(f"Config file is not valid YAML: {config_path}{where}")
    if not isinstance(loaded, dict):
        raise Fatal(f"Config file must contain a mapping: {config_path}")
    data = {}
    data.update(loaded)
    return _resolve(_apply_env(data))


def setting(settings, dotted):
    section, _, key = dotted.partition(".")
    return settings[section][key] if key else settings[section]


def check_secret_files(settings):
    for key in SECRET_FILES:
        path = setting(settings, key)
        if not path:
            continue
        try:
            with open(path, "rb"):
                pass
        except OSError:
            raise Fatal(f"{key}: {path} is not readable")


def admin_token(settings):
    """The admin token: security.admin_token when set, else the stripped admin_token_file."""
    token = settings["security"]["admin_token"]
    if token:
        return token.strip()
    path = settings["security"]["admin_token_file"]
    if path:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace").strip()
    return ""


# --- database ---------------------------------------------------------------------------------

def dsn_of(url):
    for scheme in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql://" + url[len(scheme):]
    raise Fatal("database.url: unsupported scheme (want postgresql+asyncpg:// or postgresql://)")


async def _connect(dsn):
    import asyncpg

    loop = asyncio.get_running_loop()
    deadline = loop.time() + DB_CONNECT_SECONDS
    while True:
        try:
            return await asyncpg.connect(dsn, timeout=max(1.0, deadline - loop.time()))
        except (asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InvalidCatalogNameError):
            raise  # a wrong password or database does not fix itself by waiting
        except Exception:
            if loop.time() + 0.5 >= deadline:
                raise
            await asyncio.sleep(0.5)


MIGRATION = f"""
SELECT pg_advisory_xact_lock(7315001);
CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
CREATE TABLE IF NOT EXISTS challenges (
    slug text PRIMARY KEY,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active'
);
INSERT INTO alembic_version (version_num)
    SELECT '{MIGRATION_REVISION}' WHERE NOT EXISTS (SELECT 1 FROM alembic_version);
"""


async def _prepare_database(dsn):
    try:
        conn = await _connect(dsn)
    except Exception as e:  # noqa: BLE001 - any refusal is reported the same way
        raise Fatal(f"database refused the connection: {type(e).__name__}") from None
    try:
        async with conn.transaction():
            await conn.execute(MIGRATION)  # advisory lock: proxy and broker may start together
    except Exception as e:  # noqa: BLE001
        raise Fatal(f"database migration failed: {type(e).__name__}") from None
    finally:
        await conn.close()


# --- HTTP -------------------------------------------------------------------------------------

def _presented_tokens(headers):
    token = headers.get("x-admin-token")
    if token is not None:
        yield token.strip()
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        yield credentials.strip()


def authorized(headers, token):
    if not token:
        return False
    want = token.encode()
    ok = False
    for presented in _presented_tokens(headers):
        ok |= hmac.compare_digest(presented.encode(), want)
    return ok


def proxy_app(settings, dsn, token):
    import asyncpg
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.pool = await asyncpg.create_pool(dsn, min_size=0, max_size=4)
        try:
            yield
        finally:
            try:
                await asyncio.wait_for(app.state.pool.close(), 2)
            except Exception:  # noqa: BLE001
                app.state.pool.terminate()

    app = FastAPI(title="platform master proxy (rig stand-in)", lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    async def health():
        return {"status": "ok"}

    @app.get("/admin/challenges")
    async def challenges(request: Request):
        if not authorized(request.headers, token):
            return JSONResponse({"detail": "Unauthorized"}, status_code=401)
        try:
            rows = await app.state.pool.fetch("SELECT slug, name, status FROM challenges ORDER BY slug")
        except Exception as e:  # noqa: BLE001
            warn(f"database error: {type(e).__name__}")
            return JSONResponse({"detail": "database unavailable"}, status_code=503)
        return [dict(r) for r in rows]

    @app.get("/v1/registry")
    async def registry():
        return {
            "network": settings["network"]["name"],
            "netuid": settings["network"]["netuid"],
            "master_uid": settings["network"]["master_uid"],
            "environment": settings["environment"],
        }

    return app


def broker_app():
    from fastapi import FastAPI

    app = FastAPI(title="platform docker broker (rig stand-in)",
                  docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    async def health():
        return {"status": "ok"}

    return app


def serve(app, host, port):
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=False,
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    # uvicorn shuts down gracefully on SIGTERM/SIGINT, restores our handlers and re-raises the
    # signal, which then lands in _stop below: exit 0.
    server.run()
    return 0 if server.started else 1


# --- CLI --------------------------------------------------------------------------------------

def parse_args(argv):
    if len(argv) < 2 or argv[0] != "master" or argv[1] not in ("proxy", "broker"):
        return None
    role, rest = argv[1], argv[2:]
    if len(rest) == 2 and rest[0] == "--config" and rest[1]:
        return role, rest[1]
    if len(rest) == 1 and rest[0].startswith("--config=") and len(rest[0]) > len("--config="):
        return role, rest[0][len("--config="):]
    return None


def _stop(signum, frame):
    sys.exit(0)


def main(argv):
    parsed = parse_args(argv)
    if parsed is None:
        print(USAGE, file=sys.stderr)
        return 2
    role, config = parsed
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        settings = load_settings(config)
        check_secret_files(settings)
        token = admin_token(settings)
        dsn = dsn_of(settings["database"]["url"])
        asyncio.run(_prepare_database(dsn))
    except Fatal as e:
        print(e, file=sys.stderr, flush=True)
        return 1
    if role == "proxy":
        host, port = settings["master"]["proxy_host"], settings["master"]["proxy_port"]
        print(f"Starting proxy API on {host}:{port}", flush=True)
        return serve(proxy_app(settings, dsn, token), host, port)
    host, port = settings["docker"]["broker_host"], settings["docker"]["broker_port"]
    print(f"Starting Docker broker API on {host}:{port}", flush=True)
    return serve(broker_app(), host, port)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
