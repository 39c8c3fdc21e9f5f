from django.urls import path

from . import views

app_name = "development"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("export/", views.export, name="export"),
    path("stats/", views.stats_page, name="stats"),
    path("plan/", views.plan, name="plan"),
    path("plan/set/", views.set_plan, name="set_plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/link/", views.link, name="link"),
    path("<int:pk>/tags/", views.tags, name="tags"),
    path("<int:pk>/pdf/", views.checklist_pdf, name="pdf"),
]
