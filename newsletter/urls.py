from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("nieuwsbrief/aanmelden/", views.signup, name="signup"),
    path("nieuwsbrief/aanmelden/bedankt/", views.signup_done, name="signup_done"),
    path("nieuwsbrief/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("nieuwsbrief/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("nieuwsbrief/webhook/<str:secret>/", views.webhook, name="webhook"),
]
