"""A file that needs a column mapping imports at the speed of the template once mapped.

Generates N enterprises (default 200,000) to a template-shaped CSV, then writes the same
rows the way a list a center receives looks: two title rows above the header, the headers
under other names (单位名称, 统一组织信用代码, 注册地址, ...), the columns in another order,
and unused and personal columns between them (序号, 法定代表人, 联系电话, 经营状态, 网址). Imports
each into an empty SQLite database (the mapped one with ``--mapping file.json``) and prints
both times.

    .venv/bin/python bench/registry_import_mapped.py [--count 200000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from registry_import import manage

# Template column -> the header the "received" file gives it (None: kept as is).
RENAMED = {
    "uscc": "统一组织信用代码",
    "name": "单位名称",
    "address": "注册地址",
    "founded_on": "成立时间",
    "registered_capital": "注册资金",
    "industry_code": "国民经济行业代码",
}
UNUSED = ["序号", "法定代表人", "联系电话", "经营状态", "网址"]


def reshape(source: Path, target: Path) -> dict[str, object]:
    """Write ``source`` as a received list; return the mapping for it."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        order = list(reversed(range(len(header))))  # another column order
        names = [RENAMED.get(header[i], header[i]) for i in order]
        columns: dict[str, str] = {}
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["某某市统计局 企业名录"])
            writer.writerow(["截至2025年6月"])
            writer.writerow([*UNUSED[:3], *names, *UNUSED[3:]])
            for position, index in enumerate(order):
                columns[_letter(position + 3)] = header[index]
            for n, row in enumerate(reader):
                values = [row[i] for i in order]
                writer.writerow([str(n + 1), "张某", "13900000000", *values, "存续", "www.x.cn"])
    return {"header_row": 3, "columns": columns}


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zhaoshang-mapped-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_VERSION"}}
    env["ZHAOSHANG_VAR_DIR"] = str(work / "var")
    try:
        source = work / "template.csv"
        manage(
            {**env, "DATABASE_URL": f"sqlite:///{work / 'scratch.sqlite3'}"},
            "generate_enterprises",
            "--count",
            str(args.count),
            "--seed",
            "7",
            "--out",
            str(source),
        )
        received = work / "received.csv"
        spec = work / "mapping.json"
        spec.write_text(json.dumps(reshape(source, received), ensure_ascii=False))
        for label, path, extra in (
            ("template-shaped", source, []),
            ("mapped", received, ["--mapping", str(spec)]),
        ):
            db = {**env, "DATABASE_URL": f"sqlite:///{work / (label + '.sqlite3')}"}
            manage(db, "migrate", "--noinput", "-v0")
            seconds, memory = manage(db, "import_enterprises", str(path), *extra)
            rate = args.count / seconds
            print(f"{label:<16}{seconds:>8.1f} s{rate:>12,.0f} rows/s{memory:>8.0f} MiB peak")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
