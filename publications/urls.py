from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("publications/", views.PublicationListView.as_view(), name="publication_list"),
    path("publications/<slug:slug>/", views.PublicationDetailView.as_view(), name="publication_detail"),
    path("publications/<slug:slug>/cite.bib", views.CitationView.as_view(format="bib"), name="cite_bib"),
    path("publications/<slug:slug>/cite.ris", views.CitationView.as_view(format="ris"), name="cite_ris"),
]
