"""A data folder indexed with the tiny embedding model, with users and feedback.

Fine-tuning and model-switch tests need an index whose own model is small enough to
train in seconds on a CPU; the real default model takes minutes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.engine.corpus_builders import write_corpus
from tests.engine.tiny_models import tiny_embedding_model
from tests.gui.conftest import ADMIN_PASSWORD, USER_PASSWORD

TINY = "tiny-48"
TOPICS = (
    "nghỉ phép năm",
    "cài đặt VPN",
    "thẻ ra vào",
    "công tác phí",
    "bảo hiểm xã hội",
    "mật khẩu email",
    "tuyển dụng nhân sự",
    "đánh giá hiệu suất",
    "mua sắm thiết bị",
    "sao lưu dữ liệu",
    "phòng cháy chữa cháy",
    "đào tạo hội nhập",
    "chấm công",
    "làm thêm giờ",
    "khám sức khỏe",
    "an toàn lao động",
    "hợp đồng lao động",
    "thôi việc",
    "khen thưởng",
    "kỷ luật",
    "họp giao ban",
    "văn phòng phẩm",
    "xe công vụ",
    "tiếp khách",
    "lưu trữ hồ sơ",
    "in ấn tài liệu",
    "máy chủ",
    "mạng không dây",
    "phần mềm diệt virus",
    "tạm ứng tiền",
)
DEPARTMENTS = ("Nhân sự", "Tài chính", "Công nghệ thông tin")
DOC_TYPES = ("policy", "procedure", "technical_guide")


def doc_level(index: int) -> int:
    """Access level of topic ``index``'s document: every tenth is restricted (3)."""
    return 3 if index % 10 == 9 else index % 2


def question(index: int) -> str:
    """The question whose answer is topic ``index``'s document."""
    return f"hướng dẫn về {TOPICS[index]}"


def write_documents(folder: Path) -> Path:
    """Write one short document per topic with level, department and type sidecars."""
    docs = {
        f"tai-lieu-{i:02d}.txt": (
            doc_level(i),
            DEPARTMENTS[i % 3],
            DOC_TYPES[i % 3],
            [],
            f"Quy định về {topic}\n\nMọi nhân viên thực hiện {topic} theo hướng dẫn của "
            f"phòng phụ trách. Hồ sơ {topic} nộp trước ngày {i + 1} hằng tháng.",
        )
        for i, topic in enumerate(TOPICS)
    }
    return write_corpus(folder, docs)


def build_tiny_index(root: Path) -> Path:
    """Index the topic documents with the tiny model and record admin feedback.

    Returns the data folder. Users: "admin" (level 3), "admin1" (an administrator of
    level 1) and "nhanvien" (level 1). For every topic whose document the admin finds
    with full-text search, the admin confirmed that document and marked another one
    not relevant.
    """
    from vnsearch.accounts import APP_DB_NAME, UserStore
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.feedback import FeedbackStore
    from vnsearch.models.registry import import_model

    documents = write_documents(root / "documents")
    data_dir = root / "data"
    import_model(data_dir, tiny_embedding_model(), name=TINY)
    engine = Engine(data_dir, Settings(device="cpu", language="en"), model_name=TINY)
    report = engine.index([documents])
    assert report.added == len(TOPICS), report

    users = UserStore(data_dir / APP_DB_NAME)
    admin = users.create_user("admin", ADMIN_PASSWORD, 3, "admin")
    users.create_user("admin1", ADMIN_PASSWORD, 1, "admin")
    users.create_user("nhanvien", USER_PASSWORD, 1, "user")
    feedback = FeedbackStore(data_dir / APP_DB_NAME)
    for index in range(len(TOPICS)):
        response = engine.search(question(index), access_level=3, mode="fts", stages=[])
        name = f"tai-lieu-{index:02d}.txt"
        right = [hit for hit in response.hits if Path(hit.path).name == name]
        wrong = [hit for hit in response.hits if Path(hit.path).name != name]
        if right:
            feedback.record(
                query=question(index), hit=right[0], label="relevant", user=admin, model_id=TINY
            )
        if right and wrong:
            feedback.record(
                query=question(index),
                hit=wrong[0],
                label="not_relevant",
                user=admin,
                model_id=TINY,
            )
    return data_dir


def open_tiny_context(template: Path, target: Path):
    """Copy the data folder ``template`` to ``target`` and open it like the app does.

    The engine loads installed models by name, so the index's tiny model is used.
    """
    from vnsearch.config import Settings
    from vnsearch.engine import Engine
    from vnsearch.gui.context import AppContext

    shutil.copytree(template, target)
    engine = Engine(target, Settings(device="cpu", language="en"))
    context = AppContext.open(target, engine)
    context.languages.apply("en")
    return context
