"""Manual đôn đốc (inspectorate only; others get 404) and the notifications page."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from directives import selectors as directive_selectors
from directives.filters import AssignmentFilter
from directives.forms import ManualReminderForm
from directives.models import Assignment
from directives.permissions import can_manage, visible_assignments, visible_directives
from directives.reminders import acknowledge, ledger, preview, selectors, texts
from units.models import Unit


def _require_inspectorate(request) -> None:
    if not can_manage(request.user):
        raise Http404


def _remind(request, assignments, fallback: str):
    """GET: the preview (who receives what, who was urged today); POST: record and send the đôn đốc.

    A unit already urged today is sent again only with "gửi lại" ticked (send_anyway); a
    repeated request token (double click) returns the first request's mails without asking.
    """
    form = ManualReminderForm(request.POST if request.method == "POST" else None)
    data = form.cleaned_data if form.is_valid() else {}
    target = (data.get("next") if request.method == "POST" else request.GET.get("next")) or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    try:
        plan = preview.manual_preview(assignments)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(target)
    token = data.get("request_token")
    repeated = token is not None and ledger.manual_request_exists(token)
    if request.method != "POST" or (plan.earlier and not data.get("send_anyway") and not repeated):
        return render(
            request,
            "directives/reminder_preview.html",
            {
                "plan": plan,
                "next": target,
                "token": token or uuid.uuid4(),
                "note": data.get("note", ""),
                "asked_again": request.method == "POST",
            },
        )
    try:
        deliveries = ledger.manual_reminder_send(
            actor=request.user,
            assignments=assignments,
            note=data.get("note", ""),
            request_id=token,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(target)
    people = ", ".join(str(d.recipient) for d in deliveries)
    messages.success(request, _("Đã gửi đôn đốc tới: %(people)s.") % {"people": people})
    return redirect(target)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_remind(request, pk):
    """Send a đôn đốc about one assignment to its unit's accountable person."""
    _require_inspectorate(request)
    assignment = get_object_or_404(visible_assignments(request.user), pk=pk)
    return _remind(
        request,
        visible_assignments(request.user).filter(pk=assignment.pk),
        assignment.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def unit_remind(request, pk):
    """Send a đôn đốc about every open item of one unit (optionally of one directive)."""
    _require_inspectorate(request)
    unit = get_object_or_404(Unit, pk=pk)
    assignments = visible_assignments(request.user).filter(unit=unit)
    directive_id = request.POST.get("directive") or request.GET.get("directive")
    if directive_id and directive_id.isdigit():
        assignments = assignments.filter(task__directive_id=int(directive_id))
    return _remind(request, assignments, "/")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def directive_remind(request, pk):
    """Send a đôn đốc about every open item of a directive, one mail per accountable person."""
    _require_inspectorate(request)
    directive = get_object_or_404(visible_directives(request.user), pk=pk)
    assignments = visible_assignments(request.user).filter(task__directive=directive)
    return _remind(request, assignments, directive.get_absolute_url())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def list_remind(request):
    """Đôn đốc the open items of a filtered assignment list (its own filters, in the query string).

    One mail per accountable person, listing their items; the same preview and same-day check
    as every đôn đốc. The list's filters stay in the URL, so the POST sends what was previewed.
    """
    _require_inspectorate(request)
    params = request.GET.copy()
    params.pop("next", None)
    filterset = AssignmentFilter(
        params or None, queryset=directive_selectors.assignment_rows(request.user), request=request
    )
    listed = reverse("directives:assignment-list") + ("?" + params.urlencode() if params else "")
    if not filterset.is_valid():
        messages.error(request, _("Điều kiện lọc không hợp lệ; lọc lại danh sách rồi đôn đốc."))
        return redirect(listed)
    assignments = Assignment.objects.filter(pk__in=filterset.qs.values("pk"))
    return _remind(request, assignments, listed)


NOTIFICATION_ITEMS_PER_PAGE = 50


@login_required
def notification_detail(request, pk):
    """Show the items one notification tells about (its mail's, or the user's units' part).

    Showing it changes nothing; a POST (the list's row, or this page's button) marks it read and
    shows it.
    """
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    if request.method == "POST":
        ledger.notifications_mark_read(user=request.user, ids=[notification.pk])
        return redirect(notification)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if notification.event_id:  # an event's notification is about its assignment: show that
        return redirect(notification)
    page = Paginator(
        selectors.notification_entries(notification), NOTIFICATION_ITEMS_PER_PAGE
    ).get_page(request.GET.get("page"))
    lines = selectors.lines_for(page.object_list)
    rows = [(line, texts.status_text(line)) for line in lines]
    return render(
        request,
        "directives/notification_detail.html",
        {
            "notification": notification,
            "text": texts.notification_text(notification),
            "page": page,
            "rows": rows,
            "ack_url": _ack_url(notification, request.user),
        },
    )


def _ack_url(notification, user) -> str:
    """The "đã nhận" button's target, for the mail's own recipient while not yet confirmed."""
    delivery = notification.delivery
    if delivery is None or delivery.recipient_id != user.pk or delivery.acknowledged_at:
        return ""
    return acknowledge.url_for(delivery)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_list(request):
    """Show the user's notifications, newest first, unread ones marked; a POST marks them all read."""
    if request.method == "POST":
        count = ledger.notifications_mark_read(user=request.user)
        text = ngettext(
            "Đã đánh dấu %(n)d thông báo là đã đọc.",
            "Đã đánh dấu %(n)d thông báo là đã đọc.",
            count,
        )
        messages.success(request, text % {"n": count})
        return redirect("directives:notification-list")
    rows = list(selectors.notifications_for(request.user)[:200])
    notifications = [(n, texts.notification_text(n), n.read_at is None) for n in rows]
    return render(
        request,
        "directives/notification_list.html",
        {
            "notifications": notifications,
            "any_unread": any(unread for _n, _text, unread in notifications),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_acknowledge(request, token):
    """The mail's "đã nhận" link: GET shows the mail and a button (changes nothing); POST records it once."""
    try:
        if request.method == "POST":
            receipt = acknowledge.acknowledge(token, request.user)
            if receipt.already:
                messages.info(
                    request, _("Thư này đã được xác nhận trước đó; không ghi lại lần nữa.")
                )
            else:
                messages.success(request, _("Đã xác nhận đã nhận thư đôn đốc. Cảm ơn."))
            return redirect(request.path)
        delivery = acknowledge.delivery_for(token, request.user)
    except acknowledge.Refused as refused:
        context = {"error": str(refused)}
        return render(
            request, "directives/reminder_acknowledge.html", context, status=refused.status
        )
    notification = delivery.notifications.filter(user=request.user).first()
    return render(
        request,
        "directives/reminder_acknowledge.html",
        {"delivery": delivery, "token": token, "notification": notification},
    )
