"""indexes for the learning job's idle tick at national scale (benchmarks/national.py)

Revision ID: 0029
Revises: 0027
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0029'
down_revision = '0027'
branch_labels = None
depends_on = None

_UNCELEBRATED = sa.text('group_session_at IS NOT NULL AND completed_at IS NULL')


def upgrade() -> None:
    op.create_index(
        'ix_learning_exercises_started_at', 'learning_exercises', ['started_at'], unique=False
    )
    op.create_index(
        'ix_learning_modules_uncelebrated',
        'learning_modules',
        ['person_id'],
        unique=False,
        sqlite_where=_UNCELEBRATED,
        postgresql_where=_UNCELEBRATED,
    )


def downgrade() -> None:
    op.drop_index('ix_learning_modules_uncelebrated', table_name='learning_modules')
    op.drop_index('ix_learning_exercises_started_at', table_name='learning_exercises')
