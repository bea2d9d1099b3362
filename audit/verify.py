"""Recompute the audit chain in the database, in chain order, and find the first broken link."""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Verification:
    ok: bool
    links: int
    message: str
    broken_seq: int | None = None
    head: str = ""


CHAIN_SQL = """
SELECT seq, id, table_name, op, row_pk, hash, prev_hash,
       coalesce(lag(hash) OVER (ORDER BY seq), '') AS expected_prev,
       audit_digest(prev_hash, e) AS recomputed
  FROM audit_auditevent e
 WHERE seq IS NOT NULL
 ORDER BY seq
"""


def verify() -> Verification:
    """Walk the chain: each link's hash must be recomputable and name the previous link's hash."""
    with connection.cursor() as cursor:
        # Rows of transactions that committed are sealed; one left unsealed was written past the
        # triggers (or sealed links were removed from under it).
        cursor.execute(
            "SELECT id FROM audit_auditevent WHERE seq IS NULL AND xmin::text::bigint <> "
            "txid_current() % 4294967296 ORDER BY id LIMIT 1"
        )
        unsealed = cursor.fetchone()
    links, head = 0, ""
    with connection.cursor() as cursor:
        cursor.execute(CHAIN_SQL)
        while rows := cursor.fetchmany(2000):
            for seq, id_, table, op, pk, hash_, prev, expected_prev, recomputed in rows:
                where = f"mắt xích #{seq} (sự kiện {id_}: {op} {table} #{pk})"
                if prev != expected_prev:
                    return _broken(seq, links, f"{where}: không nối với mắt xích trước")
                if hash_ != recomputed:
                    return _broken(seq, links, f"{where}: nội dung đã bị sửa (băm không khớp)")
                links, head = links + 1, hash_
    if unsealed:
        return Verification(
            False, links, f"HỎNG: sự kiện {unsealed[0]} không nằm trong chuỗi (chưa niêm phong)."
        )
    return Verification(
        True, links, f"OK: {links} mắt xích hợp lệ; băm cuối {head or '—'}.", None, head
    )


def _broken(seq: int, links: int, what: str) -> Verification:
    return Verification(False, links, f"HỎNG tại {what}. {links} mắt xích trước đó hợp lệ.", seq)
