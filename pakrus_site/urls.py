from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views
from .feeds import LatestFeed
from .sitemaps import SITEMAPS, sitemap_index

admin.site.site_header = "PakRus editors"
admin.site.site_title = "PakRus admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/latest.xml", LatestFeed(), name="latest_feed"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("pakrus_site.api_urls")),
    path("", include("people.urls")),
    path("", include("events.urls")),
    path("", include("publications.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "pakrus_site.views.page_not_found"
handler500 = "pakrus_site.views.server_error"
