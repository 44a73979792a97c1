"""Public addresses of the courses app; outreach.urls includes them before the page tree."""

urlpatterns = []
