from django.urls import path, re_path

from .public import views

app_name = "plan"

# The same pages for the current plan (/plan/…) and for any plan at its stable address
# (/plan/plans/<slug>/…): a past plan's final evaluation keeps its address for good.
SLUG = r"plans/(?P<slug>[-a-zA-Z0-9_]+)/"
FMT = r"(?P<fmt>csv|json)"

urlpatterns = [
    path("plan/", views.public_dashboard, name="public"),
    re_path(rf"^plan/{SLUG}$", views.plan_page, name="plan"),
]
for prefix, suffix in (("", ""), (SLUG, "_of")):
    urlpatterns += [
        re_path(rf"^plan/{prefix}township/(?P<pk>[0-9]+)/$", views.township, name=f"township{suffix}"),
        re_path(
            rf"^plan/{prefix}indicator/(?P<code>[-a-zA-Z0-9_]+)/$", views.indicator, name=f"indicator{suffix}"
        ),
        re_path(rf"^plan/{prefix}report\.pdf$", views.report_pdf, name=f"report_pdf{suffix}"),
        re_path(rf"^plan/{prefix}report\.xlsx$", views.report_xlsx, name=f"report_xlsx{suffix}"),
        re_path(rf"^plan/{prefix}data\.{FMT}$", views.data_catalogue, name=f"data{suffix}"),
        re_path(
            rf"^plan/{prefix}data/(?P<code>[-a-zA-Z0-9_]+)\.{FMT}$",
            views.indicator_data,
            name=f"indicator_data{suffix}",
        ),
    ]
