"""Everyone who sees a task sees its directive's chain (metadata only) and which unit leads it."""

import pytest
from django.urls import reverse

from directives import services
from directives.models import DirectiveLink
from tests.directives.assignment_helpers import assign, client_for, make_directive

pytestmark = pytest.mark.django_db


def test_a_unit_sees_the_whole_chain_of_its_directive_linking_only_what_it_may_open(
    inspector, unit_a, unit_b, head_a
):
    upstream = make_directive(inspector, summary="Kế hoạch của Thành ủy")
    ours = make_directive(inspector, summary="Công văn triển khai")
    services.directive_link_add(
        actor=inspector, source=ours, target=upstream, kind=DirectiveLink.Kind.values[0]
    )
    assign(inspector, unit_b, directive=upstream, title="Việc của Sở Tài chính")
    assign(inspector, unit_a, directive=ours, title="Việc của Sở Nội vụ")

    html = client_for(head_a).get(ours.get_absolute_url()).content.decode()
    chain = html.split('id="chain-up"', 1)[1].split("</ul>", 1)[0]

    assert "Chưa liên kết với văn bản nào" not in html
    assert upstream.symbol in chain and "05/01/2026" in chain
    assert upstream.get_absolute_url() not in chain  # its page answers 404 to Sở Nội vụ
    assert client_for(head_a).get(upstream.get_absolute_url()).status_code == 404
    assert "Kế hoạch của Thành ủy" not in chain  # metadata only, no summary


def test_a_coordinating_unit_sees_which_unit_leads_the_task(inspector, unit_a, unit_b, head_b):
    lead = assign(inspector, unit_a, coordinating=[unit_b])
    part = lead.task.assignments.get(unit=unit_b)

    html = client_for(head_b).get(reverse("directives:assignment-detail", args=[part.pk]))
    lead_line = html.content.decode().split('class="col-sm-8 lead-unit"', 1)[1].split("</dd>")[0]

    assert "Sở Nội vụ" in lead_line
    lead_url = reverse("directives:assignment-detail", args=[lead.pk])
    assert client_for(head_b).get(lead_url).status_code == 404
