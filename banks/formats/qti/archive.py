"""QTI packages and Common Cartridges: a zip whose ``imsmanifest.xml`` says which files are quizzes.

Only what the manifest points at is read (plus Canvas's ``non_cc_assessments/`` copy of a cartridge's
quiz, which keeps the question types a cartridge's own QTI profile drops), and nothing is written to
disk. A zip is refused before anything is unpacked when it has too many files, would unpack to too
much (a "zip bomb"), has a name that climbs out of its folder or is absolute, or holds another zip.
"""

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from banks.formats.qti import xml

MAX_FILES = 1000
MAX_TOTAL = 50 * 1024 * 1024  # unpacked; a 5 MB upload of XML rarely unpacks past 30 MB
MAX_FILE = 20 * 1024 * 1024
NESTED = (".zip", ".imscc", ".jar", ".gz", ".tgz", ".7z", ".rar")
QTI12 = "imsqti_xmlv1p2"
ITEM2 = ("imsqti_item_xmlv2p", "imsqti_item_xmlv3p")
TEST2 = ("imsqti_test_xmlv2p", "imsqti_test_xmlv3p", "imsqti_assessment_xmlv2p")
META = "assessment_meta.xml"


class PackageRefused(Exception):
    """The zip is not one Casebook will open; the message says why, for the instructor."""


@dataclass
class Package:
    """What the manifest points at: ``quizzes`` as (name, bytes), and the names of every file in the zip."""

    quizzes: list[tuple[str, bytes]] = field(default_factory=list)
    items: list[tuple[str, bytes]] = field(default_factory=list)
    meta: list[tuple[str, bytes]] = field(default_factory=list)
    files: frozenset[str] = frozenset()
    missing: list[str] = field(default_factory=list)


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    return ".." not in name.split("/")


def _check(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise PackageRefused(f"The package has {len(infos)} files; Casebook opens packages of at most {MAX_FILES}.")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL:
        raise PackageRefused(f"The package would unpack to {total // (1024 * 1024)} MB; Casebook opens packages that "
                             f"unpack to at most {MAX_TOTAL // (1024 * 1024)} MB. Export fewer quizzes at once.")
    names = {}
    for info in infos:
        if not _safe_name(info.filename):
            raise PackageRefused(f"The package has a file named “{info.filename}”, which points outside the package. "
                                 "Casebook refuses such packages.")
        if info.filename.lower().endswith(NESTED):
            raise PackageRefused(f"The package holds another archive ({info.filename}). Unpack it and upload the QTI "
                                 "package itself.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageRefused(f"{info.filename} is compressed in a way Casebook does not unpack (only the usual "
                                 "“deflate”). Export the package again.")
        if info.flag_bits & 0x1:
            raise PackageRefused("The package is encrypted. Export it again without a password.")
        names[info.filename] = info
    return names


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise PackageRefused(f"{info.filename} unpacks to more than {MAX_FILE // (1024 * 1024)} MB.")
    if is_zip(data):
        raise PackageRefused(f"The package holds another archive ({info.filename}). Upload the QTI package itself.")
    return data


def open_package(data: bytes) -> Package:
    """The manifest's quizzes; raises PackageRefused (or xml.XmlRefused for a bad manifest)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise PackageRefused("This is not a zip file Casebook can open (it may be damaged). Export it again.") from None
    with archive:
        names = _check(archive)
        manifest = next((n for n in names if n.lower() == "imsmanifest.xml"), None)
        if manifest is None:
            raise PackageRefused("The zip has no imsmanifest.xml at its top, so it is not a QTI package or Common "
                                 "Cartridge. Export the quiz as QTI (Canvas: Settings → Export Course Content → "
                                 "Quiz), or upload the quiz's .xml file.")
        try:
            package = _resources(xml.parse(_read(archive, names[manifest])), names)
            package.files = frozenset(n for n in names if not n.endswith("/"))
            for bucket in (package.quizzes, package.items, package.meta):
                bucket[:] = [(name, _read(archive, names[name])) for name, _ in bucket]
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as error:
            raise PackageRefused(f"A file in the package cannot be unpacked ({type(error).__name__}). "
                                 "Export it again.") from None
    return package


def _resources(manifest: xml.Tree, names: dict[str, zipfile.ZipInfo]) -> Package:
    package = Package()
    seen = set()

    def add(bucket, href):
        path = posixpath.normpath(href.split("#")[0].split("?")[0]).lstrip("./") if href else ""
        if not path or path in seen:
            return
        seen.add(path)
        if path not in names:
            package.missing.append(path)
        else:
            bucket.append((path, b""))

    resources = xml.find(manifest.root, "resource")
    for resource in resources:
        kind = xml.attr(resource, "type").lower()
        hrefs = [xml.attr(f, "href") for f in xml.children(resource, "file")] or [xml.attr(resource, "href")]
        if kind.startswith(QTI12):
            cartridge = f"non_cc_assessments/{xml.attr(resource, 'identifier')}.xml.qti"
            if kind != QTI12 and cartridge in names:  # a cartridge: Canvas's full copy beats the CC profile
                add(package.quizzes, cartridge)
                continue
            for href in hrefs:
                if href and not href.endswith(META):
                    add(package.quizzes, href)
        elif kind.startswith(ITEM2):
            for href in hrefs[:1]:
                add(package.items, href)
        elif kind.startswith(TEST2):
            continue  # the test's items are resources of their own
        for href in hrefs:
            if href and href.endswith(META):
                add(package.meta, href)
    return package
