"""cohorts: the audience track a cohort follows (NULL: the default track, the leaders')

Revision ID: 0027
Revises: 0028
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0027'
# The brief's base is 0020; chained after this branch's head (0021) so it has one head. The
# lead re-chains migrations when merging.
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('cohorts', sa.Column('track', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cohorts') as batch:
        batch.drop_column('track')
