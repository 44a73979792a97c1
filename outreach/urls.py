from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from outreach import accounts, private_files, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", accounts.SiteLoginView.as_view(), name="site_login"),
    path("accounts/logout/", accounts.SiteLogoutView.as_view(), name="site_logout"),
    path("accounts/contact/", accounts.contact_choice, name="contact_choice"),
    path("lang/<str:code>/", views.switch_language, name="switch_language"),
    path("search/", views.search, name="search"),
    path("workbench/", views.workbench, name="workbench"),
    path(f"{settings.PRIVATE_MEDIA_URL.strip('/')}/<path:name>", private_files.serve, name="private_file"),
    path("", include("campaigns.urls")),
    path("", include("campaigns.volunteers.urls")),
    path("", include("campaigns.activities.public.urls")),
    path("", include("courses.urls")),
    path("", include("venues.urls")),
    path("", include("venues.bookings.urls")),
    path("", include("outreach.plan.urls")),
    path("", include("venues.streets.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree answers every address no other rule claimed: keep it last.
urlpatterns += [path("", include(wagtail_urls))]
