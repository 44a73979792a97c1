"""Addresses on the public site; outreach.urls includes them before the page tree."""

from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, name="list"),
    path("activities/new/", views.activity_new, name="new"),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("trainings/s/<str:code>/", views.sign_in, name="sign_in"),
    path("trainings/s/<str:code>/qr.svg", views.sign_in_qr, name="sign_in_qr"),
    path("trainings/me/<str:token>/", views.mine, name="mine"),
    path("trainings/me/<str:token>/quiz/", views.quiz, name="quiz"),
    path("trainings/me/<str:token>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("trainings/certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
]
