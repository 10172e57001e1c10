"""regional meetings: when the reminder job next needs to look at each

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No value: every existing meeting is looked at on the job's next tick, which then stores
    # its next check (meetings outside the job's window are not read until they enter it).
    # No index of its own: the tick reads its window through ix_regional_meetings_starts_at
    # (a few days' meetings), which the planner prefers to one on this column even with
    # 20,000 meetings (an index here was measured and never chosen).
    op.add_column(
        'regional_meetings',
        sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table('regional_meetings') as batch:
        batch.drop_column('next_check_at')
