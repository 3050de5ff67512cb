from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.generic import DetailView, TemplateView

from people.models import Person

from . import search
from .models import Topic


class VisibleRecordMixin:
    """Staff preview drafts; visitors get a 404 for anything not published."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class RecordDetailView(VisibleRecordMixin, DetailView):
    pass


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "featured_people": Person.objects.published()
            .with_current_affiliations()
            .order_by("-published_at")[:6],
            "topics": Topic.objects.all(),
        }


class TopicDetailView(DetailView):
    model = Topic
    template_name = "topic_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "people": self.object.people.published().with_current_affiliations(),
        }


class SearchView(TemplateView):
    template_name = "search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        kind = self.request.GET.get("type", "")
        if kind not in search.SEARCHABLE:
            kind = ""
        context = super().get_context_data(**kwargs) | {
            "query": query,
            "kind": kind,
            "kinds": [(k, many) for k, (_label, _one, many) in search.SEARCHABLE.items()],
            "has_terms": bool(search.query_terms(query)),
        }
        if not context["has_terms"]:
            return context
        page = Paginator(search.search(query, kind=kind or None), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        for entry in page.object_list:
            entry.snippet = search.highlight(entry.summary or entry.title, query)
            entry.title_marked = search.highlight(entry.title, query, width=500)
        return context | {
            "page_obj": page,
            "results": page.object_list,
            "counts": search.counts_by_kind(query),
        }


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    # API clients get JSON for any address under /api/, even one no route matches.
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return render(request, "500.html", status=500)
