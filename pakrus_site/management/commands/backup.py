from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pakrus_site.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write every record and every uploaded file into a timestamped archive (var/backups/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", type=Path, default=None, help="Where to write the archive (default: BACKUP_DIR)."
        )

    def handle(self, *args, directory=None, **options):
        try:
            archive = create_backup(directory=directory or Path(settings.BACKUP_DIR))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {archive}"))
