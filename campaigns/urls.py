"""Public addresses of the campaigns app; outreach.urls includes them before the page tree."""

urlpatterns = []
