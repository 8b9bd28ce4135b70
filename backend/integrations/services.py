"""The integrations outbox and its administration: events written with the change, systems added and revoked.

record_event() is what other domains call, in their own transaction, so an event exists exactly when
its change committed. It imports nothing of theirs: it reads the plain attributes it needs.
"""
from __future__ import annotations

import base64
import secrets
import statistics
import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..errors import Problem
from ..timeutil import as_utc, utcnow
from .models import EVENT_TYPES, HANDLED_BY, Integration, IntegrationEvent, IntegrationRegion, IntegrationService

__all__ = [
    "EVENT_TYPES",
    "HANDLED_BY",
    "dead_letters",
    "get_integration",
    "list_integrations",
    "new_webhook_secret",
    "record_event",
    "replay",
    "retry_dead",
    "stats",
    "subscribers",
]

RECEIVING = ("system", "both")


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: whsec_ + base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def subscribers(session: Session, *, agency_id: int, region_code: str, service_id: int) -> list[Integration]:
    """Live systems of the agency that handle the service in the region."""
    return list(session.scalars(
        select(Integration)
        .join(IntegrationRegion, IntegrationRegion.integration_id == Integration.id)
        .join(IntegrationService, IntegrationService.integration_id == Integration.id)
        .where(Integration.agency_id == agency_id, Integration.revoked_at.is_(None),
               IntegrationRegion.region_code == region_code, IntegrationService.service_id == service_id,
               IntegrationService.handled_by.in_(RECEIVING))
        .order_by(Integration.id)
    ))


def system_only_services(agency_id: int, region_code: str):
    """A subquery of the services that a live system of the agency handles alone in the region (handled_by
    "system"): the officers' worklist leaves their applications to that system."""
    return (
        select(IntegrationService.service_id)
        .join(Integration, Integration.id == IntegrationService.integration_id)
        .join(IntegrationRegion, IntegrationRegion.integration_id == Integration.id)
        .where(Integration.agency_id == agency_id, Integration.revoked_at.is_(None),
               IntegrationRegion.region_code == region_code, IntegrationService.handled_by == "system")
    )


def _application_data(application) -> tuple[str, dict]:
    return f"application:{application.id}", {
        "application": {"id": application.id, "tracking_number": application.tracking_number,
                        "status": application.status, "service_id": application.service_id,
                        "region_code": application.region_code},
        "links": {"application": f"/api/agency/applications/{application.id}"},
    }


def _complaint_data(complaint) -> tuple[str, dict]:
    return f"complaint:{complaint.id}", {
        "complaint": {"id": complaint.id, "subject_type": complaint.subject_type, "subject_id": complaint.subject_id,
                      "service_id": complaint.service_id, "region_code": complaint.region_code,
                      "due_date": complaint.due_date.isoformat() if complaint.due_date else None},
        "links": {"complaint": f"/api/agency/complaints/{complaint.id}"},
    }


def record_event(session: Session, event_type: str, subject, *, now: datetime | None = None) -> list[IntegrationEvent]:
    """Write event_type about subject (an application or a complaint) for every system handling it; no commit.

    Returns the rows written (none when no system handles it). One event id for all its receivers.
    """
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    session.flush()  # the subject's id and current status
    targets = subscribers(session, agency_id=subject.agency_id, region_code=subject.region_code,
                          service_id=subject.service_id)
    if not targets:
        return []
    now = now or utcnow()
    is_complaint = event_type.startswith("complaint.")
    ordering_key, data = _complaint_data(subject) if is_complaint else _application_data(subject)
    event_id = f"evt_{uuid.uuid4().hex}"
    payload = {"type": event_type, "timestamp": as_utc(now).isoformat().replace("+00:00", "Z"), "data": data}
    rows = []
    for integration in targets:
        row = IntegrationEvent(
            integration_id=integration.id, event_id=event_id, type=event_type, ordering_key=ordering_key,
            application_id=None if is_complaint else subject.id, complaint_id=subject.id if is_complaint else None,
            payload=payload, status="pending" if integration.webhook_url else "none", attempts=0,
            next_attempt_at=now, retry_from=now, created_at=now)
        session.add(row)
        rows.append(row)
    return rows


def get_integration(session: Session, integration_id: int) -> Integration:
    integration = session.get(Integration, integration_id)
    if integration is None:
        raise Problem(404, "integration-not-found", "integrations.not_found")
    return integration


def list_integrations(session: Session) -> list[Integration]:
    return list(session.scalars(select(Integration).order_by(Integration.id)))


def stats(session: Session, integration_ids: list[int], *, sample: int = 1000) -> dict[int, dict]:
    """Per system: delivered, pending, dead counts, the last error, and the median delay of recent deliveries (s)."""
    out = {i: {"delivered": 0, "pending": 0, "failed": 0, "last_error": None, "last_error_at": None,
               "median_delay_seconds": None} for i in integration_ids}
    if not integration_ids:
        return out
    counts = session.execute(
        select(IntegrationEvent.integration_id, IntegrationEvent.status, func.count())
        .where(IntegrationEvent.integration_id.in_(integration_ids))
        .group_by(IntegrationEvent.integration_id, IntegrationEvent.status))
    names = {"delivered": "delivered", "pending": "pending", "dead": "failed"}
    for integration_id, status, count in counts:
        if status in names:
            out[integration_id][names[status]] = count
    for integration_id in integration_ids:
        last = session.execute(
            select(IntegrationEvent.last_error, IntegrationEvent.last_attempt_at)
            .where(IntegrationEvent.integration_id == integration_id, IntegrationEvent.last_error.is_not(None))
            .order_by(IntegrationEvent.id.desc()).limit(1)).first()
        if last is not None:
            out[integration_id]["last_error"], out[integration_id]["last_error_at"] = last[0], last[1]
        delays = [(as_utc(d) - as_utc(c)).total_seconds() for c, d in session.execute(
            select(IntegrationEvent.created_at, IntegrationEvent.delivered_at)
            .where(IntegrationEvent.integration_id == integration_id, IntegrationEvent.delivered_at.is_not(None))
            .order_by(IntegrationEvent.id.desc()).limit(sample))]
        if delays:
            out[integration_id]["median_delay_seconds"] = round(statistics.median(delays), 3)
    return out


def dead_letters(session: Session, integration_id: int, *, limit: int = 100) -> list[IntegrationEvent]:
    return list(session.scalars(
        select(IntegrationEvent).where(IntegrationEvent.integration_id == integration_id,
                                       IntegrationEvent.status == "dead")
        .order_by(IntegrationEvent.id).limit(limit)))


def retry_dead(session: Session, integration_id: int, *, event_ids: list[int] | None = None,
               now: datetime | None = None) -> int:
    """Give dead letters a new retry window from now (all of the system's, or the given ones); no commit."""
    now = now or utcnow()
    query = update(IntegrationEvent).where(IntegrationEvent.integration_id == integration_id,
                                           IntegrationEvent.status == "dead")
    if event_ids is not None:
        query = query.where(IntegrationEvent.id.in_(event_ids))
    result = session.execute(query.values(status="pending", attempts=0, next_attempt_at=now, retry_from=now,
                                          claim_token=None, claimed_until=None)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


def replay(session: Session, integration_id: int, *, event_ids: list[int] | None = None,
           since: datetime | None = None, now: datetime | None = None) -> int:
    """Send delivered events again (same webhook-id: the receiver de-duplicates); no commit.

    A replayed event keeps its place: it is delivered before any later event of its application.
    """
    if event_ids is None and since is None:
        raise Problem(422, "validation-error", "error.validation",
                      errors={"event_ids": ["event_ids or since is required"]})
    now = now or utcnow()
    query = update(IntegrationEvent).where(IntegrationEvent.integration_id == integration_id,
                                           IntegrationEvent.status == "delivered")
    if event_ids is not None:
        query = query.where(IntegrationEvent.id.in_(event_ids))
    if since is not None:
        query = query.where(IntegrationEvent.created_at >= since)
    result = session.execute(query.values(status="pending", attempts=0, next_attempt_at=now, retry_from=now,
                                          delivered_at=None,
                                          claim_token=None, claimed_until=None)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


AGENCY_SCOPES = ("applications.read", "applications.write", "complaints")


def _check_webhook_url(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    if not url:
        return None
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1")
    if not (parts.scheme == "https" or local) or not parts.hostname or parts.fragment or len(url) > 500:
        raise Problem(422, "validation-error", "integrations.bad_webhook_url",
                      errors={"webhook_url": ["https:// (http://localhost)"]})
    return url


def connect(session: Session, *, name: str, agency_code: str, regions: list[str], services: dict[str, str],
            webhook_url: str | None, now: datetime, auth_method: str = "client_secret_basic",
            jwks: dict | None = None) -> tuple[Integration, dict]:
    """Connect an agency system (no commit): its OAuth client, webhook secret and acting account.

    services: service code -> who handles it ("worklist", "system" or "both"). Returns the
    integration and its credentials, shown once: client_id, client_secret (client_secret_basic), webhook_secret.
    """
    from ..accounts.models import User
    from ..catalogue import services as catalogue
    from ..catalogue.models import Service
    from ..oauth import services as oauth

    agency = catalogue.get_agency_by_code(session, agency_code or "")
    if agency is None:
        raise Problem(422, "validation-error", "error.validation", errors={"agency": [f"unknown agency {agency_code!r}"]})
    if not regions:
        raise Problem(422, "validation-error", "error.validation", errors={"regions": ["at least one region"]})
    for code in regions:
        if not catalogue.region_hosts_agency(session, code, agency.id):
            raise Problem(422, "validation-error", "integrations.bad_region", params={"region": code},
                          errors={"regions": [code]})
    by_code = {s.code: s for s in session.scalars(select(Service).where(Service.code.in_(list(services))))}
    for code, handled_by in services.items():
        service = by_code.get(code)
        if service is None or service.agency_id != agency.id:
            raise Problem(422, "validation-error", "integrations.bad_service", params={"service": code},
                          errors={"services": [code]})
        if handled_by not in HANDLED_BY:
            raise Problem(422, "validation-error", "error.validation", errors={"services": [f"{code}: {handled_by}"]})
    webhook_url = _check_webhook_url(webhook_url)
    client, client_secret = oauth.register_client(
        session, name=name, kind="agency_system", agency_id=agency.id, scopes=list(AGENCY_SCOPES),
        auth_method=auth_method, jwks=jwks, now=now)
    # the account the system acts as: in history events, the resident's access log, Idempotency-Keys
    actor = User(role="system", full_name=f"{name.strip()} ({agency.short})"[:100], agency_id=agency.id)
    session.add(actor)
    session.flush()
    integration = Integration(name=name.strip(), agency_id=agency.id, webhook_url=webhook_url,
                              webhook_secret=new_webhook_secret(), oauth_client_id=client.id,
                              actor_user_id=actor.id, created_at=now)
    integration.regions = [IntegrationRegion(region_code=code) for code in sorted(set(regions))]
    integration.services = [IntegrationService(service_id=by_code[code].id, handled_by=handled_by)
                            for code, handled_by in sorted(services.items())]
    session.add(integration)
    session.flush()
    return integration, {"client_id": client.client_id, "client_secret": client_secret,
                         "webhook_secret": integration.webhook_secret}


def revoke(session: Session, integration_id: int, *, now: datetime) -> Integration:
    """Disconnect a system (no commit): its client and every token stop at once, webhooks stop."""
    from ..oauth import services as oauth
    from ..oauth.models import OAuthClient

    integration = get_integration(session, integration_id)
    integration.revoked_at = integration.revoked_at or now
    client = session.get(OAuthClient, integration.oauth_client_id) if integration.oauth_client_id else None
    if client is not None:
        oauth.revoke_client(session, client.client_id, now=now)
    return integration


def integration_for_client(session: Session, client_pk: int) -> Integration | None:
    """The live system an OAuth client belongs to."""
    return session.scalar(select(Integration).where(Integration.oauth_client_id == client_pk,
                                                    Integration.revoked_at.is_(None)))


def describe(session: Session, integration: Integration, counts: dict | None = None) -> dict:
    """What the CLI and the admin screen show of a system (never its secrets)."""
    from ..catalogue import services as catalogue
    from ..oauth.models import OAuthClient

    agency = catalogue.get_agency(session, integration.agency_id)
    client = session.get(OAuthClient, integration.oauth_client_id) if integration.oauth_client_id else None
    services_by_id = catalogue.services_by_ids(session, [s.service_id for s in integration.services])
    return {
        "id": integration.id, "name": integration.name,
        "agency": {"code": agency.code, "short": agency.short, "name": agency.name} if agency else None,
        "regions": [r.region_code for r in integration.regions],
        "services": [{"code": services_by_id[s.service_id].code, "name": services_by_id[s.service_id].name,
                      "handled_by": s.handled_by} for s in integration.services if s.service_id in services_by_id],
        "webhook_url": integration.webhook_url, "client_id": client.client_id if client else None,
        "created_at": integration.created_at, "revoked_at": integration.revoked_at,
        "stats": counts if counts is not None else stats(session, [integration.id])[integration.id],
    }
