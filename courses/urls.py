"""Public addresses of the courses app; outreach.urls includes them before the page tree."""

from django.urls import path, re_path

from .public import courseware, records, schools

app_name = "courses"

urlpatterns = [
    path("schools/", schools.overview, name="overview"),
    path("schools/export.xlsx", schools.export_xlsx, name="export_xlsx"),
    path("schools/export.csv", schools.export_csv, name="export_csv"),
    path("schools/<int:pk>/", schools.school_page, name="school"),
    path("schools/<int:pk>/history/", schools.school_history_page, name="history"),
    re_path(
        r"^schools/(?P<pk>[0-9]+)/(?P<kind>lesson|drill)/new/$", records.record_create, name="record_create"
    ),
    re_path(
        r"^schools/(?P<kind>lesson|drill)/(?P<record_id>[0-9]+)/edit/$",
        records.record_edit,
        name="record_edit",
    ),
    re_path(
        r"^schools/(?P<kind>lesson|drill)/(?P<record_id>[0-9]+)/delete/$",
        records.record_delete,
        name="record_delete",
    ),
    path("courseware/", courseware.courseware_list, name="courseware_list"),
    path("courseware/<int:pk>/", courseware.courseware_detail, name="courseware_detail"),
]
