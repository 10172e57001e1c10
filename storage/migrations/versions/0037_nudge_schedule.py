"""the nudge schedule: when the learning job should next look at each exercise started

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-06
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None

DUE = sa.text('nudge_due_at IS NOT NULL')
# Generous: longer than any exercise's last nudge (services.learning.nudge_horizon). Older open
# exercises stay NULL, as the job left them before (it no longer read them).
HORIZON = timedelta(days=200)


def upgrade() -> None:
    with op.batch_alter_table('learning_exercises') as batch:
        batch.add_column(sa.Column('nudge_due_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        'ix_learning_exercises_nudge_due',
        'learning_exercises',
        ['nudge_due_at'],
        sqlite_where=DUE,
        postgresql_where=DUE,
    )
    # Open exercises (no sent reflection) are due at once: the first tick computes each one's
    # slot and enqueues what is due, as the tick that read every open exercise did (the same
    # idempotency keys, so nothing already enqueued is said twice).
    cutoff = datetime.now(UTC) - HORIZON
    if op.get_bind().dialect.name == 'sqlite':
        cutoff = cutoff.replace(tzinfo=None)  # stored as UTC without a zone
    op.execute(
        sa.text(
            'UPDATE learning_exercises SET nudge_due_at = started_at '
            'WHERE started_at > :cutoff AND NOT EXISTS ('
            '  SELECT 1 FROM workbook_entries w'
            '  WHERE w.person_id = learning_exercises.person_id'
            "    AND w.kind = 'exercise_reflection'"
            '    AND w.exercise_id = learning_exercises.exercise_id'
            '    AND w.draft = false)'
        ).bindparams(sa.bindparam('cutoff', cutoff, type_=sa.DateTime(timezone=True)))
    )


def downgrade() -> None:
    op.drop_index('ix_learning_exercises_nudge_due', table_name='learning_exercises')
    with op.batch_alter_table('learning_exercises') as batch:
        batch.drop_column('nudge_due_at')
