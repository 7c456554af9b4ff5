"""`quartiersnetz load-demo`: load the deterministic demo data and print the demo logins."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.demo.loader import load_demo


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the demo data: the two programmes, the ten Quartiere of “Aktiv für Arbeit im Stadtteil” with "
        "their seed figures, eleven fictitious ThINKA sites, synthetic organisations, contact persons with "
        "consents, and one login per role. Safe to run again: existing demo organisations are kept unless "
        "--reset is given."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=str(gettext_lazy(
                "Delete the demo organisations with their contact persons and consents first, then generate "
                "them again."
            )),
        )

    def handle(self, *args, reset: bool = False, **options):
        try:
            result = load_demo(stdout=self.stdout if options.get("verbosity", 1) > 1 else None, reset=reset)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        out = self.stdout
        out.write("")
        if result.actors_created:
            out.write(self.style.SUCCESS(_("Demo data loaded.")))
        else:
            out.write(self.style.SUCCESS(_("Demo data refreshed; the existing organisations were kept.")))
        out.write(
            _("{programmes} programmes, {quartiere} neighbourhoods, {organisations} organisations, {contacts} "
              "contact persons, {consents} consents.").format(
                programmes=_n(result.programmes), quartiere=_n(result.quartiere),
                organisations=_n(result.organisations), contacts=_n(result.contacts), consents=_n(result.consents),
            )
        )
        out.write(_("All organisations and persons in the demo data are fictitious."))
        out.write("")
        out.write(_("Open {url} in your browser and log in with one of these accounts:").format(url=result.url))
        out.write(_("(If the server is not running yet: “make serve” or “quartiersnetz runserver”.)"))
        out.write("")
        header = (_("Username"), _("Password"), _("Role"), _("Area of responsibility"))
        rows = [(i.username, i.password, i.role, i.area) for i in result.logins]
        widths = [max(len(r[c]) for r in [header, *rows]) for c in range(3)]
        for row in [header, tuple("-" * len(h) for h in header), *rows]:
            out.write("  ".join(cell.ljust(widths[c]) if c < 3 else cell for c, cell in enumerate(row)).rstrip())
        out.write("")
