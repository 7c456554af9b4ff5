"""`quartiersnetz casework-retention [--dry-run]`: reduce case records older than the retention period to
anonymous statistics and delete them. Meant to run daily (see docs/privacy-casework.md)."""

import datetime as dt

from django.core.management.base import BaseCommand

from quartiersnetz.casework.services import retention_run


class Command(BaseCommand):
    help = "Delete case records after the retention period, keeping anonymous counts."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only report what would be deleted.")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Reference date (ISO).")

    def handle(self, *args, dry_run=False, today=None, **options):
        result = retention_run(today=today, dry_run=dry_run)
        prefix = "[dry run] " if dry_run else ""
        for slug, cutoff in sorted(result.cutoffs.items()):
            self.stdout.write(f"{prefix}{slug}: records with last activity before {cutoff:%d.%m.%Y} expire")
        self.stdout.write(f"{prefix}cases: {result.clients}, contacts: {result.contacts}, "
                          f"referrals: {result.referrals}, statistic rows: {result.statistic_rows}")
