"""The demo catalogue loads idempotently and versions changed forms."""
import copy

from sqlalchemy import func, select

from backend.catalogue import demo
from backend.catalogue.models import FormDefinition, Region, Service, ServiceRegion
from backend.extensions import db


def _counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Region, Service, ServiceRegion, FormDefinition)
    }


def test_loading_twice_changes_nothing(ctx):
    before = _counts()
    demo.load(db.session)
    db.session.commit()
    assert not db.session.dirty
    assert _counts() == before
    assert before["Region"] == 16
    assert before["Service"] >= 30


def test_changed_form_gets_a_new_version_and_old_one_a_grace_period(ctx, monkeypatch):
    original = demo.read

    def patched(name):
        data = original(name)
        if name == "services.json":
            data = copy.deepcopy(data)
            service = next(s for s in data if s.get("form"))
            service["form"]["fields"] = service["form"]["fields"] + [
                {"key": "catatan_tambahan", "label": {"id": "Catatan", "en": "Note"}, "type": "textarea", "required": False}
            ]
            patched.code = service["code"]
        return data

    monkeypatch.setattr(demo, "read", patched)
    demo.load(db.session)
    db.session.commit()
    service = db.session.scalar(select(Service).where(Service.code == patched.code))
    forms = list(db.session.scalars(select(FormDefinition).where(FormDefinition.service_id == service.id).order_by(FormDefinition.version)))
    assert [f.status for f in forms][-2:] == ["grace", "current"]
    assert forms[-2].grace_until is not None
    # put the shipped form back: drop the new version, make the original current again
    db.session.delete(forms[-1])
    forms[-2].status, forms[-2].grace_until = "current", None
    db.session.commit()
    monkeypatch.setattr(demo, "read", original)
    demo.load(db.session)
    db.session.commit()
    assert (
        db.session.scalar(select(func.count()).select_from(FormDefinition).where(FormDefinition.service_id == service.id)) == len(forms) - 1
    )
