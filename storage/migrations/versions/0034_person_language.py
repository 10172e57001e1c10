"""the language the bot speaks to each person, and whether they chose it themselves

Revision ID: 0034
Revises: 0032
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0034'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        # NULL: never seen a locale; Swedish, the default.
        batch.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch.add_column(
            sa.Column(
                'language_chosen', sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.drop_column('language_chosen')
        batch.drop_column('language')
