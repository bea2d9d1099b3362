"""Report collection's URLs; names are `collection:<name>`."""

from django.urls import path

from collection.views import office, unit

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
    # The unit's side: its submissions, the fill page, the Excel template and the versions' files.
    path("bao-cao-dinh-ky/", unit.my_submissions, name="my-submissions"),
    path("bao-cao-dinh-ky/<int:pk>/", unit.submission_detail, name="submission-detail"),
    path(
        "bao-cao-dinh-ky/<int:pk>/khong-phat-sinh/",
        unit.submission_nothing,
        name="submission-nothing",
    ),
    path(
        "bao-cao-dinh-ky/<int:pk>/bieu-mau.xlsx",
        unit.submission_template,
        name="submission-template",
    ),
    path("bao-cao-dinh-ky/<int:pk>/tai-len/", unit.submission_upload, name="submission-upload"),
    path(
        "bao-cao-dinh-ky/<int:pk>/lan-gui/<int:number>/tep/",
        unit.version_file,
        name="submission-version-file",
    ),
]
