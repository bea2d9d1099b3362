"""Copy Vietnam's public holidays (Tết, Giỗ Tổ, compensatory days) into the working-day calendar."""

from django.core.management.base import BaseCommand, CommandError

from directives import public_holidays


class Command(BaseCommand):
    help = (
        "Seed the Holiday table from the `holidays` package for the given years (default: last "
        "year to two years ahead, those not seeded yet). Days already in the table are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="years, e.g. 2027 2028")

    def handle(self, *args, years, **options):
        if years:
            try:
                results = [public_holidays.seed_year(year) for year in years]
            except public_holidays.UnsupportedYear as exc:
                raise CommandError(str(exc)) from exc
        else:
            results = public_holidays.ensure_years()
        for result in results:
            self.stdout.write(
                f"{result.year}: thêm {result.added} ngày, giữ nguyên {result.kept} ngày đã có."
            )
        if not results:
            self.stdout.write("Lịch ngày nghỉ đã đủ các năm đang dùng.")
