"""`quartiersnetz import-hsds PATH --quartier SLUG [--user USERNAME] [--dry-run]`.

PATH is an HSDS 1.1 data package (folder or .zip with datapackage.json) or an HSDS 3.0 .json file. The package is
checked completely first; every problem is printed with file, row and field and nothing is written (exit code 1).
Otherwise everything is imported in one transaction. Importing the same package again updates and never
duplicates. Without --user the import runs as the first active superuser (the audit log names it).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier
from quartiersnetz.offers.hsds.importer import plan_import
from quartiersnetz.offers.hsds.reader import PackageError, read_path
from quartiersnetz.offers.import_services import import_package


def command_user(username: str | None):
    model = get_user_model()
    if username:
        account = model.objects.filter(username=username, is_active=True).first()
        if account is None:
            raise CommandError(_("There is no active user named “{username}”.").format(username=username))
        return account
    account = model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if account is None:
        raise CommandError(_("There is no active superuser; please name a user with --user."))
    return account


def command_quartier(slug: str) -> Quartier:
    quartier = Quartier.objects.filter(slug=slug).first()
    if quartier is None:
        raise CommandError(_("There is no neighbourhood “{slug}”.").format(slug=slug))
    return quartier


class Command(BaseCommand):
    help = ("Import offers from an HSDS 1.1 data package (folder or .zip) or an HSDS 3.0 JSON file into a "
            "neighbourhood. Nothing is written if the package has any problem.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="Folder or .zip with datapackage.json, or a .json file (HSDS 3.0).")
        parser.add_argument("--quartier", required=True, help="Short name (slug) of the neighbourhood.")
        parser.add_argument("--user", help="Username the import is done as (default: the first superuser).")
        parser.add_argument("--dry-run", action="store_true", help="Only check the package; save nothing.")

    def handle(self, *args, path: str, quartier: str, user: str | None, dry_run: bool, **options):
        account = command_user(user)
        target = command_quartier(quartier)
        try:
            package = read_path(Path(path))
        except PackageError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        try:
            if dry_run:
                plan, summary = plan_import(package, quartier=target, user=account), None
            else:
                plan, summary = import_package(user=account, quartier=target, package=package)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        for warning in package.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if not plan.ok:
            for problem in package.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("The package contains {count} problems. Nothing was imported.").format(
                count=len(package.problems)), returncode=1)
        counts = plan.counts()
        if summary is None:
            self.stdout.write(_("Check passed: {new} new offers, {updated} to be updated. Nothing was saved "
                                "(dry run).").format(new=counts["offers_new"], updated=counts["offers_updated"]))
            return
        self.stdout.write(self.style.SUCCESS(_(
            "Imported: {created} offers created, {updated} updated, {organisations} organisations created, "
            "{contacts} contact persons created."
        ).format(created=summary["offers_created"], updated=summary["offers_updated"],
                 organisations=summary["organisations_created"], contacts=summary["contacts_created"])))
