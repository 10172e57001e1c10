"""a leader's own pause ("pausa" / "fortsätt") and whether they want nudges

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column('nudges', sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.drop_column('nudges')
        batch.drop_column('paused_at')
