"""The profile's API token pages (HTML, signed-in session); the API itself is api.urls."""

from django.urls import path

from api import token_views

app_name = "apitokens"

urlpatterns = [
    path("tai-khoan/khoa-api/", token_views.token_list, name="token-list"),
    path("tai-khoan/khoa-api/tao/", token_views.token_create, name="token-create"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", token_views.token_revoke, name="token-revoke"),
]
