"""`quartiersnetz export-hsds PATH --quartier SLUG`.

PATH ending in .zip: HSDS 1.1 data package as zip; ending in .json: HSDS 3.0 JSON; anything else: a folder with
datapackage.json and the CSV files (created if needed). Contact persons are exported only with an active
publication consent; the export of their data is audited.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from quartiersnetz.offers.hsds.exporter import export_folder, export_json, export_zip
from quartiersnetz.offers.models import Offer

from .import_hsds import command_quartier


class Command(BaseCommand):
    help = "Export the offers of a neighbourhood as HSDS 1.1 (folder or .zip) or HSDS 3.0 (.json)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Target: a folder, a .zip file (HSDS 1.1) or a .json file (HSDS 3.0).")
        parser.add_argument("--quartier", required=True, help="Short name (slug) of the neighbourhood.")

    def handle(self, *args, path: str, quartier: str, **options):
        target = command_quartier(quartier)
        out = Path(path)
        suffix = out.suffix.casefold()
        if suffix == ".zip":
            out.write_bytes(export_zip(target, user=None))
        elif suffix == ".json":
            out.write_bytes(export_json(target, user=None))
        else:
            export_folder(target, out, user=None)
        count = Offer.objects.filter(quartier=target).count()
        self.stdout.write(self.style.SUCCESS(_("{count} offers exported to {path}.").format(count=count, path=out)))
