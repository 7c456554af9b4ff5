"""Views of the acquisition app: the pipeline (cases, board, funnel) and the local economy."""

from .cases import (
    CaseExportView,
    CaseListView,
    board,
    case_create_view,
    case_delete_view,
    case_detail,
    case_move_view,
    case_update_view,
    funnel_view,
)
from .economy import (
    CompanyExportView,
    CompanyListView,
    NetworkExportView,
    NetworkListView,
    company_create_view,
    company_delete_view,
    company_detail,
    company_path_view,
    company_update_view,
    network_create_view,
    network_delete_view,
    network_detail,
    network_member_add_view,
    network_member_remove_view,
    network_update_view,
    publicity_create_view,
    publicity_delete_view,
)

__all__ = [
    "CaseExportView", "CaseListView", "CompanyExportView", "CompanyListView", "NetworkExportView", "NetworkListView",
    "board", "case_create_view", "case_delete_view", "case_detail", "case_move_view", "case_update_view",
    "company_create_view", "company_delete_view", "company_detail", "company_path_view", "company_update_view",
    "funnel_view", "network_create_view", "network_delete_view", "network_detail", "network_member_add_view",
    "network_member_remove_view", "network_update_view", "publicity_create_view", "publicity_delete_view",
]
