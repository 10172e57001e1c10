"""outbox: failures counted apart from claims (a 429 is not one), and an expiry per message

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('failures', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    # Rows from before: every claim but the current one counted as a failure.
    op.execute("UPDATE outbox SET failures = attempts WHERE state IN ('pending', 'failed')")


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('expires_at')
        batch.drop_column('failures')
