"""Search the indexed sample documents with three Vietnamese questions.

Run by ``make demo`` after indexing ``resources/samples``. Exits with status 1 when
the answering document is not the first result of a question.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vnsearch.config import load_settings, resolve_data_dir
from vnsearch.engine import Engine

# (question, searcher's access level, file that answers it)
QUESTIONS = [
    ("Mỗi năm tôi được nghỉ phép bao nhiêu ngày?", 1, "chinh-sach-nghi-phep-nam.pdf"),
    ("Kết nối VPN tự ngắt sau bao nhiêu giờ?", 1, "huong-dan-cai-dat-vpn.pdf"),
    ("mat khau phai dai toi thieu bao nhieu ky tu", 1, "chinh-sach-mat-khau.docx"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", help="data folder that holds the sample index")
    args = parser.parse_args()
    data_dir = resolve_data_dir(args.data_dir)
    engine = Engine(data_dir, load_settings(data_dir))

    failures = 0
    for question, level, expected in QUESTIONS:
        response = engine.search(question, access_level=level, top_k=3)
        print(f"\n? {question}   (access level {level}, {response.elapsed_ms:.0f} ms)")
        for rank, hit in enumerate(response.hits, start=1):
            page = f", trang {hit.page_start}" if hit.page_start else ""
            print(f"  {rank}. {hit.title} [{Path(hit.path).name}{page}]")
            print(f"     {hit.snippet.marked('«', '»').replace(chr(10), ' ')[:220]}")
        first = Path(response.hits[0].path).name if response.hits else None
        if first != expected:
            failures += 1
            print(f"  !! expected {expected} first, got {first}", file=sys.stderr)
    print("\nAll three answering documents ranked first." if not failures else "")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
