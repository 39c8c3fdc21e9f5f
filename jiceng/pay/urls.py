from django.urls import path

from . import views

app_name = "pay"
urlpatterns = [
    path("", views.index, name="index"),
    path("township/<int:pk>/", views.township, name="township"),
    path("township/<int:pk>/scheme/", views.save_scheme, name="save_scheme"),
    path("village/<int:pk>/account/", views.account, name="account"),
    path("village/<int:pk>/<int:year>/", views.sheet, name="sheet"),
    path("village/<int:pk>/<int:year>/pdf/", views.sheet_pdf, name="sheet_pdf"),
    path("village/<int:pk>/<int:year>/xlsx/", views.sheet_xlsx, name="sheet_xlsx"),
    path("village/<int:pk>/<int:year>/score/", views.score, name="score"),
    path("village/<int:pk>/<int:year>/award/", views.award, name="award"),
    path("village/<int:pk>/<int:year>/payment/", views.payment, name="payment"),
]
