"""sittings of an exercise done over several days ("Coacha dig själv", 10 x 10 min)

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('learning_exercises') as batch:
        batch.add_column(sa.Column('sittings', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('learning_exercises') as batch:
        batch.drop_column('sittings')
