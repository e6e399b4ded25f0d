"""OpenID Connect client for one provider: discovery, the authorization request with PKCE, the
code exchange and the ID token check.

Authlib builds and sends the OAuth requests; joserfc (Authlib's JOSE library) checks the token's
signature and claims. What is checked, and against which clock, is decided here: the app's clock
(tests move it) with the provider's bounded skew, the issuer of the discovery document (Entra's
multi-tenant template filled with the token's own tenant), our client id as audience, the nonce
of this login, and only asymmetric signatures from the provider's published keys."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2 import OAuth2Error
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError, MissingClaimError
from joserfc.jwk import KeySet

from dashboard.config_sso import TENANT_PLACEHOLDER, OidcProvider

HTTP_TIMEOUT_S = 10
METADATA_TTL_S = 3600
# A token signed with a key we do not know yet fetches the key set again, at most this often.
JWKS_MIN_REFRESH_S = 60
# Never "none" or a shared-secret HMAC: the client secret must not be able to sign an ID token.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
# Entra ID puts a pointer instead of the groups when a user is in too many of them.
GROUP_OVERAGE_KEY = "_claim_names"


class SsoError(Exception):
    """A refused single sign-on. reason goes to the audit log; message is shown to the user."""

    def __init__(self, reason: str, message: str, status: int = 401, subject: str | None = None):
        super().__init__(reason)
        self.reason, self.message, self.status, self.subject = reason, message, status, subject


UNAVAILABLE = SsoError(
    "provider onbereikbaar",
    "De aanmeldservice is nu niet bereikbaar. Probeer het over enkele minuten opnieuw.",
    502,
)
INVALID_TOKEN = "De aanmelding kon niet worden gecontroleerd. Probeer het opnieuw."


@dataclass(frozen=True)
class Identity:
    """Who the provider says logged in: the matching subject and what the mapping needs."""

    provider: str
    subject: str
    display_name: str | None
    groups: frozenset[str]


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def _token_header(token: str) -> dict:
    try:
        head = token.split(".", 1)[0]
        return json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, UnicodeDecodeError):
        return {}


class ProviderClient:
    """One provider's metadata and keys, cached per process and shared by its threads."""

    def __init__(self, provider: OidcProvider, http: requests.Session | None = None):
        self.provider = provider
        self._http = http or requests.Session()
        self._lock = threading.Lock()
        self._metadata: dict | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None
        self._keys_at = 0.0

    # --- discovery and keys ---------------------------------------------------------------

    def _get_json(self, url: str) -> dict:
        try:
            response = self._http.get(url, timeout=HTTP_TIMEOUT_S)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise UNAVAILABLE from exc
        if not isinstance(document, dict):
            raise UNAVAILABLE
        return document

    def metadata(self) -> dict:
        with self._lock:
            if self._metadata is None or time.monotonic() - self._metadata_at > METADATA_TTL_S:
                document = self._get_json(self.provider.discovery_url)
                required = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
                if any(not isinstance(document.get(key), str) for key in required):
                    raise UNAVAILABLE
                self._metadata, self._metadata_at = document, time.monotonic()
            return self._metadata

    def _key_set(self, kid: str | None) -> KeySet:
        with self._lock:
            stale = self._keys is None or (
                kid is not None
                and kid not in {key.kid for key in self._keys.keys}
                and time.monotonic() - self._keys_at > JWKS_MIN_REFRESH_S
            )
        if stale:
            document = self._get_json(self.metadata()["jwks_uri"])
            try:
                keys = KeySet.import_key_set(document)
            except (JoseError, ValueError, TypeError, KeyError) as exc:
                raise UNAVAILABLE from exc
            with self._lock:
                self._keys, self._keys_at = keys, time.monotonic()
        assert self._keys is not None
        return self._keys

    # --- the login ------------------------------------------------------------------------

    def _session(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(
            client_id=self.provider.client_id,
            client_secret=self.provider.client_secret,
            scope=self.provider.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method=self.provider.token_auth_method,
        )

    def authorization_request(self, redirect_uri: str) -> AuthorizationRequest:
        state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)  # 86 characters: within PKCE's 43..128
        url, _ = self._session(redirect_uri).create_authorization_url(
            self.metadata()["authorization_endpoint"],
            state=state,
            code_verifier=verifier,
            nonce=nonce,
        )
        return AuthorizationRequest(url, state, nonce, verifier)

    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str) -> str:
        """The ID token for an authorization code (sent with the PKCE verifier)."""
        client = self._session(redirect_uri)
        try:
            token = client.fetch_token(
                self.metadata()["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
                timeout=HTTP_TIMEOUT_S,
            )
        except OAuth2Error as exc:
            raise SsoError(f"code geweigerd: {exc.error}", INVALID_TOKEN, 400) from exc
        except requests.RequestException as exc:
            raise UNAVAILABLE from exc
        finally:
            client.close()
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SsoError("geen ID-token", INVALID_TOKEN, 400)
        return id_token

    def expected_issuer(self, claims: dict) -> str:
        issuer = self.metadata()["issuer"]
        if TENANT_PLACEHOLDER in issuer:
            tenant = claims.get("tid")
            return issuer.replace(TENANT_PLACEHOLDER, tenant if isinstance(tenant, str) else "")
        return issuer

    def verify_id_token(self, id_token: str, nonce: str, now: int) -> dict:
        """The token's claims once signature, issuer, audience, times and nonce hold."""
        header = _token_header(id_token)
        algorithm = header.get("alg")
        if algorithm not in SIGNING_ALGORITHMS:
            raise SsoError(f"ID-token: algoritme {algorithm!r} niet toegestaan", INVALID_TOKEN)
        kid = header.get("kid") if isinstance(header.get("kid"), str) else None
        try:
            token = jwt.decode(id_token, self._key_set(kid), algorithms=[algorithm])
        except JoseError as exc:
            raise SsoError("ID-token: handtekening ongeldig", INVALID_TOKEN) from exc
        claims = token.claims
        registry = jwt.JWTClaimsRegistry(
            now=now,
            leeway=self.provider.clock_skew_s,
            iss={"essential": True, "value": self.expected_issuer(claims)},
            aud={"essential": True, "value": self.provider.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError as exc:
            raise SsoError("ID-token verlopen", INVALID_TOKEN) from exc
        except MissingClaimError as exc:
            raise SsoError(f"ID-token: claim {exc.claim} ontbreekt", INVALID_TOKEN) from exc
        except ClaimError as exc:
            raise SsoError(f"ID-token: claim {exc.claim} ongeldig", INVALID_TOKEN) from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
            raise SsoError("ID-token: azp is niet deze toepassing", INVALID_TOKEN)
        return claims

    def identity(self, claims: dict) -> Identity:
        """The tenant check and the claims the account mapping uses."""
        provider = self.provider
        if provider.tenants and claims.get("tid") not in provider.tenants:
            raise SsoError(
                "tenant niet toegestaan",
                "Uw organisatie is niet aangesloten op Dashboard Veiligheid. "
                "Neem contact op met de projectleider.",
                403,
            )
        subject = claims.get(provider.subject_claim)
        if not isinstance(subject, str) or not subject or len(subject) > 200:
            raise SsoError(
                f"claim {provider.subject_claim} ontbreekt",
                "De aanmeldservice gaf geen vaste accountcode mee; meld dit aan de beheerder.",
                400,
            )
        groups = claims.get(provider.group_claim, [])
        overage = claims.get(GROUP_OVERAGE_KEY)
        too_many = isinstance(overage, dict) and provider.group_claim in overage
        if provider.maps_groups and (too_many or not isinstance(groups, list)):
            raise SsoError(
                "groepsclaim onbruikbaar",
                "Uw account zit in te veel groepen om de rechten te bepalen. De beheerder kan "
                "de groepsclaim beperken tot de groepen die aan de toepassing zijn toegewezen.",
                403,
            )
        display = next(
            (
                value[:200]
                for name in provider.display_claims
                if isinstance(value := claims.get(name), str) and value
            ),
            None,
        )
        return Identity(
            provider.name,
            subject,
            display,
            frozenset(
                g for g in (groups if isinstance(groups, list) else []) if isinstance(g, str)
            ),
        )

    def end_session_url(self, post_logout_redirect_uri: str) -> str | None:
        """RP-initiated logout at the provider, when it offers it (by client id, no token kept)."""
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except SsoError:
            return None
        if not isinstance(endpoint, str):
            return None
        query = urlencode(
            {
                "client_id": self.provider.client_id,
                "post_logout_redirect_uri": post_logout_redirect_uri,
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
