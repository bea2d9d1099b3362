# Reminders and notifications (issue 4) add their URL patterns here.
urlpatterns = []
