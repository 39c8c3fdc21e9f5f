from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.index, name="index"),
    path("t/<int:org_id>/", views.township, name="township"),
    path("t/<int:org_id>/poor/", views.poor_new, name="poor_new"),
    path("t/<int:org_id>/pair/", views.pairing_new, name="pairing_new"),
    path("t/<int:org_id>/pairings.xlsx", views.pairings_xlsx, name="pairings_xlsx"),
    path("t/<int:org_id>/fund/", views.fund, name="fund"),
    path("t/<int:org_id>/fund/income/", views.income_new, name="income_new"),
    path("t/<int:org_id>/fund/grant/", views.grant_new, name="grant_new"),
    path("t/<int:org_id>/fund.xlsx", views.fund_xlsx, name="fund_xlsx"),
    path("t/<int:org_id>/fund/summary/", views.fund_summary, name="fund_summary"),
    path("pair/<int:pk>/", views.pairing, name="pairing"),
    path("pair/<int:pk>/contact/", views.contact_new, name="contact_new"),
    path("pair/<int:pk>/end/", views.pairing_end, name="pairing_end"),
]
