"""regions: programme owners, regions of municipalities, regional cohorts and their parts

Revision ID: 0028
Revises: 0024
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0028'
# The brief says '0020'; chained after this branch's head so the migrations stay one line.
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'programme_owners',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'],
            ['organisations.id'],
            name=op.f('fk_programme_owners_organisation_id_organisations'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'],
            ['people.id'],
            name=op.f('fk_programme_owners_person_id_people'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_owners')),
        sa.UniqueConstraint(
            'organisation_id', 'email', name='uq_programme_owners_organisation_email'
        ),
    )
    op.create_table(
        'regions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['owner_id'],
            ['programme_owners.id'],
            name=op.f('fk_regions_owner_id_programme_owners'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    )
    op.create_table(
        'region_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['region_id'],
            ['regions.id'],
            name=op.f('fk_region_members_region_id_regions'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'],
            ['organisations.id'],
            name=op.f('fk_region_members_organisation_id_organisations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_region_members')),
        sa.UniqueConstraint('region_id', 'organisation_id', name='uq_region_members_organisation'),
    )
    op.create_table(
        'regional_cohorts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['region_id'],
            ['regions.id'],
            name=op.f('fk_regional_cohorts_region_id_regions'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_cohorts')),
    )
    op.create_table(
        'regional_cohort_parts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('regional_cohort_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['regional_cohort_id'],
            ['regional_cohorts.id'],
            name=op.f('fk_regional_cohort_parts_regional_cohort_id_regional_cohorts'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'],
            ['organisations.id'],
            name=op.f('fk_regional_cohort_parts_organisation_id_organisations'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['cohort_id'],
            ['cohorts.id'],
            name=op.f('fk_regional_cohort_parts_cohort_id_cohorts'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_cohort_parts')),
    )


def downgrade() -> None:
    op.drop_table('regional_cohort_parts')
    op.drop_table('regional_cohorts')
    op.drop_table('region_members')
    op.drop_table('regions')
    op.drop_table('programme_owners')
