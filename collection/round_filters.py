"""The rounds page's filters: form, year, status; they narrow `visible_rounds(user)`, never widen it."""

import django_filters
from django.utils.translation import gettext_lazy as _

from collection.models import ReportForm, Round, RoundStatus
from directives.widgets import FastSelect


def year_choices():
    years = Round.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(y, str(y)) for y in years]


class RoundFilter(django_filters.FilterSet):
    form = django_filters.ModelChoiceFilter(
        label=_("Biểu mẫu"),
        queryset=ReportForm.objects.order_by("code", "-version"),
        empty_label=_("Mọi biểu mẫu"),
        widget=FastSelect,
    )
    year = django_filters.ChoiceFilter(
        label=_("Năm"), choices=year_choices, empty_label=_("Mọi năm"), widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=RoundStatus.choices,
        empty_label=_("Mọi trạng thái"),
        widget=FastSelect,
    )

    class Meta:
        model = Round
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")
