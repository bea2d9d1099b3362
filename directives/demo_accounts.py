"""The demo accounts, importable without Django (the run script prints them)."""

# (username, password, role) — fixed demo passwords, listed in the README.
DEMO_ACCOUNTS = [
    ("thanhtra", "ThanhTra@2026", "Cán bộ Thanh tra thành phố (inspectorate staff)"),
    ("chanhthanhtra", "ChanhTT@2026", "Chánh Thanh tra thành phố (inspectorate head)"),
    ("lanhdao", "LanhDao@2026", "Lãnh đạo UBND thành phố (leader, reads everything)"),
    ("quantri", "QuanTri@2026", "Quản trị hệ thống (admin)"),
    ("gd.snv", "SoNoiVu@2026", "Giám đốc Sở Nội vụ (unit head)"),
    ("daumoi.snv", "DauMoi@2026", "Cán bộ đầu mối Sở Nội vụ (focal point)"),
    ("ct.hoankiem", "HoanKiem@2026", "Chủ tịch UBND phường Hoàn Kiếm (unit head)"),
    ("gd.stc", "SoTaiChinh@2026", "Giám đốc Sở Tài chính (unit head)"),
]
