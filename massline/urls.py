from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from massline.core import views as core_views
from massline.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("massline.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("directory/", include("massline.directory.urls")),
    path("people/", include("massline.people.urls")),
    path("events/", include("massline.events.urls")),
    path("letters/", include("massline.letters.urls")),
    path("campaigns/", include("massline.campaigns.urls")),
    path("petitions/", include("massline.campaigns.petitions.urls")),
    path("fronts/", include("massline.fronts.urls")),
    path("assemblies/", include("massline.fronts.assemblies.urls")),
    path("reviews/", include("massline.reviews.urls")),
    path("api/v1/", include("massline.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "massline.core.views.bad_request"
handler403 = "massline.core.views.permission_denied"
handler404 = "massline.core.views.page_not_found"
handler500 = "massline.core.views.server_error"
