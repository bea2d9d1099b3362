"""The project's URLs with stand-ins for the collection pages, which other branches build.

The submission and round pages (`collection:submission-detail`, `collection:round-detail`) are
not in this branch; the notifications link to them by name, so the tests resolve these.
"""

from django.http import HttpResponse
from django.urls import include, path

from pcts.urls import urlpatterns as project_urlpatterns


def _page(request, pk):
    return HttpResponse(f"page {pk}")


pages = [
    path("bao-cao-dinh-ky/<int:pk>/", _page, name="submission-detail"),
    path("dot-thu-thap/<int:pk>/", _page, name="round-detail"),
]
# First: the stand-ins win over the (still empty) collection namespace of pcts.urls.
urlpatterns = [path("", include((pages, "collection"))), *project_urlpatterns]
