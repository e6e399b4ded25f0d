"""Settings from the environment: the only module that reads os.environ; and the running
application's settings (app_config)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import current_app

from dashboard.config_sso import OidcProvider, SsoConfigError, parse_providers

ENV_PREFIX = "VEILIGHEID_"
MODES = ("production", "demo", "test")
# The background map of production and the demo: PDOK's BRT-Achtergrondkaart in grey (no key
# needed; grey so that the area colours stay readable), with the attribution Kadaster asks for.
# Tests run without tiles (nothing is downloaded in a test); the names on the map make it
# readable without them too.
PDOK_GREY_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
)
PDOK_ATTRIBUTION = "Kaartgegevens © Kadaster"
TILES_OFF = ("", "uit", "geen", "off", "none")


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Config:
    mode: str = "production"
    database_url: str = ""
    # A PostgreSQL streaming replica for the dashboards' figure reads; empty: the primary.
    database_replica_url: str = ""
    secret_key: str = ""
    instance_dir: Path = field(default_factory=lambda: Path.cwd() / "instance")
    # Background map tiles; empty means no tile layer (tests, offline use). load_config
    # defaults to PDOK_GREY_TILES outside test mode.
    tile_url: str = ""
    tile_attribution: str = ""
    cache_type: str = "SimpleCache"
    cache_redis_url: str = ""
    cache_timeout_s: int = 3600
    host: str = "127.0.0.1"
    port: int = 8050
    session_cookie_secure: bool = False
    # Usage events older than this are deleted by `veiligheid gebruik opschonen` (and the demo).
    usage_retention_days: int = 730
    # Login throttling: this many failed logins for one name within the lockout period lock that
    # name for the lockout period; the per-address limit does the same for one client address.
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    login_max_failures_per_address: int = 20
    # A session unused for this long ends; accounts without a login for this long are disabled by
    # `veiligheid users disable-inactive`.
    idle_timeout_minutes: int = 60
    inactive_days: int = 180
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none). Behind
    # nginx set 1: otherwise every user has the proxy's address, and the per-address login
    # throttle would lock everybody out after a few wrong passwords.
    trusted_proxies: int = 0
    # Largest request body accepted (Flask's MAX_CONTENT_LENGTH); bigger ones get a 413. The
    # largest body the app sends is a Dash update: measured 25 kB (a delivery picked from 100 on
    # Databronnen), at most about 80 kB (a user protocol of 20,000 four-byte characters).
    max_request_kb: int = 512
    # Single sign-on (OpenID Connect): the providers of VEILIGHEID_OIDC_CONFIG, a TOML file
    # (docs/operations.md). Local username/password logins can be switched off beside them.
    oidc_providers: tuple[OidcProvider, ...] = ()
    local_login: bool = True
    # An SSO session ends after this many hours even when in use, so that an account the
    # municipality disabled loses access within a working day (logging in again is one click
    # while the provider's own session lasts).
    sso_session_hours: int = 10

    def with_overrides(self, **overrides) -> Config:
        return replace(self, **overrides)

    def require_serving_settings(self) -> None:
        """Checked when the web application starts; CLI data commands need no secret key."""
        if not self.secret_key:
            raise ConfigError(
                f"{ENV_PREFIX}SECRET_KEY is required in production "
                f"(set {ENV_PREFIX}MODE=demo for a local demo)"
            )
        if not self.local_login and not self.oidc_providers:
            raise ConfigError(
                f"{ENV_PREFIX}LOCAL_LOGIN=false needs {ENV_PREFIX}OIDC_CONFIG: "
                "otherwise nobody can log in"
            )

    def oidc_provider(self, name: str) -> OidcProvider | None:
        return next((p for p in self.oidc_providers if p.name == name), None)


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "ja", "on"}:
        return True
    if value in {"0", "false", "no", "nee", "off", ""}:
        return False
    raise ConfigError(f"{ENV_PREFIX}{name}: expected true/false, got {raw!r}")


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{ENV_PREFIX}{name}: expected a whole number, got {raw!r}") from exc


def default_sqlite_url(instance_dir: Path) -> str:
    return f"sqlite:///{(instance_dir / 'veiligheid.db').resolve()}"


def load_config(environ: dict[str, str] | None = None, **overrides) -> Config:
    """Build the settings from VEILIGHEID_* variables, then apply explicit overrides."""
    env = dict(os.environ if environ is None else environ)

    def get(name: str, default: str = "") -> str:
        return env.get(ENV_PREFIX + name, default)

    mode = overrides.pop("mode", None) or get("MODE", "production")
    if mode not in MODES:
        raise ConfigError(f"{ENV_PREFIX}MODE: expected one of {', '.join(MODES)}, got {mode!r}")
    instance_dir = Path(overrides.pop("instance_dir", None) or get("INSTANCE_DIR") or "instance")
    secret_key = overrides.pop("secret_key", None) or get("SECRET_KEY")
    if not secret_key and mode != "production":
        # Demo and test sessions need no stable key; a restart simply logs everyone out.
        secret_key = secrets.token_hex(32)
    redis_url = get("REDIS_URL")
    tile_url = get("TILE_URL", "" if mode == "test" else PDOK_GREY_TILES).strip()
    if tile_url.lower() in TILES_OFF:
        tile_url = ""
    oidc_path = get("OIDC_CONFIG")

    def client_secret(provider_name: str) -> str:
        return get(f"OIDC_{provider_name.upper().replace('-', '_')}_CLIENT_SECRET")

    try:
        providers = parse_providers(Path(oidc_path), client_secret) if oidc_path else ()
    except SsoConfigError as exc:
        raise ConfigError(f"{ENV_PREFIX}OIDC_CONFIG: {exc}") from exc
    config = Config(
        mode=mode,
        database_url=get("DATABASE_URL") or default_sqlite_url(instance_dir),
        database_replica_url=get("DATABASE_REPLICA_URL"),
        secret_key=secret_key,
        instance_dir=instance_dir,
        tile_url=tile_url,
        tile_attribution=get("TILE_ATTRIBUTION")
        or (PDOK_ATTRIBUTION if tile_url == PDOK_GREY_TILES else ""),
        cache_type="RedisCache" if redis_url else "SimpleCache",
        cache_redis_url=redis_url,
        cache_timeout_s=_int("CACHE_TIMEOUT", get("CACHE_TIMEOUT", "3600")),
        host=get("HOST", "127.0.0.1"),
        port=_int("PORT", get("PORT", "8050")),
        session_cookie_secure=_bool("SESSION_COOKIE_SECURE", get("SESSION_COOKIE_SECURE", "")),
        usage_retention_days=_int("USAGE_RETENTION_DAYS", get("USAGE_RETENTION_DAYS", "730")),
        login_max_failures=_int("LOGIN_MAX_FAILURES", get("LOGIN_MAX_FAILURES", "5")),
        login_lockout_minutes=_int("LOGIN_LOCKOUT_MINUTES", get("LOGIN_LOCKOUT_MINUTES", "15")),
        login_max_failures_per_address=_int(
            "LOGIN_MAX_FAILURES_PER_ADDRESS", get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
        ),
        idle_timeout_minutes=_int("IDLE_TIMEOUT_MINUTES", get("IDLE_TIMEOUT_MINUTES", "60")),
        inactive_days=_int("INACTIVE_DAYS", get("INACTIVE_DAYS", "180")),
        trusted_proxies=_int("TRUSTED_PROXIES", get("TRUSTED_PROXIES", "0")),
        max_request_kb=_int("MAX_REQUEST_KB", get("MAX_REQUEST_KB", "512")),
        oidc_providers=providers,
        local_login=_bool("LOCAL_LOGIN", get("LOCAL_LOGIN", "true")),
        sso_session_hours=_int("SSO_SESSION_HOURS", get("SSO_SESSION_HOURS", "10")),
    )
    if not 0 <= config.trusted_proxies <= 5:
        raise ConfigError(f"{ENV_PREFIX}TRUSTED_PROXIES: between 0 and 5")
    if config.usage_retention_days < 1:
        raise ConfigError(f"{ENV_PREFIX}USAGE_RETENTION_DAYS: at least 1 day")
    for name in (
        "login_max_failures",
        "login_lockout_minutes",
        "login_max_failures_per_address",
        "idle_timeout_minutes",
        "inactive_days",
        "max_request_kb",
        "sso_session_hours",
    ):
        if getattr(config, name) < 1:
            raise ConfigError(f"{ENV_PREFIX}{name.upper()}: at least 1")
    return config.with_overrides(**overrides) if overrides else config


CONFIG_KEY = "veiligheid.config"  # the app's extensions entry that create_app fills


def app_config() -> Config:
    """The settings of the running application (inside a request or an app context)."""
    return current_app.extensions[CONFIG_KEY]
