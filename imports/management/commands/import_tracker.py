"""Import an Excel tracker from the command line: check it (dry run) or check and apply it."""

import time

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from imports import mappings, services
from imports.models import ImportBatch
from units.models import User


class Command(BaseCommand):
    help = "Nhập bảng theo dõi Excel (.xlsx): kiểm tra (--dry-run) hoặc kiểm tra rồi nhập."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument("--user", default="", help="tài khoản cán bộ Thanh tra thực hiện")
        parser.add_argument("--skip-errors", action="store_true", help="bỏ qua các dòng lỗi")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="TIÊU ĐỀ=CỘT",
            help="ghép một tiêu đề của tệp với một cột PCTS (- để bỏ qua); lưu cho các tệp cùng bố cục",
        )
        parser.add_argument("--map-name", default="", help="tên cách ghép cột được lưu")

    def handle(self, *args, **options):
        actor = self._actor(options["user"])
        with open(options["file"], "rb") as handle:
            upload = SimpleUploadedFile(options["file"].rsplit("/", 1)[-1], handle.read())
        started = time.monotonic()
        try:
            batch = services.batch_create(actor=actor, upload=upload, run_now=False)
            batch = services.batch_check(batch.pk, progress=self._bar("Kiểm tra"))
            if batch.state == ImportBatch.State.MAPPING:
                batch = self._map(actor, batch, options)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if batch.state == ImportBatch.State.FAILED:
            raise CommandError(batch.message)
        if batch.mapping:
            self.stdout.write(f"Dùng cách ghép cột đã lưu «{batch.mapping.name}».")
        self.stdout.write(self._summary(batch))
        for row in batch.rows.filter(action="error").order_by("number")[:20]:
            self.stdout.write(f"  dòng {row.number}: {'; '.join(row.problems)}")
        if options["dry_run"]:
            self.stdout.write(f"Chạy thử: không ghi gì ({time.monotonic() - started:.1f} s).")
            return
        try:
            batch = services.batch_apply(
                actor=actor,
                batch=batch,
                skip_errors=options["skip_errors"],
                run_now=True,
                progress=self._bar("Nhập"),
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Đã nhập lần #{batch.pk}: {batch.counts.get('written', 0)} thay đổi "
            f"({time.monotonic() - started:.1f} s)."
        )

    def _map(self, actor, batch, options):
        """Save the --map pairs as the layout's mapping and check again; without them, say what to map."""
        if not options["map"]:
            raise CommandError(mappings.unplaced_message(batch))
        fields = mappings.fields_from_options(batch, options["map"])
        mappings.mapping_save(
            actor=actor, batch=batch, fields=fields, name=options["map_name"], run_now=True
        )
        batch.refresh_from_db()
        return batch

    def _actor(self, username):
        users = User.objects.filter(is_active=True)
        user = users.filter(username=username).first() if username else None
        if user is None and not username:
            user = users.filter(groups__name="inspectorate").order_by("pk").first()
        if user is None:
            raise CommandError("Cần --user: tài khoản cán bộ Thanh tra.")
        return user

    def _bar(self, label):
        shown = set()

        def show(done, total):
            if (done, total) in shown:
                return
            shown.add((done, total))
            width = 30
            filled = width * done // total if total else width
            self.stderr.write(
                f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
                ending="\n" if done >= total else "",
            )
            self.stderr.flush()

        return show

    def _summary(self, batch):
        c = batch.counts
        return (
            f"Lần nhập #{batch.pk} «{batch.original_name}», trang «{batch.sheet}»: "
            f"{batch.total_rows} dòng — tạo mới {c.get('create', 0)}, cập nhật {c.get('update', 0)}, "
            f"không đổi {c.get('unchanged', 0)}, lỗi {c.get('error', 0)}."
        )
