"""One import, from the file to the report: read → map → write → report, for the page and
the command. Runs while the caller waits: files are bounded (``read.MAX_RECORDS``)."""

from __future__ import annotations

from typing import BinaryIO

from zhaoshang.core.models import User
from zhaoshang.sites.geo.coords import CoordSystem
from zhaoshang.sites.imports.fields import KINDS, kind_guess
from zhaoshang.sites.imports.mapping import map_records
from zhaoshang.sites.imports.read import SiteFileError, read_sites
from zhaoshang.sites.imports.report import SiteImportReport
from zhaoshang.sites.imports.write import write_records

COORDS = tuple(system.value for system in CoordSystem)


def sites_import(
    *,
    actor: User | None,
    stream: BinaryIO,
    filename: str,
    kind: str | None,
    coords: str = CoordSystem.WGS84.value,
    dry_run: bool = False,
) -> SiteImportReport:
    """Import the parcels, buildings or parks of a CSV, XLSX or GeoJSON file (``kind``
    None: the kind whose key column the file has). Raises SiteFileError when the file
    cannot be imported at all; otherwise every record is created, changed, left as it is
    or refused (in the report, with its reasons)."""
    if coords not in COORDS:
        raise ValueError(f"coords must be one of {', '.join(COORDS)}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    site_file = read_sites(stream, filename)
    if kind is None:
        kind = kind_guess(site_file.headers)
        if kind is None:
            raise SiteFileError("no_kind")
    mapped = map_records(site_file, kind, coords)
    report = SiteImportReport(
        kind=kind,
        unit=site_file.unit,
        dry_run=dry_run,
        coords=coords,
        records=len(mapped.records),
        ignored=mapped.ignored,
    )
    write_records(mapped, actor=actor, dry_run=dry_run, report=report)
    return report
