from django.urls import path

from . import views

app_name = "activities_admin"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("review/", views.review, name="review"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/news/", views.news_draft, name="news_draft"),
    path("trainings/", views.trainings, name="trainings"),
    path("trainings/new/", views.training_new, name="training_new"),
    path("trainings/<int:pk>/", views.training, name="training"),
    path("trainings/<int:pk>/qr/", views.training_qr, name="training_qr"),
    path("trainings/<int:pk>/add/", views.training_add, name="training_add"),
    path("trainings/<int:pk>/tick/", views.training_tick, name="training_tick"),
    path("trainings/<int:pk>/key-unit/", views.training_key_unit, name="training_key_unit"),
    path("trainings/<int:pk>/close/", views.training_close, name="training_close"),
    path("trainings/<int:pk>/sign-in.xlsx", views.training_export, name="training_export"),
    path("key-units/", views.key_units, name="key_units"),
    path("key-units/export.xlsx", views.key_units_export, name="key_units_export"),
    path("key-units/template.xlsx", views.key_units_template, name="key_units_template"),
    path("key-units/import/", views.key_units_import, name="key_units_import"),
]
