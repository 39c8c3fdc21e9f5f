from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("org/<int:org_id>/new/", views.council_new, name="council_new"),
    path("c/<int:pk>/", views.council, name="council"),
    path("c/<int:pk>/post/", views.post_new, name="post_new"),
    path("c/<int:pk>/volunteer/", views.volunteer, name="volunteer"),
    path("c/<int:pk>/income/", views.income, name="income"),
    path("c/<int:pk>/targets/", views.targets, name="targets"),
    path("c/<int:pk>/targets/new/", views.target_new, name="target_new"),
    path("c/<int:pk>/visits/", views.visits, name="visits"),
    path("c/<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("c/<int:pk>/visits.xlsx", views.visits_xlsx, name="visits_xlsx"),
    path("councillor/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("post/<int:pk>/elect/", views.elect, name="elect"),
    path("target/<int:pk>/", views.target, name="target"),
    path("target/<int:pk>/record/", views.care_record, name="care_record"),
    path("visit/<int:pk>/ledger/", views.visit_ledger, name="visit_ledger"),
]
