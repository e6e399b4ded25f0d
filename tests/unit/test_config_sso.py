"""The single sign-on configuration file: a working Entra ID example, and every mistake named
with its provider and key before the app starts."""

from __future__ import annotations

import pytest

from dashboard.config import ConfigError, load_config

ENTRA = """
[[provider]]
name = "entra"
label = "Inloggen met uw werkaccount (Microsoft 365)"
discovery_url = "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration"
client_id = "11111111-2222-3333-4444-555555555555"
tenants = ["aaaaaaaa-0000-0000-0000-000000000001"]
unknown_users = "create"

[provider.group_themes]
"bbbbbbbb-0000-0000-0000-000000000001" = "hennep-drugs"

[provider.group_gemeenten]
"bbbbbbbb-0000-0000-0000-000000000002" = "GM0153"
"""


def load(tmp_path, text: str, **env):
    path = tmp_path / "sso.toml"
    path.write_text(text, encoding="utf-8")
    return load_config({"VEILIGHEID_OIDC_CONFIG": str(path), **env})


def test_an_entra_provider_with_its_secret_from_the_environment(tmp_path):
    config = load(tmp_path, ENTRA, VEILIGHEID_OIDC_ENTRA_CLIENT_SECRET="geheim")
    (provider,) = config.oidc_providers
    assert provider.client_secret == "geheim"
    assert provider.subject_claim == "oid"  # tenants named: Entra's stable object id
    assert provider.group_themes == {"bbbbbbbb-0000-0000-0000-000000000001": "hennep-drugs"}
    assert config.oidc_provider("entra") is provider
    assert config.local_login


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('client_id = "1', 'clientid = "1'), "onbekende sleutel(s) clientid"),
        (lambda t: t.replace("https://login", "http://login"), "discovery_url moet https zijn"),
        (
            lambda t: t.replace('tenants = ["aaaaaaaa-0000-0000-0000-000000000001"]', ""),
            "tenants ontbreekt",
        ),
        (lambda t: t.replace('"hennep-drugs"', '"hennep"'), "group_themes."),
        (lambda t: t.replace('"GM0153"', '"0153"'), "verwacht GMxxxx"),
        (lambda t: t.replace('"create"', '"maybe"'), "unknown_users moet refuse of create"),
        (lambda t: t.replace('name = "entra"', 'name = "Entra ID"'), "kleine letters"),
        (lambda t: t + t.split("[provider.group_themes]")[0], "provider-naam dubbel: entra"),
        (lambda t: t.replace("[[provider]]", "[[provder]]"), "geen [[provider]]"),
        (lambda t: t + "\nclock_skew_seconds = 3600", "clock_skew_seconds"),
        (lambda t: t.replace("[[provider]]", "[[provider]"), "geen geldige TOML"),
    ],
)
def test_a_mistake_names_the_provider_and_key(tmp_path, change, message):
    with pytest.raises(ConfigError) as error:
        load(tmp_path, change(ENTRA), VEILIGHEID_OIDC_ENTRA_CLIENT_SECRET="geheim")
    assert message in str(error.value)
    assert "VEILIGHEID_OIDC_CONFIG: sso.toml" in str(error.value)


def test_a_missing_secret_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="zet VEILIGHEID_OIDC_ENTRA_CLIENT_SECRET"):
        load(tmp_path, ENTRA)


def test_local_login_off_without_a_provider_refuses_to_serve():
    config = load_config({"VEILIGHEID_LOCAL_LOGIN": "false", "VEILIGHEID_SECRET_KEY": "k"})
    with pytest.raises(ConfigError, match="nobody can log in"):
        config.require_serving_settings()
