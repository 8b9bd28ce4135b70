"""`flask documents sweep`: delete stored files that no document row names (left by crashed uploads);
`flask documents migrate-storage --to s3|filesystem`: move every document's bytes to the other backend;
`flask documents verify`: check every document's bytes against its sha256 (after a restore).

The push worker (`flask notifications worker`) also runs the sweep every few hours; the command is for cron.
"""
from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..extensions import db
from ..timeutil import utcnow
from ..wiring import registry
from . import migration
from .services import ORPHAN_MIN_AGE, sweep_orphans
from .storage import BACKENDS, StorageUnavailable, configured, storage_for

SWEEP_INTERVAL = 6 * 3600

group = AppGroup("documents", help="The document vault's stored files.")


@group.command("sweep")
@click.option("--min-age-hours", default=ORPHAN_MIN_AGE.total_seconds() / 3600, show_default=True,
              type=click.FloatRange(1, 24 * 365), help="Only files last written at least this long ago.")
def sweep(min_age_hours: float) -> None:
    """Delete stored files that no document names and that are older than --min-age-hours."""
    click.echo(f"orphaned document files deleted: {sweep_orphaned_files(timedelta(hours=min_age_hours))}")


def sweep_orphaned_files(min_age: timedelta = ORPHAN_MIN_AGE) -> int:
    """The sweep against the configured storage (the CLI, and the push worker's periodic job)."""
    count = sweep_orphans(db.session, storage_for(current_app.config), now=utcnow(), min_age=min_age)
    db.session.rollback()  # it only read rows
    return count


@group.command("migrate-storage")
@click.option("--to", "target_name", required=True, type=click.Choice(BACKENDS),
              help="The backend to copy every document to (its settings must be given).")
@click.option("--delete-source", is_flag=True, help="Delete each source copy once its copy is verified.")
def migrate_storage(target_name: str, delete_source: bool) -> None:
    """Copy every document to --to and verify its sha256; hosts keep serving (reads fall back meanwhile).

    Set DOCUMENT_STORAGE to the target on every host (new uploads go there) before or after; see docs/deploy.md.
    """
    config = current_app.config
    source_name = next(name for name in BACKENDS if name != target_name)
    for name in (source_name, target_name):
        if not configured(config, name):
            raise click.UsageError(f"{name} is not configured ({'S3_BUCKET' if name == 's3' else 'DOCUMENT_STORAGE_PATH'})")
    source, target = storage_for(config, source_name), storage_for(config, target_name)
    try:
        with click.progressbar(length=migration.pending(db.session), label=f"{source_name} -> {target_name}",
                               show_pos=True) as bar:
            report = migration.migrate(db.session, source, target, delete_source=delete_source, progress=bar.update)
    except StorageUnavailable as error:
        raise click.ClickException(f"the {error.backend} storage does not answer; run the command again") from None
    counts = report.counts
    click.echo(f"copied and verified: {counts['copied']}, already there: {counts['present']}, "
               f"deleted meanwhile: {counts['gone']}, failed: {len(report.failed)}")
    if not report.ok:
        for document_id, why in sorted(report.failed.items()):
            click.echo(f"document {document_id}: {'no bytes on either backend' if why == 'missing' else 'sha256 differs'}",
                       err=True)
        raise SystemExit(1)
    if config.get("DOCUMENT_STORAGE") != target_name:
        click.echo(f"every document is on {target_name}: set DOCUMENT_STORAGE={target_name} on every host")


@group.command("verify")
def verify() -> None:
    """Read every document from the configured storage and check its sha256 (after a restore or a migration)."""
    storage = storage_for(current_app.config)
    try:
        with click.progressbar(length=migration.pending(db.session), label="verifying", show_pos=True) as bar:
            failed = migration.verify(db.session, storage, progress=bar.update)
    except StorageUnavailable as error:
        raise click.ClickException(f"the {error.backend} storage does not answer; run the command again") from None
    for document_id, why in sorted(failed.items()):
        click.echo(f"document {document_id}: {'no bytes on either backend' if why == 'missing' else 'sha256 differs'}",
                   err=True)
    click.echo(f"documents failing: {len(failed)}")
    if failed:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
    registry(app).every("document orphan sweep", SWEEP_INTERVAL, sweep_orphaned_files)
