"""The ID token check on its own, with keys made here: what a forged or misdirected token looks
like to the client (the integration tests do the same against a running provider)."""

from __future__ import annotations

import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from auth.oidc import ProviderClient, SsoError
from dashboard.config_sso import OidcProvider

ISSUER_TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0"
TENANT = "aaaaaaaa-0000-0000-0000-000000000001"
CLIENT_ID = "client-1"
NONCE = "nonce-123"


@pytest.fixture(scope="module")
def key():
    return RSAKey.generate_key(2048, parameters={"kid": "k1"})


@pytest.fixture
def client(key):
    provider = OidcProvider(
        name="entra",
        label="Werkaccount",
        discovery_url="https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
        client_id=CLIENT_ID,
        client_secret="s",
        tenants=(TENANT,),
        subject_claim="oid",
    )
    client = ProviderClient(provider)
    # Discovery and keys as Entra's multi-tenant endpoint publishes them, without the network.
    client._metadata = {
        "issuer": ISSUER_TEMPLATE,
        "authorization_endpoint": "https://login.example/authorize",
        "token_endpoint": "https://login.example/token",
        "jwks_uri": "https://login.example/keys",
    }
    client._metadata_at = time.monotonic()
    client._keys = KeySet([RSAKey.import_key(key.as_dict(private=False))])
    client._keys_at = time.monotonic()
    return client


def claims(**changes):
    now = int(time.time())
    values = {
        "iss": ISSUER_TEMPLATE.replace("{tenantid}", TENANT),
        "aud": CLIENT_ID,
        "sub": "pairwise-sub",
        "oid": "object-id-1",
        "tid": TENANT,
        "iat": now,
        "exp": now + 3600,
        "nonce": NONCE,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def sign(key, payload, alg="RS256") -> str:
    return jwt.encode({"alg": alg, "kid": "k1"}, payload, key)


def test_a_valid_multi_tenant_token_is_accepted(client, key):
    result = client.verify_id_token(sign(key, claims()), NONCE, int(time.time()))
    assert result["oid"] == "object-id-1"
    assert client.identity(result).subject == "object-id-1"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iss": "https://login.microsoftonline.com/other/v2.0"}, "claim iss ongeldig"),
        (
            {"tid": "bbbbbbbb", "iss": ISSUER_TEMPLATE.replace("{tenantid}", TENANT)},
            "claim iss ongeldig",
        ),
        ({"aud": "another-app"}, "claim aud ongeldig"),
        ({"nonce": "replayed"}, "claim nonce ongeldig"),
        ({"nonce": None}, "claim nonce ontbreekt"),
        ({"exp": None}, "claim exp ontbreekt"),
        ({"aud": [CLIENT_ID, "other"], "azp": "other"}, "azp is niet deze toepassing"),
    ],
)
def test_a_misdirected_token_is_refused(client, key, changes, reason):
    with pytest.raises(SsoError) as refused:
        client.verify_id_token(sign(key, claims(**changes)), NONCE, int(time.time()))
    assert reason in refused.value.reason


def test_a_token_signed_with_another_key_is_refused(client):
    other = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    client._keys_at = time.monotonic()  # no refetch: the published key set stays the same
    with pytest.raises(SsoError, match="handtekening ongeldig"):
        client.verify_id_token(sign(other, claims()), NONCE, int(time.time()))


def test_a_shared_secret_signature_is_never_accepted(client, key):
    """The key confusion attack: HS256 'signed' with the client secret or the public key."""
    secret = OctKey.import_key("s" * 32)
    token = jwt.encode({"alg": "HS256", "kid": "k1"}, claims(), secret)
    with pytest.raises(SsoError, match="HS256"):
        client.verify_id_token(token, NONCE, int(time.time()))


def test_a_tenant_outside_the_list_is_refused_after_the_signature(client, key):
    other_tenant = "cccccccc-0000-0000-0000-000000000009"
    token = sign(
        key, claims(tid=other_tenant, iss=ISSUER_TEMPLATE.replace("{tenantid}", other_tenant))
    )
    verified = client.verify_id_token(token, NONCE, int(time.time()))
    with pytest.raises(SsoError) as refused:
        client.identity(verified)
    assert refused.value.status == 403


def test_too_many_groups_refuse_a_group_mapped_login(client, key):
    from dataclasses import replace

    client.provider = replace(client.provider, group_themes={"g1": "cybercrime"})
    overage = claims(_claim_names={"groups": "src1"})
    verified = client.verify_id_token(sign(key, overage), NONCE, int(time.time()))
    with pytest.raises(SsoError, match="groepsclaim"):
        client.identity(verified)
