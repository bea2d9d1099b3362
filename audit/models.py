"""The audit trail: one append-only, hash-chained row per write to a covered table.

Rows are written by a PostgreSQL trigger (audit/triggers.py), never by Django code; the chain's
links (`seq`, `prev_hash`, `hash`) are set when the writing transaction commits. Security events
(sign-in, exports, admin actions) are rows of `SecurityEvent`, itself covered, so they are in
the same chain.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("thời điểm"))
    table_name = models.CharField(_("bảng"), max_length=100)
    op = models.CharField(_("thao tác"), max_length=1)  # I, U, D
    row_pk = models.TextField(_("khóa dòng"))
    old_row = models.JSONField(_("trước"), null=True)
    new_row = models.JSONField(_("sau"), null=True)
    context_id = models.UUIDField(null=True)
    context = models.JSONField(_("ngữ cảnh (người dùng, địa chỉ)"), null=True)
    seq = models.BigIntegerField(_("số thứ tự trong chuỗi"), null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("sự kiện kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        indexes = [models.Index(fields=["table_name", "row_pk"])]

    def __str__(self):
        return f"{self.seq or '-'} {self.op} {self.table_name}#{self.row_pk}"

    @property
    def actor_id(self):
        user = (self.context or {}).get("user")
        return int(user) if isinstance(user, int | str) and str(user).isdigit() else None


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("Đăng nhập")
        LOGOUT = "logout", _("Đăng xuất")
        LOGIN_FAILED = "login_failed", _("Đăng nhập không thành công")
        LOCKED_OUT = "locked_out", _("Bị khóa do đăng nhập sai nhiều lần")
        UNLOCKED = "unlocked", _("Mở khóa đăng nhập")
        OTP_ENROLLED = "otp_enrolled", _("Đăng ký xác thực hai lớp")
        OTP_VERIFIED = "otp_verified", _("Xác thực hai lớp thành công")
        OTP_FAILED = "otp_failed", _("Mã xác thực hai lớp sai")
        BACKUP_CODE_USED = "backup_code_used", _("Dùng mã dự phòng")
        BACKUP_CODES_NEW = "backup_codes_new", _("Tạo bộ mã dự phòng mới")
        OTP_DISABLED = "otp_disabled", _("Tắt xác thực hai lớp")
        REAUTHENTICATED = "reauthenticated", _("Xác nhận lại danh tính")
        PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Yêu cầu đặt lại mật khẩu")
        PASSWORD_RESET_DONE = "password_reset_done", _("Đặt lại mật khẩu qua thư")
        PROFILE_CHANGED = "profile_changed", _("Sửa thông tin cá nhân")
        SESSION_EXPIRED = "session_expired", _("Phiên hết hạn")
        SESSIONS_ENDED = "sessions_ended", _("Quản trị viên kết thúc các phiên đăng nhập")
        SESSION_ENDED = (
            "session_ended",
            _("Kết thúc phiên đăng nhập (người dùng, hoặc vượt số phiên)"),
        )
        EXPORT = "export", _("Xuất dữ liệu")
        ADMIN_ACTION = "admin_action", _("Thao tác trong trang quản trị")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    user_id = models.IntegerField(_("người dùng"), null=True, blank=True)
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    path = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện an ninh")
        verbose_name_plural = _("sự kiện an ninh")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"
