"""The inspectorate's pages of report collection: rounds, who has sent, review, consolidation.

Leaders and the inspectorate see every round (`visible_rounds`); anyone else gets 404, as for
every staff page. Only the inspectorate reviews and closes (`can_review`); a leader reads.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit import security
from collection import excel, services
from collection.models import Submission
from collection.permissions import can_review, visible_rounds, visible_submissions
from collection.prefill import round_figures
from collection.round_counts import BUCKETS, in_bucket, tiles, with_counts
from collection.round_filters import RoundFilter
from directives import exports
from directives.exports.xlsx import XLSX_CONTENT_TYPE
from directives.models import local_today
from directives.permissions import sees_everything
from directives.views.common import exporting_unit
from units.vietnamese import format_date

PAGE_SIZE = 30


def _rounds_or_404(user):
    if not sees_everything(user):
        raise Http404
    return visible_rounds(user)


@login_required
def round_list(request):
    """List the rounds, filtered by form, year and status, each with its buckets' counts."""
    rounds = _rounds_or_404(request.user)
    filterset = RoundFilter(request.GET, queryset=rounds.select_related("form"))
    counted = with_counts(filterset.qs).order_by("-period_end", "form__code", "pk")
    page = Paginator(counted, PAGE_SIZE).get_page(request.GET.get("page"))
    for round_ in page:
        round_.cells = tiles(round_, round_.get_absolute_url())[1:]
    return render(
        request,
        "collection/round_list.html",
        {"filter": filterset, "page": page, "buckets": BUCKETS[1:]},
    )


def _counted_round(user, pk):
    rounds = _rounds_or_404(user)
    return get_object_or_404(with_counts(rounds.select_related("form")), pk=pk)


@login_required
def round_detail(request, pk):
    """Show a round's tiles and the units of the chosen bucket, with review actions."""
    round_ = _counted_round(request.user, pk)
    bucket = request.GET.get("bucket", "")
    submissions = (
        in_bucket(visible_submissions(request.user).filter(round=round_), bucket)
        .select_related("unit", "round")
        .order_by("unit__name_sort", "unit__name", "pk")
    )
    chosen = next((b for b in BUCKETS if b.key == bucket), BUCKETS[0])
    context = {
        "round": round_,
        "tiles": tiles(round_, round_.get_absolute_url()),
        "bucket": chosen,
        "submissions": submissions,
        "can_review": can_review(request.user),
        "figures": round_figures(round_, request.user),
        "today": local_today(),
    }
    return render(request, "collection/round_detail.html", context)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", gettext_lazy("Tiếp nhận báo cáo")), ("return", gettext_lazy("Trả lại"))]
    )
    reason = forms.CharField(required=False, max_length=2000)


def _back(request, round_):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect(round_)


def _reviewer_or_404(user):
    if not (sees_everything(user) and can_review(user)):
        raise Http404


@login_required
@require_POST
def submission_review(request, pk):
    """Accept a sent submission, or return it with a reason (required; nothing saved without)."""
    _reviewer_or_404(request.user)
    submission = get_object_or_404(
        visible_submissions(request.user).select_related("unit", "round"), pk=pk
    )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        if "reason" in form.errors:
            messages.error(request, _("Lý do trả lại dài quá 2.000 ký tự: hãy viết ngắn lại."))
        else:
            messages.error(request, _("Chọn tiếp nhận hoặc trả lại."))
        return _back(request, submission.round)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.submission_accept(actor=request.user, submission=submission)
            text = _("Đã tiếp nhận báo cáo của %(unit)s.")
        else:
            services.submission_return(
                actor=request.user, submission=submission, reason=form.cleaned_data["reason"]
            )
            text = _("Đã trả lại báo cáo của %(unit)s.")
    except (ValidationError, PermissionDenied) as exc:
        why = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, _("Chưa xem xét được: %(why)s") % {"why": why})
        return _back(request, submission.round)
    messages.success(request, text % {"unit": submission.unit})
    return _back(request, submission.round)


@login_required
@require_POST
def round_close(request, pk):
    """Close a round: units may still send (after the due day, marked late), but it counts as closed."""
    _reviewer_or_404(request.user)
    round_ = get_object_or_404(visible_rounds(request.user), pk=pk)
    try:
        services.round_close(actor=request.user, round_=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(round_)
    messages.success(request, _("Đã khóa sổ đợt %(round)s.") % {"round": round_})
    return redirect(round_)


def _period_line(round_) -> str:
    """Say the period and its window, unless the period's label already shows the window."""
    start, end = format_date(round_.period_start), format_date(round_.period_end)
    if start in round_.label and end in round_.label:
        return _("Kỳ báo cáo: %(label)s") % {"label": round_.label}
    return _("Kỳ báo cáo: %(label)s (số liệu từ ngày %(start)s đến ngày %(end)s)") % {
        "label": round_.label,
        "start": start,
        "end": end,
    }


def _header(request, round_) -> exports.ExportHeader:
    user = request.user
    unit = exporting_unit(user)
    form = round_.form
    return exports.ExportHeader(
        title=_("Tổng hợp báo cáo %(code)s") % {"code": form.code},
        lines=[
            form.title,
            _period_line(round_),
            _("Gồm các báo cáo đã tiếp nhận, đến ngày %(day)s")
            % {"day": format_date(local_today())},
        ],
        made_by=str(user),
        made_on=local_today(),
        unit=unit.name if unit else "",
        unit_code=(unit.short_name or unit.code) if unit else "",
        parent=unit.parent.name if unit and unit.parent_id else "",
        sheet=_("Bảng tổng hợp"),
    )


@login_required
def round_consolidated(request, pk):
    """Download the accepted submissions as one workbook, with PCTS's own figures on a sheet."""
    round_ = get_object_or_404(_rounds_or_404(request.user).select_related("form"), pk=pk)
    accepted = (
        visible_submissions(request.user)
        .filter(round=round_, state=Submission.State.ACCEPTED)
        .select_related("unit")
        .order_by("unit__name_sort", "unit__name", "pk")
    )
    data = excel.consolidated_workbook(
        round_,
        accepted,
        _header(request, round_),
        figures=round_figures(round_, request.user),
    )
    name = exports.selection_name("tong-hop", [round_.form.code, round_.label], "xlsx")
    security.record(security.Kind.EXPORT, request=request, file=name, format="xlsx")
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
