from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("arrears/", views.arrears, name="arrears"),
    path("org/<int:pk>/", views.sheet, name="sheet"),
    path("org/<int:pk>/pdf/", views.sheet_pdf, name="sheet_pdf"),
    path("org/<int:pk>/xlsx/", views.sheet_xlsx, name="sheet_xlsx"),
    path("org/<int:pk>/remit/", views.remit, name="remit"),
    path("org/<int:pk>/import/", views.import_bases, name="import_bases"),
    path("org/<int:pk>/import/template.xlsx", views.bases_template, name="bases_template"),
    path("person/<int:pk>/", views.person, name="person"),
    path("person/<int:pk>/base/", views.set_base, name="set_base"),
    path("person/<int:pk>/pay/", views.pay, name="pay"),
    path("person/<int:pk>/excuse/", views.excuse, name="excuse"),
]
