"""The `veiligheid` command: exit codes and messages."""

from __future__ import annotations

import io

import pytest

from dashboard.cli import main
from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.store import users as user_store
from tests.conftest import fresh_url


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = fresh_url(tmp_path, "cli")
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    monkeypatch.delenv("VEILIGHEID_SECRET_KEY", raising=False)
    return url


def add_user(monkeypatch, *args, password="een-goed-wachtwoord"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["users", "add", *args, "--password-stdin"])


def test_init_db_then_users_lifecycle(db_url, monkeypatch, capsys):
    assert main(["init-db"]) == 0
    assert add_user(monkeypatch, "anna", "--role", "gebruiker", "--gemeente", "GM0153") == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "anna" in out and "GM0153" in out and "ja" in out
    assert main(["users", "disable", "anna"]) == 0
    factory = make_session_factory(make_engine(db_url))
    with factory() as session:
        user = user_store.get_user(session, "anna")
        assert user.active is False
        assert user_store.verify_password(user, "een-goed-wachtwoord")


def test_refused_user_commands_exit_2_with_a_message(db_url, monkeypatch, capsys):
    assert add_user(monkeypatch, "anna", "--role", "gebruiker") == 0
    assert add_user(monkeypatch, "anna", "--role", "gebruiker") == 2
    assert "bestaat al" in capsys.readouterr().err
    assert add_user(monkeypatch, "bert", "--role", "admin", "--gemeente", "Enschede") == 2
    assert "gemeentecode" in capsys.readouterr().err
    assert add_user(monkeypatch, "carla", "--role", "gebruiker", password="kort") == 2
    assert "te kort" in capsys.readouterr().err
    assert main(["users", "disable", "niemand"]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_unknown_role_is_refused_by_the_parser(db_url, monkeypatch):
    with pytest.raises(SystemExit) as exc:
        add_user(monkeypatch, "dirk", "--role", "koning")
    assert exc.value.code == 2


def test_demo_with_a_missing_cbs_dir_exits_2(db_url, tmp_path, capsys):
    assert main(["demo", "--cbs-dir", str(tmp_path / "leeg")]) == 2
    assert "no file matching" in capsys.readouterr().err


def test_serving_in_production_needs_a_secret_key(db_url, monkeypatch, capsys):
    monkeypatch.setenv("VEILIGHEID_MODE", "production")
    assert main(["serve"]) == 2
    assert "VEILIGHEID_SECRET_KEY" in capsys.readouterr().err


def test_cbs_deliveries_through_the_cli(db_url, shared_data_dir, tmp_path, capsys):
    geo = shared_data_dir / "geo" / "twente_buurten_2021.geojson"
    assert (
        main(
            [
                "ingest",
                "cbs-gebieden",
                str(geo),
                "--regio-code",
                "VR05",
                "--regio-naam",
                "Twente",
                "--json",
            ]
        )
        == 0
    )
    assert '"status": "geladen"' in capsys.readouterr().out
    kwb = shared_data_dir / "cbs" / "kwb2021_gemeente_twente.csv"
    assert main(["ingest", "cbs-kerncijfers", str(kwb)]) == 0
    broken = tmp_path / "kapot.geojson"
    broken.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"buurtcode": "XX1"}, "geometry": null}]}',
        encoding="utf-8",
    )
    assert main(["ingest", "cbs-gebieden", str(broken)]) == 2
    assert "kapot.geojson" in capsys.readouterr().err


def test_link_sso_needs_a_configured_provider(db_url, monkeypatch, capsys, tmp_path):
    assert add_user(monkeypatch, "anna", "--role", "gebruiker") == 0
    assert main(["users", "link-sso", "anna", "--provider", "entra", "--subject", "oid-1"]) == 2
    assert "onbekende aanmeldservice 'entra'" in capsys.readouterr().err
    sso = tmp_path / "sso.toml"
    sso.write_text(
        '[[provider]]\nname = "entra"\nclient_id = "c"\ntenants = ["t1"]\n'
        'discovery_url = "https://login.microsoftonline.com/t1/v2.0/'
        '.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("VEILIGHEID_OIDC_CONFIG", str(sso))
    monkeypatch.setenv("VEILIGHEID_OIDC_ENTRA_CLIENT_SECRET", "geheim")
    assert main(["users", "link-sso", "anna", "--provider", "entra", "--subject", "oid-1"]) == 0
    assert "gekoppeld aan werkaccount oid-1" in capsys.readouterr().out
    factory = make_session_factory(make_engine(db_url))
    with factory() as session:
        assert user_store.get_user_by_sso(session, "entra", "oid-1").username == "anna"
    assert main(["users", "list"]) == 0
    anna = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("anna"))
    assert " entra " in anna
