"""Write a sample tracker of N rows (default 10,000) with the installation's units, to time an import.

    .venv/bin/python scripts/tracker_sample.py var/tracker-10000.xlsx 10000
    .venv/bin/python manage.py import_tracker var/tracker-10000.xlsx

Each task has a lead row and a coordinating row; 50 tasks per directive; deadlines within the
directive's year. Units are read from the database (run after `manage.py load_demo`).
"""

import datetime
import os
import sys

import django


def main(path: str, rows: int) -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcts.settings")
    django.setup()
    from django.utils import timezone
    from openpyxl import Workbook

    from imports.reader import template_headings
    from units.models import Unit

    today = timezone.localdate()
    units = [u.name for u in Unit.objects.order_by("pk") if u.is_active_on(today)]
    if len(units) < 2:
        sys.exit("Cần ít nhất hai đơn vị đang hoạt động (chạy manage.py load_demo trước).")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách nhiệm vụ")
    ws.append(template_headings())
    for n in range(rows):
        task, part = divmod(n, 2)
        directive = task // 50 + 1
        issued = datetime.date(2025, 1, 1) + datetime.timedelta(days=directive % 300)
        lead = units[task % len(units)]
        other = units[(task + 1) % len(units)]
        ws.append(
            [
                n + 1,
                f"{directive + int(os.environ.get('SAMPLE_OFFSET', '0'))}/KH-UBND",
                issued,
                f"Nhiệm vụ thử số {task + 1} của kế hoạch {directive}",
                lead if part == 0 else other,
                "Chủ trì" if part == 0 else "Phối hợp",
                issued + datetime.timedelta(days=30 + task % 200),
                None,
                None,
                None,
            ]
        )
    wb.save(path)
    print(f"{rows} dòng → {path}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
