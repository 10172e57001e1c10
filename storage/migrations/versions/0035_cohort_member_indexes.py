"""indexes on cohort members: by person, and the members tied to no one yet

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None

UNTIED = sa.text('person_id IS NULL')


def upgrade() -> None:
    op.create_index('ix_cohort_members_person', 'cohort_members', ['person_id'])
    op.create_index(
        'ix_cohort_members_untied',
        'cohort_members',
        ['cohort_id'],
        sqlite_where=UNTIED,
        postgresql_where=UNTIED,
    )


def downgrade() -> None:
    op.drop_index('ix_cohort_members_untied', table_name='cohort_members')
    op.drop_index('ix_cohort_members_person', table_name='cohort_members')
