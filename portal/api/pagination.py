"""Lists come in pages: ``?page=2&page_size=50``, at most MAX_PAGE_SIZE rows a page."""

from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100


class PagePagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
