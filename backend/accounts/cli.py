"""`flask users create-officer` / `create-admin` / `rename-staff`: staff accounts from the command line."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ..extensions import db
from .models import mask_nik
from .services import create_staff, find_by_identifier
from .staff import rename_staff


def _create(role: str, **fields) -> None:
    try:
        user = create_staff(db.session, role=role, **fields)
    except ValueError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    who = user.email or mask_nik(user.nik)
    click.echo(f"{role} created: id {user.id}, {who}")


def init_app(app: Flask) -> None:
    group = AppGroup("users", help="Staff accounts (officers and admins).")

    @group.command("create-officer")
    @click.option("--email", help="Sign-in email (this or --nik).")
    @click.option("--nik", help="Sign-in NIK (this or --email).")
    @click.option("--name", "full_name", required=True, help="Full name shown to residents in their access log.")
    @click.option("--agency", "agency_code", required=True, help="Agency code, e.g. DISDUKCAPIL.")
    @click.option("--region", "region_code", required=True, help="Region (MPP) code, e.g. 35.74.")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Prompted when missing.")
    def create_officer(email, nik, full_name, agency_code, region_code, password):
        """Create an officer who acts for one agency at one MPP."""
        _create("officer", email=email, nik=nik, full_name=full_name, agency_code=agency_code,
                region_code=region_code, password=password)

    @group.command("create-admin")
    @click.option("--email", help="Sign-in email (this or --nik).")
    @click.option("--nik", help="Sign-in NIK (this or --email).")
    @click.option("--name", "full_name", required=True, help="Full name.")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Prompted when missing.")
    def create_admin(email, nik, full_name, password):
        """Create an administrator."""
        _create("admin", email=email, nik=nik, full_name=full_name, password=password)

    @group.command("rename-staff")
    @click.option("--id", "staff_id", type=int, required=True, help="The officer's or admin's account number.")
    @click.option("--name", "full_name", required=True, help="The new full name residents will see.")
    @click.option("--by", "admin_identifier", required=True, help="The e-mail or NIK of the admin making the change.")
    def rename(staff_id, full_name, admin_identifier):
        """Change a staff member's name (staff cannot do it themselves); audited under the admin's name."""
        try:
            staff = rename_staff(db.session, find_by_identifier(db.session, admin_identifier), staff_id, full_name)
        except ValueError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
        db.session.commit()
        click.echo(f"{staff.role} {staff.id} is now named {staff.full_name!r}")

    app.cli.add_command(group)
