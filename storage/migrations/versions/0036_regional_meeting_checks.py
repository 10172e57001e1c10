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

NOT_CANCELLED = sa.column('cancelled', sa.Boolean()).is_(False)


def upgrade() -> None:
    # No value: every existing meeting is looked at on the job's next tick, which then stores
    # its next check (the meetings outside the job's window are not read until they enter it).
    op.add_column(
        'regional_meetings',
        sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        'ix_regional_meetings_next_check',
        'regional_meetings',
        ['next_check_at'],
        sqlite_where=NOT_CANCELLED,
        postgresql_where=NOT_CANCELLED,
    )


def downgrade() -> None:
    op.drop_index('ix_regional_meetings_next_check', table_name='regional_meetings')
    with op.batch_alter_table('regional_meetings') as batch:
        batch.drop_column('next_check_at')
