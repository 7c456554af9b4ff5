"""Views of the meetings app, one module per sub-domain."""

from .agreements import (
    AgreementExportView,
    AgreementListView,
    actual_create_view,
    actual_delete_view,
    agreement_create_view,
    agreement_delete_view,
    agreement_detail,
    agreement_update_view,
    commitment_create_view,
    commitment_delete_view,
    commitment_update_view,
)
from .bodies import (
    BodyExportView,
    BodyListView,
    body_create_view,
    body_delete_view,
    body_detail,
    body_update_view,
    membership_create_view,
    membership_delete_view,
    membership_update_view,
)
from .meetings import (
    MeetingExportView,
    MeetingListView,
    meeting_create_view,
    meeting_delete_view,
    meeting_detail,
    meeting_invitation_download,
    meeting_invite_view,
    meeting_record_view,
    meeting_update_view,
)
from .tasks import (
    MyTaskExportView,
    MyTaskListView,
    TaskExportView,
    TaskListView,
    task_create_view,
    task_delete_view,
    task_detail,
    task_update_view,
)
from .worklog import (
    WorkLogExportView,
    WorkLogListView,
    worklog_create_view,
    worklog_delete_view,
    worklog_summary_view,
    worklog_update_view,
)

__all__ = [
    "AgreementExportView", "AgreementListView", "BodyExportView", "BodyListView", "MeetingExportView",
    "MeetingListView", "MyTaskExportView", "MyTaskListView", "TaskExportView", "TaskListView", "WorkLogExportView",
    "WorkLogListView", "actual_create_view", "actual_delete_view", "agreement_create_view", "agreement_delete_view",
    "agreement_detail", "agreement_update_view", "body_create_view", "body_delete_view", "body_detail",
    "body_update_view", "commitment_create_view", "commitment_delete_view", "commitment_update_view",
    "meeting_create_view", "meeting_delete_view", "meeting_detail", "meeting_invitation_download",
    "meeting_invite_view", "meeting_record_view", "meeting_update_view", "membership_create_view",
    "membership_delete_view", "membership_update_view", "task_create_view", "task_delete_view", "task_detail",
    "task_update_view", "worklog_create_view", "worklog_delete_view", "worklog_summary_view", "worklog_update_view",
]
