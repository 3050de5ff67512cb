import argparse
import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from pakrus_site.scale_data import ContentExists, Sizes, generate

MAX_SCALE = 10.0


def scale_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number, e.g. 0.05 or 1") from None
    if not 0 < value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"the scale must be above 0 and at most {MAX_SCALE:g}")
    return value


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


class Command(BaseCommand):
    help = (
        "Fill an empty database with realistic made-up content for load tests: by default "
        "20,000 people, 5,000 organizations, 50,000 events, 50,000 publications and 2,000 "
        "agreements, with their speakers, contributors, chapters, reviews, topics and the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=scale_fraction, default=1.0, help="Fraction of the default sizes, e.g. 0.05."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same content.")
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            help="The date content is generated around (upcoming events follow it); default: today.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete ALL existing people, organizations, events, publications, agreements and "
            "topics first. Without it the command refuses to touch a database that has content.",
        )
        parser.add_argument("--batch-size", type=int, default=2000, help=argparse.SUPPRESS)

    def handle(self, *args, scale, seed, today, replace, batch_size, verbosity, **options):
        sizes = Sizes().scaled(scale)
        self.stdout.write(
            f"Generating {sizes.people} people, {sizes.organizations} organizations, {sizes.events} events, "
            f"{sizes.publications} publications and {sizes.agreements} agreements (seed {seed})…"
        )
        started = time.monotonic()
        try:
            counts = generate(
                sizes=sizes,
                seed=seed,
                today=today or datetime.date.today(),
                replace=replace,
                batch_size=max(100, batch_size),
                log=(lambda message: self.stdout.write(f"  {message}"))
                if verbosity > 1
                else (lambda message: None),
            )
        except ContentExists as error:
            raise CommandError(f"{error} (--replace deletes it first.)") from None
        rows = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {rows:,} rows in {time.monotonic() - started:.0f}s: ")
            + ", ".join(f"{label} {n:,}" for label, n in counts.items())
        )
