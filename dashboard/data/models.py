"""Typed SQLAlchemy models of the star schema (DESIGN.md section 4).

Area and category codes are CBS/BVH natural keys: they are stable, readable in a query and make the
aggregate tables joinable without surrogate-key lookups at load time.
"""

from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

AREA_LEVELS = ("regio", "gemeente", "wijk", "buurt")
# The levels CBS publishes codes and boundaries for; a region is ours (a set of gemeenten).
CBS_LEVELS = ("gemeente", "wijk", "buurt")
LEVEL_PLURAL = MappingProxyType({"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"})
LEVEL_PREFIX = MappingProxyType({"gemeente": "GM", "wijk": "WK", "buurt": "BU"})
PREFIX_LEVEL = MappingProxyType({v: k for k, v in LEVEL_PREFIX.items()})
GEMEENTE_RE = re.compile(r"^GM\d{4}$")
WIJK_RE = re.compile(r"^WK\d{6}$")
BUURT_RE = re.compile(r"^BU\d{8}$")

ROLES = ("admin", "projectleider", "gebruiker")
# The roles that see every theme, every partner dataset and the project pages.
PROJECT_ROLES = frozenset({"admin", "projectleider"})


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- dimensions -------------------------------------------------------------------------------


class DimArea(Base):
    """One row per area of every level; a buurt row carries its wijk, gemeente and region."""

    __tablename__ = "dim_area"
    __table_args__ = (
        UniqueConstraint("indeling_jaar", "code", name="uq_dim_area_jaar_code"),
        Index("ix_dim_area_parent", "indeling_jaar", "niveau", "gemeente_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indeling_jaar: Mapped[int] = mapped_column(Integer)
    niveau: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(16))
    naam: Mapped[str] = mapped_column(String(200))
    wijk_code: Mapped[str | None] = mapped_column(String(16))
    gemeente_code: Mapped[str | None] = mapped_column(String(16))
    regio_code: Mapped[str] = mapped_column(String(16))
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)


class AreaGeometry(Base):
    """Simplified WGS84 geometry per area, served as one GeoJSON document per level."""

    __tablename__ = "area_geometry"
    __table_args__ = (
        UniqueConstraint("indeling_jaar", "code", name="uq_area_geometry_jaar_code"),
        Index("ix_area_geometry_level", "indeling_jaar", "niveau"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indeling_jaar: Mapped[int] = mapped_column(Integer)
    niveau: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(16))
    geometry_json: Mapped[str] = mapped_column(Text)


class DimCategory(Base):
    """BVH maatschappelijke klasse -> CBS/Politie crime type -> hoofdcategorie."""

    __tablename__ = "dim_category"

    mk_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    mk_omschrijving: Mapped[str] = mapped_column(String(200))
    soort_code: Mapped[str] = mapped_column(String(16))
    soort_omschrijving: Mapped[str] = mapped_column(String(200))
    hoofdcategorie: Mapped[str] = mapped_column(String(16), index=True)
    is_misdrijf: Mapped[bool] = mapped_column(Boolean)


class DimDate(Base):
    __tablename__ = "dim_date"

    datum: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer)
    kwartaal: Mapped[int] = mapped_column(Integer)
    maand: Mapped[int] = mapped_column(Integer)
    iso_jaar: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    weekdag: Mapped[int] = mapped_column(Integer)  # 0 = maandag
    # Bucket starts make weekly and monthly grouping portable across SQLite and PostgreSQL.
    week_start: Mapped[dt.date] = mapped_column(Date, index=True)
    maand_start: Mapped[dt.date] = mapped_column(Date, index=True)


class DimDataset(Base):
    """A data source with its owner and access rule. Partner datasets are described by a spec
    file (dashboard/data/ingest/partner_spec.py); the spec as loaded is kept in spec_json."""

    __tablename__ = "dim_dataset"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    thema: Mapped[str] = mapped_column(String(64))
    eigenaar: Mapped[str] = mapped_column(String(200))
    toegangsregel: Mapped[str] = mapped_column(String(200))
    onderdrukkingsdrempel: Mapped[int] = mapped_column(Integer, default=0)
    niveau: Mapped[str | None] = mapped_column(String(10))
    periode: Mapped[str | None] = mapped_column(String(10))
    # Comma-separated gemeente codes the data owner restricts the dataset to; NULL = the theme.
    gemeenten: Mapped[str | None] = mapped_column(String(500))
    spec_json: Mapped[str | None] = mapped_column(Text)


# --- facts ------------------------------------------------------------------------------------


class IngestRun(Base):
    """One delivery (file) loaded in one transaction; the date range it covers dates the data."""

    __tablename__ = "ingest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    bron: Mapped[str] = mapped_column(String(64))
    bestandsnaam: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    gestart: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    voltooid: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="bezig")
    data_van: Mapped[dt.date | None] = mapped_column(Date)
    data_tot: Mapped[dt.date | None] = mapped_column(Date)
    gelezen: Mapped[int] = mapped_column(Integer, default=0)
    toegevoegd: Mapped[int] = mapped_column(Integer, default=0)
    bijgewerkt: Mapped[int] = mapped_column(Integer, default=0)
    ongewijzigd: Mapped[int] = mapped_column(Integer, default=0)
    geweigerd: Mapped[int] = mapped_column(Integer, default=0)
    # The full run report (JSON): what the project lead saw at the terminal, kept for the data page.
    rapport: Mapped[str | None] = mapped_column(Text)


class IngestRejection(Base):
    __tablename__ = "ingest_rejection"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_run.id", ondelete="CASCADE"), index=True)
    rij: Mapped[int] = mapped_column(Integer)
    veld: Mapped[str] = mapped_column(String(100))
    reden: Mapped[str] = mapped_column(String(500))
    waarde: Mapped[str | None] = mapped_column(String(500))


class FactIncident(Base):
    """One police registration. Area and hoofdcategorie are copied in at load time so that the
    covering indexes answer the dashboard's filters without joins."""

    __tablename__ = "fact_incident"
    __table_args__ = (
        Index(
            "ix_fact_incident_datum_cover",
            "pleegdatum",
            "gemeente_code",
            "wijk_code",
            "buurt_code",
            "hoofdcategorie",
            "mk_code",
            "uur",
            "weekdag",
        ),
        Index(
            "ix_fact_incident_gemeente_cover",
            "gemeente_code",
            "pleegdatum",
            "wijk_code",
            "buurt_code",
            "hoofdcategorie",
            "mk_code",
            "uur",
            "weekdag",
        ),
        # Covering since 0011: a code filter's partial months per gemeente from the index alone.
        Index(
            "ix_fact_incident_mk_datum", "mk_code", "pleegdatum", "gemeente_code", "hoofdcategorie"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registratienummer: Mapped[str] = mapped_column(String(64), unique=True)
    pleegdatum: Mapped[dt.date] = mapped_column(Date)
    uur: Mapped[int | None] = mapped_column(Integer)
    weekdag: Mapped[int] = mapped_column(Integer)
    buurt_code: Mapped[str] = mapped_column(String(16))
    wijk_code: Mapped[str] = mapped_column(String(16))
    gemeente_code: Mapped[str] = mapped_column(String(16))
    mk_code: Mapped[str] = mapped_column(ForeignKey("dim_category.mk_code"))
    hoofdcategorie: Mapped[str] = mapped_column(String(16))
    levering_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_run.id"), index=True)


class AggIncidentMonth(Base):
    """Counts per buurt x month x MK code, maintained at load time (trends and reports)."""

    __tablename__ = "agg_incident_month"
    __table_args__ = (
        Index("ix_agg_incident_month_gemeente", "gemeente_code", "maand", "hoofdcategorie"),
        # A few codes in one gemeente (thematic dashboards, code filters): migration 0015.
        Index(
            "ix_agg_incident_month_gemeente_code",
            "gemeente_code",
            "mk_code",
            "maand",
            "wijk_code",
            "buurt_code",
            "aantal",
        ),
        # Thematic dashboards: a few codes over years for the region (migration 0007).
        Index(
            "ix_agg_incident_month_code_cover",
            "mk_code",
            "maand",
            "gemeente_code",
            "wijk_code",
            "buurt_code",
            "aantal",
        ),
    )

    maand: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    buurt_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    mk_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    wijk_code: Mapped[str] = mapped_column(String(16))
    gemeente_code: Mapped[str] = mapped_column(String(16))
    hoofdcategorie: Mapped[str] = mapped_column(String(16))
    aantal: Mapped[int] = mapped_column(Integer)


# The per-category aggregates per gemeente (gemeente x month, gemeente x day) count each protected
# code apart: `beschermde_code` is the code for a code in agg_beschermde_code (the protected
# codes of themes.toml when they were built), '' for every other code (never NULL, so that NOT
# IN keeps those rows). A region total that leaves protected codes out
# (dashboard.policy.exclusion) is then one lookup, `beschermde_code NOT IN (...)`, instead of
# the total less per-code counts of those codes for the months and for the edge days
# (migration 0017). The buurt x month and the day x hour aggregates do not: a split made them
# 40 % larger, which every count of a gemeente and every region trend paid for (a gemeente's
# year on SQLite: 3.9 -> 6.4 ms), while their subtraction is one small query on a per-code
# aggregate (2.1 ms).
PROTECTED_CODE_LENGTH = 12


class AggIncidentBuurtMonth(Base):
    """Counts per buurt x month x hoofdcategorie, refreshed with agg_incident_month. The general
    dashboard counts a gemeente, wijk or buurt by hoofdcategorie from here: about a fifth of the
    rows of the per-code table (a Twente gemeente over two years: 6,700 rows instead of 37,600,
    24 ms -> 5 ms on SQLite)."""

    __tablename__ = "agg_incident_buurt_month"
    __table_args__ = (
        Index(
            "ix_agg_buurt_month_cover",
            "gemeente_code",
            "maand",
            "hoofdcategorie",
            "wijk_code",
            "buurt_code",
            "aantal",
        ),
    )

    maand: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    buurt_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    hoofdcategorie: Mapped[str] = mapped_column(String(16), primary_key=True)
    wijk_code: Mapped[str] = mapped_column(String(16))
    gemeente_code: Mapped[str] = mapped_column(String(16))
    aantal: Mapped[int] = mapped_column(Integer)


class AggIncidentGemeenteDay(Base):
    """Counts per gemeente x day x hoofdcategorie (x protected code), maintained at load time:
    region-wide views read this table (a few dozen rows per day) instead of every
    registration."""

    __tablename__ = "agg_incident_gemeente_day"
    # The national map's partial months: answered from the index alone (migration 0011).
    __table_args__ = (
        Index(
            "ix_agg_gemeente_day_cover",
            "datum",
            "hoofdcategorie",
            "gemeente_code",
            "beschermde_code",
            "aantal",
        ),
    )

    datum: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    gemeente_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    hoofdcategorie: Mapped[str] = mapped_column(String(16), primary_key=True)
    beschermde_code: Mapped[str] = mapped_column(String(PROTECTED_CODE_LENGTH), primary_key=True)
    aantal: Mapped[int] = mapped_column(Integer)


class AggIncidentGemeenteMonth(Base):
    """Counts per gemeente x month x hoofdcategorie (x protected code) (migration 0011): the
    national map and KPIs read whole months here and only the partial months at the edges of a
    period per day."""

    __tablename__ = "agg_incident_gemeente_month"
    __table_args__ = (
        Index(
            "ix_agg_gemeente_month_cover",
            "maand",
            "hoofdcategorie",
            "gemeente_code",
            "beschermde_code",
            "aantal",
        ),
    )

    maand: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    gemeente_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    hoofdcategorie: Mapped[str] = mapped_column(String(16), primary_key=True)
    beschermde_code: Mapped[str] = mapped_column(String(PROTECTED_CODE_LENGTH), primary_key=True)
    aantal: Mapped[int] = mapped_column(Integer)


class AggIncidentGemeenteMonthCode(Base):
    """Counts per gemeente x month x MK code (migration 0011): the same for a code filter."""

    __tablename__ = "agg_incident_gemeente_month_code"
    __table_args__ = (
        Index("ix_agg_gemeente_month_code_cover", "mk_code", "maand", "gemeente_code", "aantal"),
    )

    maand: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    gemeente_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    mk_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    hoofdcategorie: Mapped[str] = mapped_column(String(16))
    aantal: Mapped[int] = mapped_column(Integer)


class AggIncidentDayHour(Base):
    """Region-wide counts per day x hoofdcategorie x hour (uur NULL: unknown) (migration 0011):
    trend and weekday x hour heatmap of the whole region without reading every registration.
    No beschermde_code here: it made the table a third larger, which every trend and heatmap
    paid for, while leaving a few codes out is one cheap query on agg_incident_day_code_hour."""

    __tablename__ = "agg_incident_day_hour"
    __table_args__ = (
        Index(
            "ix_agg_incident_day_hour_cover", "datum", "hoofdcategorie", "weekdag", "uur", "aantal"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # uur may be NULL: no natural key
    datum: Mapped[dt.date] = mapped_column(Date)
    hoofdcategorie: Mapped[str] = mapped_column(String(16))
    weekdag: Mapped[int] = mapped_column(Integer)
    uur: Mapped[int | None] = mapped_column(Integer)
    aantal: Mapped[int] = mapped_column(Integer)


class AggIncidentDayCodeHour(Base):
    """Region-wide counts per day x MK code x hour (migration 0011): the same for a code
    filter, read through the index that starts with the code."""

    __tablename__ = "agg_incident_day_code_hour"
    __table_args__ = (
        Index(
            "ix_agg_incident_day_code_hour_cover", "mk_code", "datum", "weekdag", "uur", "aantal"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    datum: Mapped[dt.date] = mapped_column(Date)
    mk_code: Mapped[str] = mapped_column(String(12))
    hoofdcategorie: Mapped[str] = mapped_column(String(16))
    weekdag: Mapped[int] = mapped_column(Integer)
    uur: Mapped[int | None] = mapped_column(Integer)
    aantal: Mapped[int] = mapped_column(Integer)


class AggBeschermdeCode(Base):
    """The codes that the per-category aggregates count apart (their `beschermde_code`): the
    protected codes of themes.toml when the aggregates were last built. A refresh that finds
    other protected codes in themes.toml builds every month again; until then a query leaves a
    protected code out that is not here by subtracting its per-code aggregate."""

    __tablename__ = "agg_beschermde_code"

    mk_code: Mapped[str] = mapped_column(String(PROTECTED_CODE_LENGTH), primary_key=True)


class FactCrimePeriod(Base):
    """Registered crimes per area, period and crime type from the public police tables
    (CBS/Politie 47018NED yearly, 47022NED monthly). No hour, no single registrations. The area
    code is kept as delivered, also when it belongs to another indeling than the map shows."""

    __tablename__ = "fact_crime_period"
    __table_args__ = (
        UniqueConstraint(
            "area_code",
            "periode_soort",
            "periode_start",
            "soort_code",
            name="uq_fact_crime_period_key",
        ),
        Index("ix_fact_crime_period_lookup", "periode_soort", "periode_start", "soort_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16))
    niveau: Mapped[str] = mapped_column(String(10))
    gemeente_code: Mapped[str] = mapped_column(String(16), index=True)
    periode_soort: Mapped[str] = mapped_column(String(5))  # "jaar" or "maand"
    periode_start: Mapped[dt.date] = mapped_column(Date)
    soort_code: Mapped[str] = mapped_column(String(16))
    aantal: Mapped[int] = mapped_column(Integer)
    levering_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_run.id"))


class FactAreaIndicator(Base):
    """CBS kerncijfers (KWB) and other area indicators: area x year x indicator."""

    __tablename__ = "fact_area_indicator"
    __table_args__ = (
        UniqueConstraint("area_code", "jaar", "indicator", name="uq_fact_area_indicator_key"),
        Index("ix_fact_area_indicator_lookup", "indicator", "jaar", "area_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16))
    jaar: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(100))
    waarde: Mapped[float | None] = mapped_column(Float)
    bron: Mapped[str] = mapped_column(String(100), default="CBS KWB")


class FactSurvey(Base):
    """Veiligheidsmonitor figures per area and year (loaded by the deliveries step)."""

    __tablename__ = "fact_survey"
    __table_args__ = (
        UniqueConstraint("area_code", "jaar", "indicator", name="uq_fact_survey_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16))
    jaar: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(200))
    waarde: Mapped[float | None] = mapped_column(Float)
    n: Mapped[int | None] = mapped_column(Integer)


class FactPartner(Base):
    """One figure of a partner dataset: area x period x measure x attribute combination.
    kenmerken is the canonical "name=value;name=value" key of the attributes ('' if none), so the
    key stays one unique constraint whatever attributes a dataset has."""

    __tablename__ = "fact_partner"
    __table_args__ = (
        UniqueConstraint(
            "dataset_code",
            "area_code",
            "periode_start",
            "maat",
            "kenmerken",
            name="uq_fact_partner_key",
        ),
        Index("ix_fact_partner_lookup", "dataset_code", "maat", "periode_start", "gemeente_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_code: Mapped[str] = mapped_column(String(64), index=True)
    area_code: Mapped[str] = mapped_column(String(16))
    niveau: Mapped[str] = mapped_column(String(10))
    gemeente_code: Mapped[str] = mapped_column(String(16))
    periode_start: Mapped[dt.date] = mapped_column(Date)
    periode_soort: Mapped[str] = mapped_column(String(10))  # maand | kwartaal | jaar
    maat: Mapped[str] = mapped_column(String(64))
    kenmerken: Mapped[str] = mapped_column(String(500), default="")
    waarde: Mapped[float] = mapped_column(Float)
    levering_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_run.id"))


# --- users, audit, usage, annotations ---------------------------------------------------------


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (
        UniqueConstraint("sso_provider", "sso_subject", name="uq_app_user_sso_identity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    gemeente_code: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Login throttling: failed logins since failed_login_since (the start of the current
    # window); locked_until is set when they reach the limit.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed_login_since: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Stored in the session at login and checked at every request: raising it (logout,
    # password reset, disabling) ends every open session of the account, copies included.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Raised at every role or theme-grant change; a session that saw an older one gets a new
    # CSRF token at its next request (auth/guard.py), without being logged out.
    privilege_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Single sign-on: the provider (its name in the SSO configuration) and the subject claim
    # the account is matched on; both NULL for a local account. display_name is what the
    # provider calls the person, shown only.
    sso_provider: Mapped[str | None] = mapped_column(String(40))
    sso_subject: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200))


class LoginThrottle(Base):
    """Failed logins per client address and per name that is no account, so that many names
    from one address and an unknown name are locked like an account. The key is an HMAC of
    the address or name: neither is stored readably (people type passwords into the name)."""

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(80), unique=True)
    mislukt: Mapped[int] = mapped_column(Integer, default=0)
    sinds: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    geblokkeerd_tot: Mapped[dt.datetime | None] = mapped_column(DateTime)


class UserThemeGrant(Base):
    """Membership of a theme: a gebruiker sees a thematic dashboard only with a grant."""

    __tablename__ = "user_theme_grant"
    __table_args__ = (UniqueConstraint("user_id", "theme", name="uq_user_theme_grant_user_theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(40))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    granted_by: Mapped[str | None] = mapped_column(String(100))


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    tijdstip: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    username: Mapped[str | None] = mapped_column(String(100))
    actie: Mapped[str] = mapped_column(String(100))
    details: Mapped[str | None] = mapped_column(Text)


class UsageEvent(Base):
    """One use of the product: a page view (soort 'weergave', with the filter changes made on
    that view summed into the same row), a download, a report or a login."""

    __tablename__ = "usage_event"
    __table_args__ = (Index("ix_usage_event_soort_tijdstip", "soort", "tijdstip"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tijdstip: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    username: Mapped[str | None] = mapped_column(String(100))
    gemeente_code: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(String(20))
    soort: Mapped[str] = mapped_column(String(32))
    pagina: Mapped[str | None] = mapped_column(String(200))
    # JSON: for a view {"filters": {name: changes}, "gebieden": {code: times chosen}}
    details: Mapped[str | None] = mapped_column(Text)
    filterwijzigingen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class MeasurementRound(Base):
    """A nulmeting or evaluation round; closing it freezes the usage figures of that moment."""

    __tablename__ = "measurement_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(String(100), unique=True)
    soort: Mapped[str] = mapped_column(String(20))  # nulmeting | evaluatie
    geopend: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    gesloten: Mapped[dt.datetime | None] = mapped_column(DateTime)
    gebruik_json: Mapped[str | None] = mapped_column(Text)  # usage KPIs frozen at closing
    door: Mapped[str | None] = mapped_column(String(100))


class MeasurementQuestion(Base):
    __tablename__ = "measurement_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("measurement_round.id", ondelete="CASCADE"))
    positie: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))  # the same question across rounds
    tekst: Mapped[str] = mapped_column(String(500))
    soort: Mapped[str] = mapped_column(String(10))  # likert | open


class MeasurementParticipation(Base):
    """Who answered a round (so that everyone answers once); the answers themselves are stored
    without the account, so results cannot be traced back to a person."""

    __tablename__ = "measurement_participation"
    __table_args__ = (UniqueConstraint("round_id", "user_id", name="uq_participation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("measurement_round.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    tijdstip: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MeasurementAnswer(Base):
    __tablename__ = "measurement_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("measurement_round.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("measurement_question.id", ondelete="CASCADE")
    )
    waarde: Mapped[int | None] = mapped_column(Integer)  # 1..5 for a likert question
    tekst: Mapped[str | None] = mapped_column(Text)  # an open answer
    gemeente_code: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(String(20))


class ProjectDeliverable(Base):
    """One deliverable of the project plan, tracked as a checklist item."""

    __tablename__ = "project_deliverable"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "A-a", "T-c"
    onderdeel: Mapped[str] = mapped_column(String(20))  # algemeen | thematisch
    titel: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="gepland")
    eigenaar: Mapped[str | None] = mapped_column(String(100))
    datum: Mapped[dt.date | None] = mapped_column(Date)
    notitie: Mapped[str | None] = mapped_column(Text)
    dashboard: Mapped[bool] = mapped_column(default=False)  # counts as an integral dashboard
    bijgewerkt: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    bijgewerkt_door: Mapped[str | None] = mapped_column(String(100))


class Annotation(Base):
    """A professional's interpretation (duiding) of a period and area, owned by its author.
    theme None: the general dashboard; a theme slug: only that theme's members see it."""

    __tablename__ = "annotation"
    __table_args__ = (Index("ix_annotation_theme_van", "theme", "van"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    van: Mapped[dt.date] = mapped_column(Date)
    tot: Mapped[dt.date] = mapped_column(Date)
    area_code: Mapped[str | None] = mapped_column(String(16))
    hoofdcategorie: Mapped[str | None] = mapped_column(String(16))
    tekst: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(40))
    bijgewerkt: Mapped[dt.datetime | None] = mapped_column(DateTime)
    bijgewerkt_door: Mapped[str | None] = mapped_column(String(100))


class ProtocolVersion(Base):
    """A published version of the user protocol; a new version asks every user to accept again."""

    __tablename__ = "protocol_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    versie: Mapped[int] = mapped_column(Integer, unique=True)
    tekst: Mapped[str] = mapped_column(Text)
    gepubliceerd: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    door: Mapped[str | None] = mapped_column(String(100))


class ProtocolAcceptance(Base):
    __tablename__ = "protocol_acceptance"
    __table_args__ = (
        UniqueConstraint("user_id", "versie", name="uq_protocol_acceptance_user_versie"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    versie: Mapped[int] = mapped_column(Integer)
    geaccepteerd: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SavedView(Base):
    """A view a user saved under a name ("Mijn weergaven"): the page path and its URL query
    string, so that opening it restores the filters as a shared link does. At most one of a
    user's views is the start view: opening "/" goes there (dashboard/saved_views.py)."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("user_id", "naam", name="uq_saved_view_user_naam"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    naam: Mapped[str] = mapped_column(String(80))
    pad: Mapped[str] = mapped_column(String(200))
    zoekopdracht: Mapped[str] = mapped_column(String(2000), default="")
    startweergave: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
