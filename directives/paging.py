"""Pagination for long lists: the exact count, and pages that stay cheap however deep."""

from django.core.paginator import Paginator


class IdFirstPaginator(Paginator):
    """Paginate an ordered queryset by picking the page's ids first, then loading only those rows.

    OFFSET walks every skipped row: walking ids in a covering index is cheap, while joining and
    loading the full row of each skipped one is not. One query either way (the ids are a
    subquery), and the count stays exact, so a list reached from a dashboard number shows it.
    """

    def page(self, number):
        """Return a Page object for the given 1-based page number."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
