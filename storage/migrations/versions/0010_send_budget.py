"""send budgets: each tenant's next free send slot, shared by the replicas (PostgreSQL)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'send_budgets',
        sa.Column('tenant_id', sa.String(length=100), nullable=False),
        sa.Column('next_free', sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint('tenant_id', name=op.f('pk_send_budgets')),
    )


def downgrade() -> None:
    op.drop_table('send_budgets')
