"""a mark on shared reflections still to be posted in their group's channel

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-06

The reflections job read every shared reflection against every channel post each tick (two
sequential scans at national scale) to find the few shared before their writer had a group.
"""

import sqlalchemy as sa
from alembic import op

revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None

AWAITING = sa.column('awaiting_post').is_(True)


def upgrade() -> None:
    with op.batch_alter_table('workbook_entries') as batch:
        batch.add_column(
            sa.Column('awaiting_post', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Those waiting today: shared, sent exercise reflections that no post was made of.
    op.execute(
        "UPDATE workbook_entries SET awaiting_post = true"
        " WHERE kind = 'exercise_reflection' AND shared AND NOT draft"
        " AND NOT EXISTS (SELECT 1 FROM reflection_posts p WHERE p.entry_id = workbook_entries.id)"
    )
    op.create_index(
        'ix_workbook_entries_awaiting_post',
        'workbook_entries',
        ['id'],
        sqlite_where=AWAITING,
        postgresql_where=AWAITING,
    )


def downgrade() -> None:
    op.drop_index('ix_workbook_entries_awaiting_post', table_name='workbook_entries')
    with op.batch_alter_table('workbook_entries') as batch:
        batch.drop_column('awaiting_post')
