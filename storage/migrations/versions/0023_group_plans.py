"""planned learning groups of a cohort, their members, coach and Teams channel

Revision ID: 0023
Revises: 0025
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'planned_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('coach_email', sa.String(length=320), nullable=True),
        sa.Column('planned_by', sa.Integer(), nullable=True),
        sa.Column('group_id', sa.Integer(), nullable=True),
        sa.Column('channel_state', sa.String(length=20), nullable=False),
        sa.Column('channel_id', sa.String(length=200), nullable=True),
        sa.Column('channel_url', sa.String(length=2000), nullable=True),
        sa.Column('channel_attempts', sa.Integer(), nullable=False),
        sa.Column('channel_lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_planned_groups_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['cohort_id'], ['cohorts.id'],
            name=op.f('fk_planned_groups_cohort_id_cohorts'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['planned_by'], ['people.id'],
            name=op.f('fk_planned_groups_planned_by_people'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['group_id'], ['groups.id'],
            name=op.f('fk_planned_groups_group_id_groups'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_groups')),
        sa.UniqueConstraint('cohort_id', 'number', name='uq_planned_groups_number'),
    )
    op.create_table(
        'planned_group_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('planned_group_id', sa.Integer(), nullable=False),
        sa.Column('cohort_member_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['planned_group_id'], ['planned_groups.id'],
            name=op.f('fk_planned_group_members_planned_group_id_planned_groups'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['cohort_member_id'], ['cohort_members.id'],
            name=op.f('fk_planned_group_members_cohort_member_id_cohort_members'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_group_members')),
        sa.UniqueConstraint(
            'cohort_member_id', name='uq_planned_group_members_cohort_member'
        ),
    )


def downgrade() -> None:
    op.drop_table('planned_group_members')
    op.drop_table('planned_groups')
