"""Report collection's URLs; names are `collection:<name>`."""

from django.urls import path

from collection.views import unit

app_name = "collection"

urlpatterns = [
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
