"""drop bot_state: the SDK's dialog state is no longer used (every step is a row of ours)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('bot_state')


def downgrade() -> None:
    op.create_table('bot_state',
    sa.Column('key', sa.String(length=1024), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_bot_state'))
    )
