from django.core.management.base import BaseCommand

from pakrus_site.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the site search index from every searchable record."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"Indexed {rebuild_index()} records."))
