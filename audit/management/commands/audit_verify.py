"""Recompute the audit chain and name the first broken link: `manage.py audit_verify`."""

from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký kiểm toán; chỉ ra mắt xích hỏng đầu tiên."

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(result.message)
