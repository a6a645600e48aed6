"""The people app's URLs: each area keeps its patterns beside its views."""

from massline.people.views import contacts, dedupe, imports

app_name = "people"

urlpatterns = [*contacts.urlpatterns, *imports.urlpatterns, *dedupe.urlpatterns]
