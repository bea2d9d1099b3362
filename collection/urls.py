"""Report collection's URLs; names are `collection:<name>` (screens still to come, issue 17)."""

app_name = "collection"

urlpatterns = []
