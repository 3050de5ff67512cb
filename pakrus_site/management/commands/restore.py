from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pakrus_site.backup import BackupError, latest_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database (run `migrate` first) and "
        "its files into the media folder. Every row count is checked against the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", type=Path, help="The .tar.gz to restore.")
        parser.add_argument("--latest", action="store_true", help="Restore the newest archive in BACKUP_DIR.")
        parser.add_argument(
            "--flush", action="store_true", help="Empty the database first (every record in it is lost)."
        )

    def handle(self, *args, archive=None, latest=False, flush=False, **options):
        try:
            if archive is None:
                if not latest:
                    raise CommandError("Name the archive to restore, or pass --latest.")
                archive = latest_backup(Path(settings.BACKUP_DIR))
            counts = restore_backup(archive, flush=flush)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows from {archive}"))
