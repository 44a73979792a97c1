from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("plan/", views.public_dashboard, name="public"),
]
