from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite

# The admin answers only a session verified with a second factor; its own sign-in page gives
# way to the site's (password, then code).
admin.site.__class__ = OTPAdminSite

admin.site.site_header = _("PCTS — Quản trị hệ thống")
admin.site.site_title = _("Quản trị PCTS")
admin.site.index_title = _("Danh mục và người dùng")

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links: send them to the vendored icon.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("", include("accounts.urls")),
    path("", include("api.web_urls")),
    path("", include("units.urls")),
    path("", include("ops.urls")),
    path("", include("directives.urls")),
    path("", include("documents.urls")),
    path("", include("periodic.urls")),
    path("", include("imports.urls")),
    path("", include("collection.urls")),
]
