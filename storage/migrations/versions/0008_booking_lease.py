"""booking lease: a meeting being booked says until when and by which attempt

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meetings') as batch:
        batch.add_column(sa.Column('booking_until', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column('booking_attempts', sa.Integer(), server_default='0', nullable=False)
        )
    # A meeting left in booking by an older version (it could not recover): retried at once.
    op.execute("UPDATE meetings SET booking_attempts = 1 WHERE state = 'booking'")
    op.execute(
        "UPDATE meetings SET booking_until = updated_at WHERE state = 'booking'"
    )


def downgrade() -> None:
    with op.batch_alter_table('meetings') as batch:
        batch.drop_column('booking_attempts')
        batch.drop_column('booking_until')
