"""indexes for the feedback digest job: suggestions by time, digests by week

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-06

Each tick the job asked which organisations had any suggestion ever (a scan of every
suggestion) and then which had this week's digest (a scan of every digest of every week).
"""

from alembic import op

revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_feedback_created', 'feedback', ['created_at'])
    op.create_index('ix_feedback_digests_week', 'feedback_digests', ['week'])


def downgrade() -> None:
    op.drop_index('ix_feedback_digests_week', table_name='feedback_digests')
    op.drop_index('ix_feedback_created', table_name='feedback')
