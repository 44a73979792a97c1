"""Public addresses of the base's visit bookings; outreach.urls includes them."""

from django.urls import path, re_path

from .public import views as public

app_name = "bookings"
urlpatterns = [
    path("base/visits/", public.availability, name="availability"),
    re_path(r"^base/visits/(?P<slot_id>[0-9]{1,19})/book/$", public.book, name="book"),
    re_path(r"^base/b/(?P<token>[A-Za-z0-9_-]{1,40})/$", public.manage, name="manage"),
    re_path(r"^base/b/(?P<token>[A-Za-z0-9_-]{1,40})/visit\.ics$", public.ics, name="ics"),
    re_path(r"^base/b/(?P<token>[A-Za-z0-9_-]{1,40})/qr\.svg$", public.qr, name="qr"),
]
