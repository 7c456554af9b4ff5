"""`quartiersnetz referral-reminders`: flag stalled referrals ("Kette gefährdet") and e-mail their owners."""

from django.core.management.base import BaseCommand

from quartiersnetz.casework.services import referral_reminders


class Command(BaseCommand):
    help = "Flag referrals without progress for N days (default: programme policy, 14) and remind their owners."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Days without progress (overrides the policy).")
        parser.add_argument("--dry-run", action="store_true", help="Only report, change and send nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        result = referral_reminders(stall_days=days, dry_run=dry_run)
        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(f"{prefix}stalled referrals: {result.stalled}, reminder mails: {result.mails}, "
                          f"owners without e-mail address: {result.without_address}")
