"""organisation settings: time zone, working hours, films and local examples per version

Revision ID: 0021
Revises: 0023
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0023'
branch_labels = None
depends_on = None

# Nullable: a version saved before these existed leaves them to the organisation file.
COLUMNS = (
    ('time_zone', sa.String(length=64)),
    ('working_hours', sa.JSON()),
    ('films', sa.JSON()),
    ('exercise_examples', sa.JSON()),
)


def upgrade() -> None:
    for name, type_ in COLUMNS:
        op.add_column('organisation_settings', sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organisation_settings') as batch:
        for name, _type in reversed(COLUMNS):
            batch.drop_column(name)
