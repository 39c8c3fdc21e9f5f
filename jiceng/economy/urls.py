from django.urls import path

from . import views

app_name = "economy"
urlpatterns = [
    path("", views.index, name="index"),
    path("xlsx/", views.index_xlsx, name="index_xlsx"),
    path("village/<int:pk>/", views.village, name="village"),
    path("village/<int:pk>/income/", views.village_income, name="village_income"),
    path("village/<int:pk>/profile/", views.village_profile, name="village_profile"),
    path("rules/", views.rule_versions, name="rules"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("coops/", views.coops, name="coops"),
    path("coops/<int:pk>/", views.coop, name="coop"),
    path("coops/<int:pk>/member/", views.coop_member, name="coop_member"),
    path("coops/<int:pk>/subscribe/", views.coop_subscribe, name="coop_subscribe"),
    path("coops/<int:pk>/transfer/", views.coop_transfer, name="coop_transfer"),
    path("coops/<int:pk>/redeem/", views.coop_redeem, name="coop_redeem"),
    path("coops/<int:pk>/asset/", views.coop_asset, name="coop_asset"),
    path("coops/<int:pk>/income/", views.coop_income, name="coop_income"),
    path("coops/<int:pk>/dividend/", views.coop_dividend, name="coop_dividend"),
    path("coops/<int:pk>/installment/", views.coop_installment, name="coop_installment"),
    path("coops/<int:pk>/register.pdf", views.coop_register_pdf, name="coop_register_pdf"),
    path("coops/<int:pk>/register.xlsx", views.coop_register_xlsx, name="coop_register_xlsx"),
    path("holdings/<int:pk>/certificate.pdf", views.holding_certificate, name="holding_certificate"),
    path("installments/<int:pk>/repay/", views.coop_repay, name="coop_repay"),
    path("dividends/<int:pk>/xlsx/", views.dividend_xlsx, name="dividend_xlsx"),
]
