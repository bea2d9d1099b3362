"""The matrix's cells: coloured by timeliness (over Bootstrap's table background), no label twice."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings

from directives.models import Timeliness
from directives.selectors import MatrixCell
from directives.templatetags.matrix_tags import matrix_cells

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "pcts.css").read_text()


def cell(timeliness, state_label, timeliness_label):
    return MatrixCell(
        url="/nhiem-vu/1/",
        timeliness=timeliness,
        is_lead=True,
        role_label="Chủ trì",
        deadline=datetime.date(2026, 12, 31),
        extended=False,
        flagged=False,
        state_label=state_label,
        timeliness_label=timeliness_label,
    )


@pytest.mark.parametrize("value", Timeliness.values)
def test_every_timeliness_sets_the_table_cell_background(value):
    # Bootstrap paints table cells from --bs-table-bg, over any background class: a rule that
    # only sets `background` leaves every cell white.
    rule = re.search(r"\.t-" + value + r"\s*\{([^}]*)\}", CSS)
    assert rule is not None, f"no rule for .t-{value}"
    assert "--bs-table-bg" in rule.group(1)


@pytest.mark.parametrize(
    ("timeliness", "state", "label", "shown", "hidden"),
    [
        (
            "completed_on_time",
            "Hoàn thành",
            "Hoàn thành đúng hạn",
            ["Hoàn thành đúng hạn"],
            ["Hoàn thành"],
        ),
        ("cancelled", "Đã hủy", "Đã hủy", ["Đã hủy"], []),
        (
            "awaiting_review",
            "Đã báo cáo hoàn thành, chờ xem xét",
            "Đã báo cáo, chờ xem xét",
            ["Đã báo cáo hoàn thành, chờ xem xét"],
            ["Đã báo cáo, chờ xem xét"],
        ),
        ("overdue", "Đã giao", "Quá hạn", ["Đã giao", "Quá hạn"], []),
    ],
)
def test_a_cell_shows_each_label_once(timeliness, state, label, shown, hidden):
    html = matrix_cells([cell(timeliness, state, label), None])
    assert html.startswith(f'<td class="t-{timeliness}">') and html.endswith("<td></td>")
    for text in shown:
        assert html.count(f">{text}<") == 1, text
    for text in hidden:
        assert f">{text}<" not in html
