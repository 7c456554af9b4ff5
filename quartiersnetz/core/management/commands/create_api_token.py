"""`quartiersnetz create-api-token USERNAME NAME`: create an API token for a user and print its key once."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="User the token acts as.")
        parser.add_argument("name", help="Label of the token, e.g. the script that uses it.")
        parser.add_argument("--expires-days", type=int, default=None, help="Days until the token expires (optional).")
        parser.add_argument("--key-only", action="store_true", help="Print only the key (for scripts).")

    def handle(self, *args, username: str, name: str, expires_days: int | None, key_only: bool, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist as exc:
            raise CommandError(_("There is no user named “{username}”.").format(username=username)) from exc
        if not user.is_active:
            raise CommandError(_("The user “{username}” is deactivated.").format(username=username))
        expires_at = None
        if expires_days is not None:
            if not 1 <= expires_days <= 3660:
                raise CommandError(_("--expires-days must be between 1 and 3660."))
            expires_at = timezone.now() + dt.timedelta(days=expires_days)
        try:
            token, key = api_token_create(user=user, name=name, expires_at=expires_at)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if key_only:
            self.stdout.write(key)
            return
        self.stdout.write(
            _("Created token “{name}” for {username}. The key is shown only this once:").format(
                name=token.name, username=user.username
            )
        )
        self.stdout.write(key)
        if expires_at:
            self.stdout.write(
                _("Valid until {date}.").format(date=timezone.localtime(expires_at).strftime("%d.%m.%Y %H:%M"))
            )
        self.stdout.write(_("Use it as header: Authorization: Bearer <key>"))
