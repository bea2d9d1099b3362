"""Report collection's URLs; names are `collection:<name>`."""

from django.urls import path

from collection.views import office

app_name = "collection"

urlpatterns = [
    # The inspectorate's side: rounds, who has sent, review, consolidation.
    path("thu-thap-bao-cao/", office.round_list, name="round-list"),
    path("thu-thap-bao-cao/<int:pk>/", office.round_detail, name="round-detail"),
    path("thu-thap-bao-cao/<int:pk>/khoa-so/", office.round_close, name="round-close"),
    path(
        "thu-thap-bao-cao/<int:pk>/tong-hop.xlsx",
        office.round_consolidated,
        name="round-consolidated",
    ),
    path(
        "thu-thap-bao-cao/bao-cao/<int:pk>/xem-xet/",
        office.submission_review,
        name="submission-review",
    ),
]
