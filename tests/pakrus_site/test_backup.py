"""`manage.py backup` and `restore`: every record and every uploaded file survives a round
trip through an archive into an emptied database; a restore refuses a database that
already holds records and an archive that is damaged or holds anything unexpected."""

import io
import json
import re
import tarfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from rest_framework.authtoken.models import Token

from events.models import Agreement, Event
from pakrus_site.backup import row_counts
from pakrus_site.models import SearchEntry
from people.models import Person
from publications.models import Publication
from tests.events.factories import AgreementPartyFactory, EventFactory, ParticipationFactory
from tests.factories import AffiliationFactory, TopicFactory, make_editor
from tests.publications.factories import ContributionFactory, PublicationFactory, VolumeFactory
from tests.security.test_uploads import PDF, jpeg


def empty_database():
    if connection.vendor == "postgresql":
        # Rows written in this test's transaction have their foreign-key checks pending;
        # TRUNCATE needs them settled first.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def site(db, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    topic = TopicFactory(name="Energy")
    affiliation = AffiliationFactory(
        person__given_name="Ruslan",
        person__patronymic="Ildarovich",
        person__family_name="Karimov",
        person__native_name="Руслан Ильдарович Каримов",
        person__photo=SimpleUploadedFile("karimov.jpg", jpeg()),
        organization__name="Kazan Federal University",
    )
    person = affiliation.person
    event = EventFactory(
        title="Energy corridors",
        body="<p>Pipelines and grids.</p>",
        report=SimpleUploadedFile("report.pdf", PDF),
    )
    event.topics.add(topic)
    ParticipationFactory(event=event, person=person, role="chair")
    agreement = AgreementPartyFactory(
        organization=affiliation.organization, agreement__signing_event=event
    ).agreement
    volume = VolumeFactory(title="Russia and Pakistan", isbn="9780306406157")
    chapter = PublicationFactory(
        kind="chapter", parent=volume, title="Energy", pdf=SimpleUploadedFile("ch.pdf", PDF)
    )
    ContributionFactory(publication=chapter, person=person)
    PublicationFactory(kind="book_review", reviewed_work=volume, title="A review", status="draft")
    editor = make_editor(username="anna")
    token = Token.objects.create(user=editor)
    return {"person": person, "event": event, "agreement": agreement, "chapter": chapter, "token": token.key}


def backup(settings):
    call_command("backup", verbosity=0)
    (archive,) = settings.BACKUP_DIR.glob("pakrus-*.tar.gz")
    return archive


def read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def media_snapshot(settings) -> dict[str, bytes]:
    root = settings.MEDIA_ROOT
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_backup_flush_restore_gives_back_every_record_and_file(site, settings):
    counts = row_counts()
    files = media_snapshot(settings)
    assert any(name.startswith("CACHE/") for name in files)
    archive = backup(settings)

    empty_database()
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            path.unlink()
    assert Person.objects.count() == 0
    assert not Group.objects.exists()

    call_command("restore", str(archive), verbosity=0)

    assert row_counts() == counts
    assert media_snapshot(settings) == files
    person = Person.objects.get(pk=site["person"].pk)
    assert (person.display_name, person.native_name) == (
        "Ruslan Ildarovich Karimov",
        "Руслан Ильдарович Каримов",
    )
    assert read(person.photo) == files[person.photo.name]
    assert [a.organization.name for a in person.affiliations.all()] == ["Kazan Federal University"]
    event = Event.objects.get(pk=site["event"].pk)
    assert (event.title, event.body, event.starts_at) == (
        site["event"].title,
        "<p>Pipelines and grids.</p>",
        site["event"].starts_at,
    )
    assert [(p.person_id, p.role) for p in event.participations.all()] == [(person.pk, "chair")]
    assert [t.name for t in event.topics.all()] == ["Energy"]
    assert read(event.report) == PDF
    assert Agreement.objects.get().signing_event == event
    chapter = Publication.objects.get(pk=site["chapter"].pk)
    assert (chapter.parent.isbn, read(chapter.pdf)) == ("9780306406157", PDF)
    assert Publication.objects.get(title="A review").status == "draft"
    editor = Token.objects.get(key=site["token"]).user
    assert editor.username == "anna"
    assert editor.check_password("a-long-test-passphrase")
    assert editor.has_perm("events.change_event")
    # The search index is rebuilt from the restored records.
    assert SearchEntry.objects.filter(is_published=True, title="Energy corridors").exists()


def test_the_archive_lists_its_rows_and_files(site, settings):
    archive = backup(settings)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["counts"]["people.person"] == 1
    assert manifest["counts"]["publications.publication"] == 3
    assert "contenttypes.contenttype" not in manifest["counts"]
    assert {f"media/{name}" for name in manifest["files"]} <= names
    assert {"manifest.json", "data.json"} <= names


def test_a_restore_into_a_database_with_records_is_refused_and_changes_nothing(site, settings):
    archive = backup(settings)
    Person.objects.filter(pk=site["person"].pk).update(bio="Changed after the backup.")
    with pytest.raises(CommandError, match=r"The database already holds records: .*people\.person \(1\)"):
        call_command("restore", str(archive), verbosity=0)
    assert Person.objects.get().bio == "Changed after the backup."


def test_restore_with_flush_replaces_what_the_database_holds(site, settings):
    backup(settings)
    Person.objects.filter(pk=site["person"].pk).update(bio="Changed after the backup.")
    TopicFactory(name="Added after the backup")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("restore", "--latest", "--flush", verbosity=0)
    assert Person.objects.get().bio == ""
    assert not TopicFactory._meta.model.objects.filter(name="Added after the backup").exists()


def write_archive(path, members: dict[str, bytes], *, symlink: str | None = None):
    with tarfile.open(path, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        if symlink:
            info = tarfile.TarInfo(symlink)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)


@pytest.mark.parametrize(
    ("members", "symlink", "message"),
    [
        (
            {"manifest.json": b"{}", "data.json": b"[]", "../../evil.py": b"x"},
            None,
            "unexpected entry: '../../evil.py'",
        ),
        ({"manifest.json": b"{}", "data.json": b"[]", "/etc/cron.d/evil": b"x"}, None, "unexpected entry"),
        ({"manifest.json": b"{}", "data.json": b"[]", "media/../../evil": b"x"}, None, "unexpected entry"),
        ({"manifest.json": b"{}", "data.json": b"[]"}, "media/link", "unexpected entry: 'media/link'"),
        ({"data.json": b"[]"}, None, "has no readable manifest"),
        ({"manifest.json": b'{"format": 99}', "data.json": b"[]"}, None, "not a PakRus backup of format 1"),
    ],
)
def test_a_hostile_or_foreign_archive_is_refused_before_anything_is_written(
    db, settings, tmp_path, members, symlink, message
):
    archive = tmp_path / "pakrus-hostile.tar.gz"
    write_archive(archive, members, symlink=symlink)
    before = row_counts()
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("restore", str(archive), verbosity=0)
    assert row_counts() == before
    assert not (tmp_path.parent / "evil.py").exists()


def test_a_damaged_file_in_the_archive_is_found(site, settings, tmp_path):
    archive = backup(settings)
    damaged = tmp_path / "pakrus-damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.endswith(".pdf"):
                content = content.replace(b"%%EOF", b"%%EOX")
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    empty_database()
    with pytest.raises(CommandError, match=r"is damaged: media/.*\.pdf does not match its manifest"):
        call_command("restore", str(damaged), verbosity=0)
    assert Person.objects.count() == 0


def test_a_file_that_is_not_an_archive_is_refused(db, tmp_path):
    junk = tmp_path / "pakrus-junk.tar.gz"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="is not a readable PakRus backup"):
        call_command("restore", str(junk), verbosity=0)


def test_restore_needs_an_archive_or_latest(db, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "none"
    with pytest.raises(CommandError, match=r"Name the archive to restore, or pass --latest\."):
        call_command("restore", verbosity=0)
    with pytest.raises(CommandError, match="There is no backup in"):
        call_command("restore", "--latest", verbosity=0)
