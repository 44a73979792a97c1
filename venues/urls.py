"""Public addresses of the venues app; outreach.urls includes them before the page tree."""

urlpatterns = []
