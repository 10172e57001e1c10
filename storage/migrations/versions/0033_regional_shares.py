"""regional shares: texts leaders chose to share with their regional cohort

Revision ID: 0033
Revises: 0031
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0033'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'regional_shares',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('regional_cohort_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('shown_as', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['regional_cohort_id'], ['regional_cohorts.id'],
            name=op.f('fk_regional_shares_regional_cohort_id_regional_cohorts'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_regional_shares_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_regional_shares_person_id_people'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['entry_id'], ['workbook_entries.id'],
            name=op.f('fk_regional_shares_entry_id_workbook_entries'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_shares')),
        sa.UniqueConstraint('regional_cohort_id', 'entry_id', name='uq_regional_shares_entry'),
    )
    op.create_index(
        op.f('ix_regional_shares_regional_cohort_id'), 'regional_shares',
        ['regional_cohort_id'], unique=False,
    )
    op.create_index(
        op.f('ix_regional_shares_person_id'), 'regional_shares', ['person_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_regional_shares_person_id'), table_name='regional_shares')
    op.drop_index(op.f('ix_regional_shares_regional_cohort_id'), table_name='regional_shares')
    op.drop_table('regional_shares')
