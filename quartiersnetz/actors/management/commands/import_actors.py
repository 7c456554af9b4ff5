"""`quartiersnetz import-actors FILE --kind organisations|contacts --quartier SLUG --user USERNAME [--dry-run]`.

Checks every row first. If any row is wrong, the errors are printed and nothing is written (exit code 1).
Otherwise all rows are imported in one transaction, with the same rules and audit as the web import.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quartiersnetz.actors.import_services import import_batch_confirm, import_batch_create
from quartiersnetz.actors.imports import KINDS, PreviewResult, validate_file
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import ImportBatch
from quartiersnetz.core.selectors import quartier_list_editable
from quartiersnetz.core.tabular import TableError, check_size


class Command(BaseCommand):
    help = (
        "Import organisations or contact persons from a CSV or Excel (.xlsx) file. "
        "Every row is checked first. If any row has an error, all errors are listed and nothing is saved. "
        "The rules are the same as in the web import: the user needs the right to edit the neighbourhood."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV or .xlsx file (first row: column names).")
        parser.add_argument(
            "--kind", required=True, choices=KINDS,
            help="What the file contains: 'organisations' or 'contacts' (contact persons).",
        )
        parser.add_argument(
            "--quartier", required=True,
            help="Short name (slug) of the neighbourhood, e.g. duisburg-marxloh. Rows without their own "
                 "neighbourhood are assigned to it.",
        )
        parser.add_argument("--user", required=True, help="Username the import is done as (and recorded under).")
        parser.add_argument("--dry-run", action="store_true", help="Only check the file; save nothing.")

    def handle(self, *args, file: str, kind: str, quartier: str, user: str, dry_run: bool, **options):
        account = self._user(user)
        target = quartier_list_editable(user=account).filter(slug=quartier).first()
        if target is None:
            raise CommandError(_("There is no neighbourhood “{slug}” that “{username}” may edit.").format(
                slug=quartier, username=user))
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("The file “{path}” does not exist.").format(path=file))
        try:
            check_size(path.stat().st_size)
        except TableError as exc:
            raise CommandError(exc.message) from exc
        content = path.read_bytes()
        preview = validate_file(user=account, kind=kind, quartier=target, filename=path.name, content=content)
        self._report(preview)
        if not preview.ok:
            raise CommandError(_("The file contains errors. Nothing was imported."), returncode=1)
        counts = preview.counts
        if dry_run:
            self.stdout.write(_("Check passed: {new} new, {updated} to be updated. Nothing was saved (dry run).")
                              .format(new=counts["create"], updated=counts["update"]))
            return
        try:
            batch = import_batch_create(user=account, kind=kind, quartier=target, filename=path.name,
                                        content=content)
            batch = import_batch_confirm(user=account, batch=batch, run_in_background=False)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        if batch.status != ImportBatch.Status.DONE:
            self._report_failure(batch)
            raise CommandError(batch.result.get("message") or _("The import failed. Nothing was imported."),
                               returncode=1)
        summary = batch.result.get("summary", {})
        self.stdout.write(self.style.SUCCESS(
            _("Imported: {created} created, {updated} updated, {consents} consents recorded.").format(
                created=summary.get("created", 0), updated=summary.get("updated", 0),
                consents=summary.get("consents", 0))
        ))

    def _user(self, username: str):
        user_model = get_user_model()
        account = user_model.objects.filter(username=username).first()
        if account is None:
            raise CommandError(_("There is no user named “{username}”.").format(username=username))
        if not account.is_active:
            raise CommandError(_("The user “{username}” is deactivated.").format(username=username))
        return account

    def _report(self, preview: PreviewResult) -> None:
        for warning in preview.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for message in preview.file_errors:
            self.stderr.write(message)
        for row in preview.error_rows:
            for item in row.messages:
                self.stderr.write(_line(row.number, item.column, item.message))

    def _report_failure(self, batch: ImportBatch) -> None:
        for row in batch.result.get("rows", []):
            for item in row.get("messages", []):
                self.stderr.write(_line(row["row"], item.get("column", ""), item["message"]))


def _line(row: int, column: str, message: str) -> str:
    if column:
        return _("Row {row}, {column}: {message}").format(row=row, column=column, message=message)
    return _("Row {row}: {message}").format(row=row, message=message)
