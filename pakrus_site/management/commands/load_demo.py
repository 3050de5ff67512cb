from django.core.management.base import BaseCommand
from django.db import transaction

import events.demo
import pakrus_site.demo
import people.demo
import publications.demo


class Command(BaseCommand):
    help = "Load the seed documents as structured records. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args, **options):
        topics = pakrus_site.demo.load()
        directory = people.demo.load()
        library = publications.demo.load()
        programme = events.demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {len(topics)} topics, {len(directory['organizations'])} organizations, "
                f"{len(directory['people'])} people."
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Demo content: {len(library)} publications."))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {len(programme['events'])} events, {len(programme['agreements'])} agreements."
            )
        )
