"""Small document folders with metadata sidecars for indexing and search tests."""

from __future__ import annotations

import json
from pathlib import Path

# file name -> (level, department, doc_type, tags, text)
DOCS: dict[str, tuple[int, str, str, list[str], str]] = {
    "nghi-phep.txt": (
        0,
        "Nhân sự",
        "policy",
        ["nghỉ phép"],
        "Quy định nghỉ phép năm\n\nNgười lao động được nghỉ phép năm 12 ngày làm việc, "
        "hưởng nguyên lương. Ngày phép chưa dùng hết được chuyển sang quý I năm sau.",
    ),
    "luong-thuong.md": (
        2,
        "Tài chính",
        "report",
        ["lương", "mật"],
        "# Báo cáo quỹ lương tuyệt mật\n\nTổng quỹ lương quý III là 18,4 tỷ đồng. Thưởng "
        "hiệu suất bình quân 2,1 tháng lương cho bộ phận kinh doanh.",
    ),
    "su-co-an-ninh.md": (
        3,
        "An ninh",
        "procedure",
        ["sự cố", "an ninh"],
        "# Quy trình ứng phó sự cố Hồng Hạc\n\nKhi phát hiện mã độc, cô lập máy tính khỏi mạng "
        "trong 15 phút và báo cho Trung tâm điều hành an ninh qua số nội bộ 1199.",
    ),
    "vpn.txt": (
        1,
        "Công nghệ thông tin",
        "technical_guide",
        ["vpn"],
        "Hướng dẫn cài đặt VPN\n\nTải phần mềm WireGuard, nhập tệp cấu hình do Phòng CNTT cấp "
        "và bật xác thực hai lớp. Phiên VPN tự ngắt sau 12 giờ.",
    ),
}


def write_corpus(
    folder: Path, docs: dict[str, tuple[int, str, str, list[str], str]] = DOCS
) -> Path:
    """Write ``docs`` as files plus a ``.vnsearch.json`` sidecar; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, (level, department, doc_type, tags, text) in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
        files[name] = {
            "access_level": level,
            "department": department,
            "doc_type": doc_type,
            "tags": tags,
        }
    sidecar = {"version": 1, "defaults": {}, "files": files}
    (folder / ".vnsearch.json").write_text(json.dumps(sidecar, ensure_ascii=False), "utf-8")
    return folder
